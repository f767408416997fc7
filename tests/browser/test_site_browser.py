"""A reader's walk through the site in headless Chromium: home → issue → page → article →
reporter → search, and the article on a 375-px-wide phone. Screenshots go to
test-artifacts/screenshots/ (see conftest.py)."""

from __future__ import annotations

import datetime
from urllib.parse import unquote

import pytest
from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from articles.services import page_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

SEED_DAY = datetime.date(2024, 3, 6)
DESKTOP = (1366, 900)
PHONE = (375, 812)


@pytest.fixture
def seeded(seed_text):
    cache.clear()
    report = page_import(text=seed_text, source_file="seed.txt", date=SEED_DAY, page_number=1,
                         status=Article.Status.PUBLISHED)
    try:
        from articles.search import index_articles
    except ImportError:
        pass  # the search step below then checks the friendly message instead
    else:
        index_articles(report.article_ids)
    yield Article.objects.filter(page_id=report.page_id).order_by("order")
    cache.clear()


@pytest.fixture(autouse=True)
def _leave_the_site(browser):
    """The browser leaves the live server when a test ends: no late request reaches it after its database is gone."""
    yield
    browser.get("about:blank")


def wait_for(browser, css: str):
    return WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_and_wait(browser, element, css: str) -> None:
    old_url = browser.current_url
    element.click()
    WebDriverWait(browser, 30).until(lambda b: b.current_url != old_url)
    wait_for(browser, css)


def test_reader_walks_from_home_to_issue_article_reporter_and_search(browser, live_server, save_screenshot, seeded):
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + "/")
    wait_for(browser, "main#content")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert save_screenshot("1-home").exists()

    # The skip link is the first thing the keyboard reaches, and it is visible when focused.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link" and focused.is_displayed()

    issue_link = browser.find_element(By.CSS_SELECTOR, f'a[href="/issues/{SEED_DAY.isoformat()}/"]')
    click_and_wait(browser, issue_link, ".paper-page")
    assert "2024年3月6日" in browser.find_element(By.TAG_NAME, "h1").text
    save_screenshot("2-issue")

    page_link = browser.find_element(By.CSS_SELECTOR, ".paper-page .page-title a")
    click_and_wait(browser, page_link, ".article-list")
    assert "第1版" in browser.find_element(By.TAG_NAME, "h1").text
    save_screenshot("3-page")

    article = next(a for a in seeded if a.dateline and a.credits.exists())
    article_link = browser.find_element(By.CSS_SELECTOR, f'.article-list a[href="{article.get_absolute_url()}"]')
    click_and_wait(browser, article_link, "article.article")
    assert unquote(browser.current_url).endswith(f"/articles/{article.pk}/{article.slug}/")
    assert browser.find_element(By.TAG_NAME, "h1").text == article.headline
    byline = browser.find_element(By.CSS_SELECTOR, ".byline")
    assert byline.text.startswith(article.dateline + "（") and byline.text.endswith("）")
    save_screenshot("4-article")

    reporter_link = byline.find_element(By.CSS_SELECTOR, "a[rel=author]")
    reporter_name = reporter_link.text
    click_and_wait(browser, reporter_link, ".article-list")
    assert reporter_name in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, f'.article-list a[href="{article.get_absolute_url()}"]')
    save_screenshot("5-reporter")

    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys(article.headline[:2])
    box.submit()
    wait_for(browser, ".search-form")
    results = browser.find_elements(By.CSS_SELECTOR, ".search-results .item-title a")
    if results:
        assert article.get_absolute_url() in [r.get_attribute("href").removeprefix(live_server.url) for r in results]
        assert browser.find_elements(By.CSS_SELECTOR, ".search-results mark")
    else:
        assert browser.find_element(By.CSS_SELECTOR, ".notice").text
    save_screenshot("6-search")


def test_article_reads_on_a_375_px_phone_without_sideways_scrolling(browser, live_server, save_screenshot, seeded):
    with_caption = [a for a in seeded if a.captions.exists()]
    article = with_caption[0] if with_caption else seeded.first()
    try:
        browser.set_window_size(*PHONE)
        for name, url in (("home", "/"), ("article", article.get_absolute_url()), ("calendar", "/events/")):
            browser.get(live_server.url + url)
            wait_for(browser, "main#content")
            width = browser.execute_script("return window.innerWidth")
            assert width <= PHONE[0]
            overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
            save_screenshot(f"phone-375-{name}")
            font_size = browser.execute_script(
                "return parseFloat(getComputedStyle(document.querySelector('main p, main li')).fontSize)")
            assert font_size >= 14, f"{name}: text of {font_size}px is too small to read on a phone"
    finally:
        browser.set_window_size(*DESKTOP)
