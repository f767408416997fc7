"""Browser fixtures: headless Debian Chromium driven by Selenium against pytest-django's live server.

Use them from any test under tests/browser/:

    @pytest.mark.browser
    def test_something(browser, live_server, save_screenshot):
        browser.get(live_server.url + "/")
        save_screenshot("home")            # → test-artifacts/screenshots/<test name>--home.png

`admin_login(browser, live_server, username, password)` logs into the Django admin.
The tests skip (with the reason) only where chromium or chromedriver is not installed; CI installs both.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1366,900",
    "--lang=zh-CN",
)


def _safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name)


def _missing_browser() -> str | None:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.exists():
            return f"{binary} is not installed (apt-get install chromium chromium-driver; .ci/run does it)"
    return None


@pytest.fixture(scope="session")
def browser_session() -> Iterator:
    """One headless Chromium for the whole session (starting it costs seconds), with its own profile."""
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newsroom-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(browser_session, live_server) -> Iterator:
    """The session's browser, with cookies cleared before and after each test (no login leaks)."""
    browser_session.delete_all_cookies()
    yield browser_session
    # The page may be on about:blank or a crashed tab; the next test starts clean anyway.
    with contextlib.suppress(Exception):
        browser_session.delete_all_cookies()


@pytest.fixture
def save_screenshot(browser, request) -> Callable[[str], Path]:
    """`save_screenshot("name")` saves the current page as test-artifacts/screenshots/<test>--<name>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    test_name = _safe(request.node.name)

    def save(name: str) -> Path:
        path = SCREENSHOT_DIR / f"{test_name}--{_safe(name)}.png"
        browser.save_screenshot(str(path))
        return path

    return save


@pytest.fixture
def newsroom_groups(transactional_db) -> None:
    """The `editor` and `reporter` groups, made by the same code as their data migration: a
    transactional test's flush removes what migrations wrote."""
    from tests.admin_support import ensure_newsroom_groups

    ensure_newsroom_groups()


def admin_login(browser, live_server, username: str, password: str) -> None:
    """Log into the Django admin through its login form and wait for the index page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/admin/login/?next=/admin/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "form input[type=submit], form button[type=submit]").click()
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.ID, "user-tools")))


@pytest.fixture
def browser_login(browser, live_server) -> Callable[[str, str], None]:
    """`browser_login(username, password)`: log the browser into the admin."""

    def login(username: str, password: str) -> None:
        admin_login(browser, live_server, username, password)

    return login
