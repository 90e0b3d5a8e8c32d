"""Browser tests: the real pages in a headless Chromium (or Chrome), driven with Selenium.

Every test module in this folder is marked ``browser`` (``pytestmark``): ``pytest -m browser``
runs only them, ``pytest -m "not browser"`` leaves them out.

* The browser is found the ordinary way: ``chromedriver`` and ``chromium`` (or
  ``google-chrome``) on PATH, else Selenium Manager, which finds an installed Chrome and
  fetches a matching driver when it can. With no browser the tests are skipped, with the
  reason; with ``REQUIRE_BROWSER=1`` (the CI workflow sets it) that is an error instead.
* The servers listen on 127.0.0.1 with a port the system picks; the browser resolves no
  other name, so these tests stay offline like the rest of the suite.
* One browser (two for tests that need two users) is started per run and reused; each test
  starts from a blank page with no cookies, and fails if the page logged a console error.
* A failing test leaves a screenshot of each browser it used in ``outputs/browser/``.
"""

from __future__ import annotations

import os
import re
import shutil
import threading

import pytest

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HOW_TO_INSTALL = (
    "install chromium and chromium-driver (Debian/Ubuntu) or Google Chrome, "
    "then run: pytest -m browser"
)
SKIP_PREFIX = "no browser: "
WINDOW = "1280,900"
_USED = pytest.StashKey[list]()


def _options():
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    for arg in (
        "--headless=new",
        f"--window-size={WINDOW}",
        "--lang=en-US",
        "--disable-dev-shm-usage",          # containers often have a tiny /dev/shm
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        # Only loopback: every host but localhost and 127.0.0.1 resolves to nothing.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(arg)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Chromium refuses to start as root inside its sandbox (containers, CI images).
        # Acceptable here: it only ever loads this project's own pages from 127.0.0.1.
        options.add_argument("--no-sandbox")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


def _start_browser():
    """A new headless browser, or raise with the reason there is none."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = _options()
    driver_path = shutil.which("chromedriver")
    binary = next(filter(None, map(shutil.which, BROWSER_NAMES)), None)
    if driver_path and binary:
        options.binary_location = binary
        service = Service(executable_path=driver_path)
    else:
        service = Service()           # Selenium Manager looks for a browser and a driver
    return webdriver.Chrome(options=options, service=service)


class Browsers:
    """Starts browsers on demand (at most one per slot) and quits them all at the end."""

    def __init__(self):
        self.drivers: list = []
        self.reason: str | None = None

    def get(self, slot: int):
        if self.reason is None and len(self.drivers) <= slot:
            try:
                while len(self.drivers) <= slot:
                    self.drivers.append(_start_browser())
            except Exception as exc:  # selenium raises several kinds; all mean "no browser"
                first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
                first = re.sub(r"^Message:\s*", "", first).split("; For documentation")[0]
                found = f"no Chrome/Chromium with its driver ({first[:160]})"
                self.reason = f"{found}; {HOW_TO_INSTALL}"
        return self.drivers[slot] if self.reason is None else None

    def quit(self):
        for driver in self.drivers:
            try:
                driver.quit()
            except Exception:
                pass


@pytest.fixture(scope="session")
def _browsers():
    try:
        import selenium  # noqa: F401
    except ImportError:
        _no_browser('selenium is not installed (pip install -e ".[dev]" installs it)')
    browsers = Browsers()
    yield browsers
    browsers.quit()


def _no_browser(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but there is {SKIP_PREFIX}{reason}", pytrace=False)
    pytest.skip(SKIP_PREFIX + reason)


@pytest.fixture(scope="session")
def _first_browser(_browsers):
    driver = _browsers.get(0)
    if driver is None:
        _no_browser(_browsers.reason)
    return driver


def _console_errors(driver) -> list[str]:
    """Console errors logged since the last call (a failed request counts: a 404 favicon)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.fixture
def console_errors():
    """``console_errors(driver)``: the errors logged since the last look, which the test then
    owns (a page answered with 400 on purpose logs one); the rest fail the test at its end."""
    return _console_errors


def _fresh(driver):
    driver.get("about:blank")
    # Every site's cookies (WebDriver's own call clears only the current page's): servers on
    # other ports of 127.0.0.1 share them.
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _console_errors(driver)          # forget what earlier tests logged


def _use(request, driver):
    """Hand ``driver`` to the test: fresh, remembered for a screenshot, checked at the end."""
    _fresh(driver)
    request.node.stash.setdefault(_USED, []).append(driver)
    yield driver
    report = getattr(request.node, "browser_call_report", None)
    errors = _console_errors(driver)
    _fresh(driver)                   # leave the page: its connections close before the server
    if report is not None and report.passed:
        assert not errors, f"the page logged console errors: {errors}"


@pytest.fixture
def browser(request, _first_browser):
    """A headless browser for this test."""
    yield from _use(request, _first_browser)


@pytest.fixture
def second_browser(request, _first_browser, _browsers):
    """Another browser, for a second user (its own cookies and connections)."""
    driver = _browsers.get(1)
    if driver is None:
        _no_browser(_browsers.reason)
    yield from _use(request, driver)


@pytest.fixture
def serve_wsgi():
    """``url = serve_wsgi(app)``: a WSGI app on 127.0.0.1 with a free port, in a thread, for
    the length of the test."""
    from werkzeug.serving import make_server

    servers = []

    def serve(app) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server, thread in servers:
        server.shutdown()
        thread.join(timeout=10)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    reason = report.longrepr[2] if report.skipped and isinstance(report.longrepr, tuple) else ""
    if reason.removeprefix("Skipped: ").startswith(SKIP_PREFIX):
        # One reason, one line in `pytest -rs`, whichever test met it first.
        report.longrepr = (__file__, 1, reason)
    if report.when == "call":
        item.browser_call_report = report
    if report.failed and report.when == "call":
        folder = item.config.rootpath / "outputs" / "browser"
        name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("/")[-1])
        saved = []
        for i, driver in enumerate(item.stash.get(_USED, []), start=1):
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}-{i}.png"
            try:
                if driver.save_screenshot(str(path)):
                    saved.append(str(path.relative_to(item.config.rootpath)))
            except Exception:
                pass
        if saved:
            report.sections.append(("screenshots", "\n".join(saved)))
    return report
