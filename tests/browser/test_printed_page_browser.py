"""The printed page in headless Chromium: a page imported from a PDF shows its picture, each
article's region is a link laid exactly over it, hovering lights it up and clicking opens the
article. A real page of ../shared where it is there (its fonts are embedded), else the repo's
sample PDF. Screenshots go to test-artifacts/screenshots/ (see conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Page
from articles.services import pdf_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

SHARED_PAGE = Path(__file__).resolve().parents[3] / "shared" / "pages" / "pdf-dev" / "pdf" / "19980102-02.pdf"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_page.pdf"


@pytest.fixture
def printed_page() -> Page:
    cache.clear()
    source = SHARED_PAGE if SHARED_PAGE.exists() else SAMPLE
    [report] = pdf_import(data=source.read_bytes(), source_file=source.name, status="published")
    return Page.objects.get(pk=report.page_id)


def test_the_printed_page_has_a_clickable_zone_over_each_article(browser, live_server, save_screenshot,
                                                                printed_page):
    browser.set_window_size(1366, 1400)
    browser.get(live_server.url + printed_page.get_absolute_url())
    sheet = WebDriverWait(browser, 30).until(
        expected_conditions.visibility_of_element_located((By.CSS_SELECTOR, ".printed-page__sheet img")))
    WebDriverWait(browser, 30).until(lambda driver: driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", sheet))
    zones = browser.find_elements(By.CSS_SELECTOR, ".hot-zone")
    assert len({zone.get_attribute("href") for zone in zones}) == printed_page.articles.count()

    # every zone lies on the picture, and none is a sliver
    picture = sheet.rect
    for zone in zones:
        box = zone.rect
        assert box["x"] >= picture["x"] - 1 and box["x"] + box["width"] <= picture["x"] + picture["width"] + 1
        assert box["y"] >= picture["y"] - 1 and box["y"] + box["height"] <= picture["y"] + picture["height"] + 1
        assert box["width"] > 20 and box["height"] > 10
    save_screenshot("page")

    first = zones[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    ActionChains(browser).move_to_element(first).perform()
    WebDriverWait(browser, 10).until(lambda driver: driver.execute_script(
        "return getComputedStyle(arguments[0]).outlineStyle", first) == "solid")
    save_screenshot("hover")

    target = first.get_attribute("href")
    first.click()
    WebDriverWait(browser, 30).until(expected_conditions.url_to_be(target))
    assert browser.find_element(By.CSS_SELECTOR, "h1").text.strip()
    save_screenshot("article")
