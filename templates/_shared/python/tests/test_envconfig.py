"""Settings come from the environment or an untracked .env file, and secrets are never shown."""

import logging

from shared.envconfig import (
    RedactFilter,
    describe,
    get_setting,
    read_env_file,
    setup_logging,
)


def test_env_file_format(tmp_path):
    env = tmp_path / ".env"
    env.write_text(
        "# a comment\n"
        "\n"
        "SITE_KEY=abc123\n"
        "export SITE_COOKIE=\"sid=1; lang=zh\"\n"
        "CRAWLER_CONTACT='me@example.org'\n"
        "EMPTY=\n"
        "not a setting\n",
        encoding="utf-8",
    )
    assert read_env_file(env) == {
        "SITE_KEY": "abc123",
        "SITE_COOKIE": "sid=1; lang=zh",
        "CRAWLER_CONTACT": "me@example.org",
        "EMPTY": "",
    }
    assert read_env_file(tmp_path / "missing.env") == {}


def test_environment_wins_over_env_file(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("SITE_KEY=from-file\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITE_KEY", raising=False)
    assert get_setting("SITE_KEY") == "from-file"
    monkeypatch.setenv("SITE_KEY", "from-env")
    assert get_setting("SITE_KEY") == "from-env"


def test_unset_or_empty_is_none(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("SITE_KEY=\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITE_KEY", raising=False)
    monkeypatch.setenv("SITE_COOKIE", "   ")
    assert get_setting("SITE_KEY") is None
    assert get_setting("SITE_COOKIE") is None
    assert get_setting("NOT_THERE", env_file=None) is None


def test_describe_never_shows_the_value():
    assert describe(None) == "not set"
    text = describe("super-secret-value")
    assert "super-secret" not in text and "18" in text


def test_redact_filter_scrubs_secrets_and_key_parameters():
    record = logging.LogRecord(
        "urllib3.connectionpool", logging.DEBUG, __file__, 1,
        '"GET /v1/search?q=x&key=abcdef123456 HTTP/1.1" cookie %s', ("sid=XYZ-987",), None,
    )
    assert RedactFilter(["sid=XYZ-987"]).filter(record) is True
    message = record.getMessage()
    assert "abcdef123456" not in message and "XYZ-987" not in message
    assert "key=***" in message and "q=x" in message


def test_logging_set_up_by_the_cli_never_prints_a_secret(capsys):
    setup_logging("shared", verbose=True, secrets=["sid=TOP-SECRET-7"])
    logging.getLogger("shared.demo").info("sending cookie sid=TOP-SECRET-7 to the site")
    logging.getLogger("urllib3.connectionpool").debug("GET /a?token=abc123def HTTP/1.1")
    err = capsys.readouterr().err
    assert "TOP-SECRET" not in err and "abc123def" not in err
    assert "sending cookie ***" in err and "token=***" in err
    setup_logging("shared")          # again: replaces, does not duplicate
    logging.getLogger("shared.demo").info("once")
    assert capsys.readouterr().err.count("once") == 1
