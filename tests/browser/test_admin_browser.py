"""An editor's walk through the admin in headless Chromium: log in, open the article list and an
article, edit a paragraph with the block editor, save. Screenshots go to test-artifacts/screenshots/."""

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


@pytest.fixture
def desk(seed_text, newsroom_groups):
    """An editor account and the seed page, imported as drafts."""
    user = User.objects.create_user("desk", "desk@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    report = page_import(text=seed_text, source_file="seed.txt", date=datetime.date(2024, 3, 6), page_number=1,
                         status="draft")
    return Page.objects.get(pk=report.page_id)


def wait_for(browser, selector: str, timeout: int = 30):
    return WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
    )


def test_an_editor_edits_a_paragraph_in_the_browser(browser, live_server, save_screenshot, browser_login, desk):
    article = desk.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    browser_login("desk", PASSWORD)
    save_screenshot("01-admin-index")

    browser.get(f"{live_server.url}/admin/articles/article/")
    wait_for(browser, "#result_list")
    rows = browser.find_elements(By.CSS_SELECTOR, "#result_list tbody tr")
    assert len(rows) == desk.articles.count()
    assert article.headline in browser.find_element(By.ID, "result_list").text
    save_screenshot("02-article-list")

    browser.find_element(By.LINK_TEXT, article.headline).click()
    first_block = wait_for(browser, "textarea[name='body-0-text']")
    assert browser.find_element(By.CSS_SELECTOR, ".nr-source").is_displayed()
    # The block editor's buttons come from its script: it ran.
    assert browser.find_elements(By.CSS_SELECTOR, ".nr-body-editor .nr-block-button")
    save_screenshot("03-article-form")

    first_block.clear()
    first_block.send_keys("浏览器里改写的第一段。")
    save_screenshot("04-paragraph-edited")
    browser.find_element(By.CSS_SELECTOR, "input[name='_continue']").click()
    wait_for(browser, "ul.messagelist li.success")
    save_screenshot("05-saved")

    article.refresh_from_db()
    assert article.body[0]["text"] == "浏览器里改写的第一段。"
    assert article.edited_since_import
    assert article.history.latest("history_date").history_user.username == "desk"

    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    history = wait_for(browser, "#change-history")
    assert "desk" in history.text and "浏览器里改写的第一段。" in history.text  # who, and the diff
    save_screenshot("06-history")


def test_the_block_editor_adds_a_subhead_and_moves_it_up(browser, live_server, save_screenshot, browser_login,
                                                         desk):
    article = desk.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    blocks = len(article.body)
    browser_login("desk", PASSWORD)
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    wait_for(browser, ".nr-body-actions")
    # headless Chromium asks for English: the buttons' words follow the page's language
    assert browser.find_element(By.CSS_SELECTOR, "button[data-action='add-subhead']").text == "＋ subhead"
    browser.find_element(By.CSS_SELECTOR, "button[data-action='add-subhead']").click()
    new_block = browser.find_elements(By.CSS_SELECTOR, ".nr-block")[-1]
    new_block.find_element(By.CSS_SELECTOR, "textarea").send_keys("新加的小标题")
    # Move it above the two empty rows and the last paragraph.
    for _ in range(3):
        new_block.find_element(By.CSS_SELECTOR, "button[data-action='up']").click()
    save_screenshot("subhead-added")
    browser.find_element(By.CSS_SELECTOR, "input[name='_continue']").click()
    wait_for(browser, "ul.messagelist li.success")

    article.refresh_from_db()
    assert len(article.body) == blocks + 1
    assert article.body[-2] == {"type": "subhead", "text": "新加的小标题"}


def test_the_import_preview_in_the_browser(browser, live_server, save_screenshot, browser_login, desk, tmp_path,
                                           seed_text, settings):
    settings.MEDIA_ROOT = tmp_path
    page_file = tmp_path / "upload.txt"
    # another day's page (the desk's own page is the seed; the same text is imported once)
    page_file.write_text(seed_text.replace("雷锋", "雷峰", 1), encoding="utf-8")
    browser_login("desk", PASSWORD)
    browser.get(f"{live_server.url}/admin/articles/pageimport/upload/")
    wait_for(browser, "#page-upload-form")
    browser.find_element(By.NAME, "files").send_keys(str(page_file))
    browser.find_element(By.NAME, "page_number").send_keys("2")
    browser.execute_script("document.querySelector('input[name=date]').value = '2024-03-07'")
    browser.find_element(By.CSS_SELECTOR, "#page-upload-form input[type=submit]").click()
    wait_for(browser, "#import-confirm-form")
    assert "姬慧洋" in browser.find_element(By.ID, "content-main").text
    save_screenshot("import-preview")
    assert not Page.objects.filter(number=2).exists()
    browser.find_element(By.CSS_SELECTOR, "#import-confirm-form input[name=confirm]").click()
    wait_for(browser, "#import-results")
    save_screenshot("import-result")
    assert Page.objects.filter(number=2, issue__date=datetime.date(2024, 3, 7)).exists()


def test_a_tour_of_the_desk_tools(browser, live_server, save_screenshot, browser_login, desk):
    """Screenshots of the pages an editor works in besides the article form."""
    from people.models import Person

    article = desk.articles.filter(kind=Article.Kind.STORY).order_by("order").first()
    Article.objects.filter(pk=article.pk).update(
        has_import_conflict=True, edited_since_import=True,
        pending_parse={"headline": article.headline, "blocks": [{"type": "paragraph", "text": "重新解析的导语。"}]},
    )
    duplicate = Person.objects.create(name="姬慧洋", disambiguation="重复")
    browser_login("desk", PASSWORD)

    browser.get(f"{live_server.url}/admin/articles/article/conflicts/")
    wait_for(browser, f"#conflict-{article.pk}")
    assert "重新解析的导语。" in browser.find_element(By.ID, f"conflict-{article.pk}").text
    save_screenshot("conflicts-side-by-side")

    browser.get(f"{live_server.url}/admin/people/person/?q=姬慧洋")
    wait_for(browser, "#result_list")
    save_screenshot("persons-with-counts")
    for checkbox in browser.find_elements(By.CSS_SELECTOR, "#result_list input.action-select"):
        checkbox.click()
    browser.find_element(By.CSS_SELECTOR, "select[name=action] option[value=merge]").click()
    browser.find_element(By.CSS_SELECTOR, "#changelist-form .actions button").click()
    wait_for(browser, "#merge-form")
    save_screenshot("merge-confirmation")
    browser.find_element(By.CSS_SELECTOR, "#merge-form input[name=confirm]").click()
    wait_for(browser, "ul.messagelist li.success")
    # The first choice is the older record: the duplicate went into it.
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Person.objects.filter(name="姬慧洋").count() == 1

    browser.get(f"{live_server.url}/admin/articles/event/")
    wait_for(browser, "#changelist")
    save_screenshot("events-by-date")
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    wait_for(browser, "#change-history")
    save_screenshot("article-history")
