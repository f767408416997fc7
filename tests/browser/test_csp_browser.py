"""The Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) breaks nothing: headless Chromium
walks the site, the admin (its scripts: the block editor, the change list's actions, the calendar
widgets) and Swagger UI, and records every violation the browser reports.

The recorder is installed through the DevTools protocol before each page's own scripts, so it is
no inline script of the page's and the policy does not apply to it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article, Page
from articles.services import page_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"

RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def recording_browser(browser):
    identifier = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})["identifier"]
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})


def violations(browser) -> list[str]:
    return browser.execute_script("return window.__cspViolations || [];")


def wait_for(browser, selector: str, timeout: int = 30):
    return WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
    )


@pytest.fixture
def desk(seed_text, newsroom_groups):
    user = User.objects.create_user("desk", "desk@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    report = page_import(text=seed_text, source_file="seed.txt", date=datetime.date(2024, 3, 6), page_number=1,
                         status="published")
    return Page.objects.get(pk=report.page_id)


def test_the_site_and_the_admin_run_under_the_policy(recording_browser, live_server, browser_login, desk,
                                                      save_screenshot):
    browser = recording_browser
    article = desk.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    for path in ("/", f"/articles/{article.pk}/", "/search/?q=%E6%96%B0%E9%97%BB"):
        browser.get(live_server.url + path)
        wait_for(browser, "main")
        assert violations(browser) == [], path

    browser_login("desk", PASSWORD)
    assert violations(browser) == []
    browser.get(f"{live_server.url}/admin/articles/article/")
    wait_for(browser, "#result_list")
    assert violations(browser) == []
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    wait_for(browser, "textarea[name='body-0-text']")
    # The block editor's buttons and the date widgets' shortcuts come from scripts: they ran.
    assert browser.find_elements(By.CSS_SELECTOR, ".nr-body-editor .nr-block-button")
    save_screenshot("article-form")
    assert violations(browser) == []
    browser.get(f"{live_server.url}/admin/articles/pageimport/")
    wait_for(browser, "#content")
    assert violations(browser) == []


def test_swagger_ui_runs_under_the_policy(recording_browser, live_server, save_screenshot, db):
    browser = recording_browser
    browser.get(f"{live_server.url}/api/v1/docs/")
    # Swagger UI drew the operations of the schema it fetched: its scripts ran, its styles applied.
    WebDriverWait(browser, 30).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock-tag-section")))
    save_screenshot("swagger-ui")
    assert violations(browser) == []
