"""Pictures on the readers' site in headless Chromium: an article with a lead picture (the browser
takes the WebP source, the picture fills the column at its own ratio, its caption and credit under
it), the same on a 375-px phone, a photo story's photo across the window, and a page's list with
thumbnails. Screenshots go to test-artifacts/screenshots/ (see conftest.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import Article
from people.models import Person
from tests.images_support import make_image, place
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

DESKTOP = (1366, 900)
PHONE = (375, 812)


@pytest.fixture
def pictured():
    cache.clear()
    articles = build_archive(4, per_page=4)
    photographer = Person.objects.get(name="测试摄影")
    lead = make_image(width=1600, height=1000, caption="市民在人民广场观看文艺演出。", alt_text="广场上的人群",
                      credit=photographer, color=(70, 120, 190))
    second = make_image(width=900, height=1200, caption="演员在后台候场。", alt_text="后台的演员",
                        color=(190, 120, 60))
    place(articles[0], [lead, second], lead=lead)
    photo = articles[1]
    Article.objects.filter(pk=photo.pk).update(kind=Article.Kind.PHOTO, headline="")
    place(photo, [make_image(width=2000, height=1200, caption="夜幕下的跨江大桥。", alt_text="灯火中的大桥",
                             credit=photographer, color=(30, 40, 90))])
    place(articles[2], [make_image(width=800, height=800, color=(60, 140, 80))])
    yield articles
    cache.clear()


@pytest.fixture(autouse=True)
def _leave_the_site(browser):
    yield
    browser.get("about:blank")


def loaded(browser, img) -> bool:
    return browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)


def wait_loaded(browser, css: str):
    img = WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))
    WebDriverWait(browser, 30).until(lambda b: loaded(b, img))
    return img


def box(browser, element) -> dict:
    return browser.execute_script("const r = arguments[0].getBoundingClientRect();"
                                  "return {x: r.x, width: r.width, height: r.height};", element)


def test_an_article_with_a_lead_picture(browser, live_server, save_screenshot, pictured):
    article = pictured[0]
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + article.get_absolute_url())
    lead = wait_loaded(browser, ".lead-image img")
    # the browser took the WebP source; the picture fills the column at its own ratio (1600 × 1000)
    assert browser.execute_script("return arguments[0].currentSrc", lead).endswith(".webp")
    size = box(browser, lead)
    column = box(browser, browser.find_element(By.CSS_SELECTOR, ".article-body"))
    assert abs(size["width"] - column["width"]) < 2
    assert abs(size["height"] - size["width"] * 1000 / 1600) < 2
    caption = browser.find_element(By.CSS_SELECTOR, ".lead-image figcaption")
    assert caption.text == "市民在人民广场观看文艺演出。（测试摄影 摄）"
    assert caption.find_element(By.TAG_NAME, "a").get_attribute("href").endswith(
        f"/reporters/{Person.objects.get(name='测试摄影').pk}/")
    save_screenshot("desktop-lead")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})", caption)
    save_screenshot("desktop-lead-caption")
    # the second picture, a tall one after the text, loads as it is scrolled to and stays within the window
    second = browser.find_element(By.CSS_SELECTOR, ".article-body .article-image img")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", second)
    WebDriverWait(browser, 30).until(lambda b: loaded(b, second))
    assert box(browser, second)["height"] <= browser.execute_script("return window.innerHeight") * 0.8 + 1
    save_screenshot("desktop-second-picture")

    browser.set_window_size(*PHONE)
    browser.get(live_server.url + article.get_absolute_url())
    lead = wait_loaded(browser, ".lead-image img")
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert box(browser, lead)["width"] <= width
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    save_screenshot("phone-lead")


def test_a_photo_story_shows_its_photo_across_the_window(browser, live_server, save_screenshot, pictured):
    photo = pictured[1]
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + photo.get_absolute_url())
    img = wait_loaded(browser, ".lead-image.full-width img")
    window = browser.execute_script("return document.documentElement.clientWidth")
    figure = box(browser, browser.find_element(By.CSS_SELECTOR, ".lead-image.full-width"))
    # edge to edge (100vw also runs under the scroll bar, which the page does not scroll to)
    assert figure["x"] <= 0 and figure["x"] + figure["width"] >= window - 1
    # and the window shows no sideways scroll bar (the few pixels under the vertical one are hidden)
    assert browser.execute_script("return window.innerHeight - document.documentElement.clientHeight") == 0
    assert browser.execute_script("return arguments[0].currentSrc", img).endswith(".webp")
    assert "夜幕下的跨江大桥。" in browser.find_element(By.CSS_SELECTOR, ".lead-image figcaption").text
    save_screenshot("desktop-photo-story")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'})",
                           browser.find_element(By.CSS_SELECTOR, ".lead-image figcaption"))
    save_screenshot("desktop-photo-story-caption")
    browser.set_window_size(*PHONE)
    browser.get(live_server.url + photo.get_absolute_url())
    wait_loaded(browser, ".lead-image.full-width img")
    save_screenshot("phone-photo-story")


def test_a_pages_list_shows_thumbnails(browser, live_server, save_screenshot, pictured):
    browser.set_window_size(*DESKTOP)
    browser.get(live_server.url + pictured[0].page.get_absolute_url())
    thumbs = browser.find_elements(By.CSS_SELECTOR, ".article-item .item-thumb img")
    assert len(thumbs) == 3
    for thumb in thumbs:
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", thumb)
        WebDriverWait(browser, 30).until(lambda b, t=thumb: loaded(b, t))
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot("page-list-thumbnails")
