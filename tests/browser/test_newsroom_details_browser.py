"""The newsroom's own details in headless Chromium (issue #24): the admin in Chinese (the article
list, an article's form, its history with a character diff, the upload form with its status), a
section page, and a photo story read as heading, text, credit. Screenshots go to
test-artifacts/screenshots/ (see conftest.py)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from selenium.webdriver.common.by import By

from articles.models import Article, Page, Publication
from articles.services import article_save_edit, page_import
from articles.services.representations import representations_drop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]

PASSWORD = "a-long-test-password-42"
SEED_DAY = datetime.date(2024, 3, 6)


@pytest.fixture
def paper(seed_text, newsroom_groups):
    """The seed page published on page 1, named 示范区新闻, of a paper whose masthead is 示范区日报."""
    cache.clear()
    report = page_import(text=seed_text, source_file="seed.txt", date=SEED_DAY, page_number=1, status="published")
    Publication.objects.filter(name="本报").update(masthead="示范区日报")
    Page.objects.filter(pk=report.page_id).update(name="示范区新闻")
    # updates past the admin, which drops what they change from the stored representations
    representations_drop(article_ids=report.article_ids)
    user = User.objects.create_user("desk", "desk@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    yield report
    cache.clear()


def test_the_admin_speaks_chinese(browser, live_server, save_screenshot, browser_login, paper):
    browser_login("desk", PASSWORD)
    # a Chinese editor's choice of language (headless Chromium asks for en-US whatever --lang says)
    browser.add_cookie({"name": "django_language", "value": "zh-hans", "path": "/"})
    browser.get(f"{live_server.url}/admin/")
    save_screenshot("index")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "稿件" in body and "版面导入记录" in body and "人物" in body
    assert "Articles" not in body and "Page imports" not in body and "Persons" not in body

    browser.get(f"{live_server.url}/admin/articles/article/")
    save_screenshot("article-list")
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "已发布" in body and "图片新闻" in body and "published" not in body

    article = Article.objects.filter(kind="story", events__isnull=False).order_by("order").first()
    article.body = [{**article.body[0], "text": "隆重" + article.body[0]["text"]}, *article.body[1:]]
    article_save_edit(article=article, user=User.objects.get(username="desk"))
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    save_screenshot("article-form")
    page = browser.page_source
    assert "Event_articles object" not in page and "标题" in page and "发布时间依据" in page
    # the block editor's buttons, which its script adds, speak the page's language too
    add_paragraph = browser.find_element(By.CSS_SELECTOR, "button[data-action='add-paragraph']")
    assert add_paragraph.text == "＋ 段落"
    assert browser.find_element(By.CSS_SELECTOR, ".nr-block button[data-action='up']").get_attribute("title") == "上移"

    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    save_screenshot("history")
    history = browser.find_element(By.ID, "change-history")
    assert history.find_element(By.TAG_NAME, "ins").text == "隆重"
    assert "导入后已编辑" in history.text and "变更内容" in history.text and "False" not in history.text
    # the history's times are the site's (Asia/Shanghai): the edit was just now, so its hour is now's there
    now_there = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    assert f"{now_there.hour}:" in history.text or f"{now_there.hour:02d}:" in history.text
    # the changes column is wide: the short "changed" column keeps one line
    widths = browser.execute_script(
        "return [...document.querySelectorAll('#change-history thead th')].map(th => th.offsetHeight)")
    assert max(widths) < 3 * min(widths)

    browser.get(f"{live_server.url}/admin/articles/pageimport/upload/")
    save_screenshot("upload")
    options = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "select[name=status] option")]
    assert options == ["草稿", "审核中", "已发布"]


def test_a_section_page_and_the_breadcrumb(browser, live_server, save_screenshot, paper):
    article = Article.objects.filter(kind="story").order_by("order").first()
    browser.get(live_server.url + article.get_absolute_url())
    crumb = browser.find_element(By.CSS_SELECTOR, "nav.breadcrumbs a.section-link")
    assert crumb.text == "示范区新闻"
    assert browser.find_element(By.CSS_SELECTOR, ".site-name").text == "示范区日报"
    crumb.click()
    assert browser.find_element(By.TAG_NAME, "h1").text.endswith("示范区新闻")
    items = browser.find_elements(By.CSS_SELECTOR, ".article-list .item-title")
    assert len(items) == len(paper.article_ids)
    save_screenshot("section")
    assert "Newsroom" not in browser.page_source


def test_a_photo_story_reads_heading_text_credit(browser, live_server, save_screenshot, paper):
    story = Article.objects.get(kind="photo")
    browser.get(live_server.url + "/")
    title = "市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会"
    assert title in browser.find_element(By.TAG_NAME, "main").text
    browser.get(live_server.url + story.get_absolute_url())
    heading = browser.find_element(By.CSS_SELECTOR, "article h1")
    text = browser.find_element(By.CSS_SELECTOR, ".article-body p")
    credit = browser.find_element(By.CSS_SELECTOR, ".article-body .photo-credit")
    assert heading.text == "市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会"
    assert heading.location["y"] < text.location["y"] < credit.location["y"]
    assert "摄" in credit.text and "发布于 2024年3月6日 06:00" in browser.find_element(By.TAG_NAME, "article").text
    save_screenshot("photo-story")
