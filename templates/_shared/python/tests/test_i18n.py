"""One language for every message of a run: set once, read by tr, say and fail."""

import pytest

from shared.i18n import fail, get_lang, say, set_lang, tr


def test_tr_follows_the_language_set_last():
    set_lang("zh")
    assert (get_lang(), tr("你好", "hello")) == ("zh", "你好")
    set_lang("en")
    assert (get_lang(), tr("你好", "hello")) == ("en", "hello")


def test_only_zh_and_en_are_languages():
    set_lang("en")
    with pytest.raises(ValueError, match="'fr'"):
        set_lang("fr")
    assert get_lang() == "en"


def test_say_prints_on_stdout_and_fail_on_stderr_with_an_exit_status(capsys):
    say("已写入 a.csv", "wrote a.csv")
    assert fail("no such file") == 2
    assert fail("too late", code=3) == 3
    out, err = capsys.readouterr()
    assert out == tr("已写入 a.csv\n", "wrote a.csv\n")
    prefix = tr("错误", "error")
    assert err == f"{prefix}: no such file\n{prefix}: too late\n"
