"""The newsroom's own details (issue #24): a page imported once, print dates as publish dates,
the paper's identity and sections, photo stories' titles, status on upload, the reporter filter."""

from __future__ import annotations

import datetime
import io
import pickle
import re
import zoneinfo
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Issue, Page
from people.models import Credit, Person
from tests.conftest import SEED_DATE
from tests.test_admin_import import upload

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------- 7. status on upload


@pytest.mark.parametrize("configured", ["draft", "review", "published"])
def test_the_upload_form_offers_every_status_and_starts_at_the_configured_one(editor_client, settings, configured):
    settings.NEWSROOM_IMPORT_STATUS = configured
    form = editor_client.get(reverse("admin:articles_pageimport_upload")).context["form"]
    assert form["status"].value() == configured
    assert [value for value, _ in form.fields["status"].choices] == Article.Status.values


def test_the_status_chosen_on_upload_is_the_new_articles(editor_client, seed_text, settings):
    settings.NEWSROOM_IMPORT_STATUS = "published"
    response = upload(editor_client, [("seed.txt", seed_text.encode("utf-8"))], page_number=1, status="review")
    editor_client.post(reverse("admin:articles_pageimport_confirm"), {"token": response.context["token"]})
    assert set(Article.objects.values_list("status", flat=True)) == {"review"}


# ------------------------------------------------------------------- 8. the reporter filter


def test_the_reporter_filter_lists_everyone_credited_photographers_too(editor_client, seed_page):
    credited = set(Credit.objects.values_list("person__name", flat=True))
    photographers = set(Credit.objects.filter(role=Credit.Role.PHOTOGRAPHER).values_list("person__name", flat=True))
    assert photographers, "the seed page credits a photographer (摄)"
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    spec = next(f for f in response.context["cl"].filter_specs if getattr(f, "parameter_name", "") == "reporter")
    listed = {name for _, name in spec.lookup_choices}
    assert credited <= listed
    photographer = Person.objects.get(name=sorted(photographers)[0])
    response = editor_client.get(reverse("admin:articles_article_changelist") + f"?reporter={photographer.pk}")
    assert response.context["cl"].result_count == photographer.credits.values("article").distinct().count()


# ------------------------------------------------------------------- 1. a page imported once


def _import(text: str, **options):
    from articles.services import page_import

    return page_import(text=text, source_file="seed.txt", status="published", **options)


def test_the_same_text_under_another_date_or_number_is_refused_saying_where_it_is(seed, seed_text):
    from articles.models import Page
    from articles.services import PageImportError

    articles = Article.objects.count()
    for options in ({}, {"date": SEED_DATE + datetime.timedelta(days=1)}, {"date": SEED_DATE, "page_number": 2},
                    {"date": SEED_DATE}):
        with pytest.raises(PageImportError, match="already imported as 2024-03-06 第1版"):
            _import(seed_text, **options)
    assert Page.objects.count() == 1 and Article.objects.count() == articles
    # where it is, it imports as before: unchanged
    assert _import(seed_text, date=SEED_DATE, page_number=1).outcome == "unchanged"


def test_the_command_refuses_a_gb18030_copy_under_another_date(seed, seed_text, tmp_path):
    from django.core.management import CommandError, call_command

    copy = tmp_path / "seed-gbk.txt"
    copy.write_bytes(seed_text.replace("\n", "\r\n").encode("gb18030"))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_page", str(copy), "--date", "2024-03-07", stderr=err, stdout=io.StringIO())
    assert "already imported as 2024-03-06 第1版" in err.getvalue()
    assert Article.objects.count() == seed.articles


def test_the_admin_preview_and_the_api_refuse_it_before_anything_is_stored(editor_client, editor_api, seed,
                                                                          seed_text):
    response = upload(editor_client, [("seed.txt", seed_text.encode("utf-8"))], date="2024-03-09")
    preview = response.context["previews"][0]
    assert "已作为 2024-03-06 第1版 导入" in preview.error  # the admin is Chinese
    response = editor_api.post("/api/v1/imports/", {"text": seed_text, "date": "2024-03-09"}, format="json")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
    assert "已作为 2024-03-06 第1版 导入" in response.json()["detail"]  # no Accept-Language: the site's language
    response = editor_api.post("/api/v1/imports/", {"text": seed_text, "date": "2024-03-09"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
    assert "already imported as 2024-03-06 第1版" in response.json()["detail"]
    assert Article.objects.count() == seed.articles


def test_moving_a_page_keeps_ids_and_edits_and_follows_the_print_date(editor, seed, seed_text, tmp_path):
    from django.core.management import call_command

    from articles.models import Page
    from articles.services import article_save_edit

    page = Page.objects.get()
    article = page.articles.get(order=1)
    article.headline = "编辑改过的标题"
    article_save_edit(article=article, user=editor)
    ids = set(page.articles.values_list("pk", flat=True))
    path = tmp_path / "seed.txt"
    path.write_text(seed_text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_page", str(path), "--date", "2024-03-08", "--page", "3", "--move", stdout=out)
    assert "2024-03-08 第3版" in out.getvalue()
    page.refresh_from_db()
    assert page.issue.date == datetime.date(2024, 3, 8) and page.number == 3
    assert set(page.articles.values_list("pk", flat=True)) == ids
    assert page.articles.get(pk=article.pk).headline == "编辑改过的标题"
    published = {a.published_at for a in page.articles.all()}
    assert published == {datetime.datetime(2024, 3, 8, 6, tzinfo=SHANGHAI)}
    assert not Issue.objects.filter(date=SEED_DATE).exists()  # the emptied issue is gone
    # now the text is where it belongs: importing it there is unchanged, the old place refuses
    assert _import(seed_text, date=datetime.date(2024, 3, 8), page_number=3).outcome == "unchanged"


def test_a_move_onto_another_page_is_refused_and_changes_nothing(seed, seed_text):
    from articles.models import Page
    from articles.services import PageImportError, page_move

    other = _import(seed_text.replace("河南", "湖北"), date=SEED_DATE, page_number=2)
    with pytest.raises(PageImportError, match="another page"):
        page_move(page=Page.objects.get(pk=seed.page_id), date=SEED_DATE, page_number=2)
    assert Page.objects.get(pk=seed.page_id).number == 1 and Page.objects.get(pk=other.page_id).number == 2


# ------------------------------------------------------------------- 2. print dates are publish dates


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_an_imported_article_is_published_at_its_issue_date_morning(seed, settings):
    assert {a.published_at for a in Article.objects.all()} == {datetime.datetime(2024, 3, 6, 6, tzinfo=SHANGHAI)}
    settings.NEWSROOM_PUBLISH_HOUR = 8
    report = _import(_other_page(), date=datetime.date(2024, 3, 7), page_number=1)
    assert {a.published_at for a in Article.objects.filter(pk__in=report.article_ids)} == {
        datetime.datetime(2024, 3, 7, 8, tzinfo=SHANGHAI)}


def _other_page() -> str:
    from tests.conftest import SEED_PAGE

    return SEED_PAGE.read_text(encoding="utf-8").replace("河南", "湖北")


def test_an_undated_page_keeps_the_import_time_and_the_admin_says_so(editor_client):
    before = timezone.now()
    report = _import(_other_page())
    article = Article.objects.get(pk=report.article_ids[0])
    assert before <= article.published_at <= timezone.now()
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "无日期" in html
    assert "(undated)" not in html  # the page's name in the form too (Page.__str__)


def test_the_article_form_names_its_event_rows_and_hidden_fields_in_chinese(editor_client, seed):
    # the event rows are Django's own through model, whose foreign key has no verbose name of ours
    article = Article.objects.filter(events__isnull=False).order_by("order").first()
    html = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]),
                             HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(r"<th[^>]*>\s*活动", html)  # Event's verbose name in the catalogue
    assert not re.search(r"<th[^>]*>\s*Event\b", html)
    assert "Opened version" not in html


def test_feed_and_news_sitemap_give_the_print_date_and_the_news_sitemap_only_the_last_two_days(
    client, seed, fresh_throttle_counters
):
    feed = client.get("/feed/").content.decode()
    assert "<pubDate>Tue, 05 Mar 2024 22:00:00 +0000</pubDate>" in feed  # 06:00 in Shanghai
    assert "2026" not in feed.split("<item>", 1)[1].split("</item>", 1)[0]
    news = client.get("/sitemap-news.xml").content.decode()
    assert "<url>" not in news  # a back issue is no news
    # yesterday's issue: its 06:00 is past and within two days whatever the hour now
    today = timezone.localdate() - datetime.timedelta(days=1)
    fresh = _import(_other_page(), date=today, page_number=1)
    news = client.get("/sitemap-news.xml").content.decode()
    assert news.count("<url>") == fresh.articles
    assert today.isoformat() in news


def test_the_admin_moves_a_page_by_its_action_and_the_form_cannot(editor_client, seed):
    from articles.models import Page

    url = reverse("admin:articles_page_changelist")
    form = editor_client.post(url, {"action": "move_pages", "_selected_action": [seed.page_id]})
    assert form.status_code == 200 and "2024-03-06 第1版" in form.content.decode()
    response = editor_client.post(url, {"action": "move_pages", "_selected_action": [seed.page_id], "apply": "1",
                                        "date": "2024-03-07", "page_number": "2"}, follow=True)
    assert "2024-03-07 第2版" in response.content.decode()
    page = Page.objects.get(pk=seed.page_id)
    assert (page.issue.date, page.number) == (datetime.date(2024, 3, 7), 2)
    assert set(page.articles.values_list("pk", flat=True)) == set(seed.article_ids)
    change = editor_client.get(reverse("admin:articles_page_change", args=[page.pk]))
    assert "issue" not in change.context["adminform"].form.fields


# ------------------------------------------------------------------- 5. photo stories


@pytest.mark.parametrize(("text", "title"), [
    ("3 月 5 日上午，市城乡一体化示范区召开纪念“三八”国际妇女节 114周年暨表彰大会，对7个集体进行表彰。",
     "市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会"),
    ("图为志愿者为群众检查口腔。", "志愿者为群众检查口腔"),
    ("近日，据悉，示范区举办活动。", "据悉，示范区举办活动"),
    ("他说：“今年，我们要把工作做好，做实。”随后离开。", "他说：“今年，我们要把工作做好，做实。”随后离开"),
    ("在周口市川汇区某某街道某某社区的新时代文明实践站里面举办了第一期活动共有12345678人参加",
     "在周口市川汇区某某街道某某社区的新时代文明实践站里面举办了第一期活动共有…"),
])
@pytest.mark.django_db(False)
def test_a_photo_story_title_ends_at_a_natural_break(text, title):
    from articles.titles import MAX_TITLE, text_title

    made = text_title(text)
    assert made == title and len(made) <= MAX_TITLE + 1


def test_the_photo_story_title_is_used_everywhere_and_its_page_reads_heading_text_credit(client, seed,
                                                                                       fresh_throttle_counters):
    story = Article.objects.get(kind="photo")
    title = "市城乡一体化示范区召开纪念“三八”国际妇女节114周年暨表彰大会"
    assert story.title == str(story) == title and story.slug.startswith("市城乡一体化示范区")
    assert "114周年" in story.slug
    for url in ("/", "/feed/", story.page.get_absolute_url(), "/sitemap-news.xml"):
        html = client.get(url).content.decode()
        assert "国际妇女节1<" not in html and "图片新闻：" not in html
    assert title in client.get("/").content.decode()
    assert title.replace("“", "&ldquo;") in client.get("/feed/").content.decode() or title in client.get(
        "/feed/").content.decode()
    html = client.get(story.get_absolute_url()).content.decode()
    heading = html.index(f"<h1>{title}</h1>")
    text, credit = html.index("<p>3月5日上午", heading), html.index("photo-credit", heading)
    assert heading < text < credit


# ------------------------------------------------------------------- 4. the paper's identity and sections


@pytest.fixture
def named_paper(seed):
    from articles.models import Page, Publication

    Publication.objects.filter(name="本报").update(masthead="示范区日报", short_name="本报")
    Page.objects.filter(pk=seed.page_id).update(name="示范区新闻")
    # updates past the admin, which drops what they change from the stored representations
    from articles.services.representations import representations_drop

    representations_drop(article_ids=seed.article_ids)
    return seed


def test_readers_see_the_papers_masthead_never_the_product_name(client, named_paper, fresh_throttle_counters):
    article = Article.objects.get(pk=named_paper.article_ids[0])
    for url in ("/", "/issues/", "/sections/", "/feed/", article.get_absolute_url(), "/sitemap-news.xml",
                "/search/?q=示范区", "/reporters/"):
        html = client.get(url).content.decode()
        assert "Newsroom" not in html, url
    assert "示范区日报" in client.get("/").content.decode()
    assert "<title>示范区日报 — 最新稿件</title>" in client.get("/feed/").content.decode()


def test_the_news_sitemap_names_the_paper_by_its_masthead(client, named_paper, fresh_throttle_counters):
    from articles.models import Issue, Page

    Issue.objects.update(date=timezone.localdate())
    Article.objects.update(published_at=timezone.now() - datetime.timedelta(hours=1))
    assert Page.objects.get().issue.date == timezone.localdate()
    news = client.get("/sitemap-news.xml").content.decode()
    assert "<news:name>示范区日报</news:name>" in news and "<news:name>本报</news:name>" not in news


def test_a_page_name_is_a_section_readers_browse(client, named_paper, fresh_throttle_counters):
    article = Article.objects.get(pk=named_paper.article_ids[0])
    section_url = reverse("site:section", args=["示范区新闻"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{section_url}"' in html  # in the breadcrumb
    response = client.get(section_url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == len(named_paper.article_ids)
    assert "示范区新闻" in client.get("/sections/").content.decode()
    assert client.get(reverse("site:section", args=["没有这个栏目"])).status_code == 404


def test_the_api_filters_articles_by_section(api, named_paper, fresh_throttle_counters):
    response = api.get("/api/v1/articles/", {"section": "示范区新闻"})
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["results"]} == set(named_paper.article_ids)
    assert api.get("/api/v1/articles/", {"section": "要闻"}).json()["results"] == []


def test_ensure_publication_creates_the_paper_from_the_settings_once(db, settings):
    from django.core.management import call_command

    from articles.models import Publication

    settings.NEWSROOM_DEFAULT_PUBLICATION = "周口晚报"
    settings.NEWSROOM_PUBLICATION_MASTHEAD = "周口晚报"
    call_command("ensure_publication", stdout=io.StringIO())
    paper = Publication.objects.get(name="周口晚报")
    assert (paper.masthead, paper.short_name) == ("周口晚报", "本报")
    paper.masthead = "编辑改过"
    paper.save()
    call_command("ensure_publication", stdout=io.StringIO())
    assert Publication.objects.get(name="周口晚报").masthead == "编辑改过"


# ------------------------------------------------------------------- 6. history you can read


@pytest.mark.django_db(False)
def test_the_history_diff_marks_the_characters_changed_within_a_paragraph():
    from articles.admin.history import _body_diff

    old = [{"type": "paragraph", "text": "示范区召开表彰大会。"}, {"type": "paragraph", "text": "不变的段落。"}]
    new = [{"type": "paragraph", "text": "示范区隆重召开表彰大会。"}, {"type": "paragraph", "text": "不变的段落。"}]
    before, after = _body_diff(old, new)
    assert "示范区召开表彰大会" in before and "<del>" not in before
    assert "示范区<ins>隆重</ins>召开表彰大会。" in after and "不变的段落" not in after
    before, after = _body_diff(old, [old[1]])
    assert "<del>示范区召开表彰大会。</del>" in before and after == "—"


def test_the_history_page_shows_character_diffs_in_wide_columns(editor_client, seed_page):
    from tests.test_admin import change_form_data

    article = seed_page.articles.filter(kind="story").order_by("order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    first = data["body-0-text"]
    data["body-0-text"] = first[:4] + "隆重" + first[4:]
    assert editor_client.post(url, data).status_code == 302
    html = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "<ins>隆重</ins>" in html and "newsroom_admin/history.css" in html
    assert "False" not in html.split('id="change-history"', 1)[1]


# ------------------------------------------------------ 3. the admin in Chinese: reasons and history
# The services, the page checks and the parser say why in English source strings (their `str()`, for
# logs and the commands); the admin and the API show them translated, in the request's language.


def _change_reasons(html: str) -> list[str]:
    """The change-reason column of the admin's history list, as shown."""
    table = html.split('id="change-history"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]  # (the head's row first)
    return [re.sub(r"\s+", " ", re.findall(r"<td>(.*?)</td>", row, flags=re.S)[-2]).strip() for row in rows]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("b.txt", b"\x00\x01\x02 binary \xff\xfe\x00", "这是二进制数据，不是文本"),
    ("c.txt", "今天天气很好。\n".encode(), "版面上没有可识别的稿件（没有标题，也没有图片新闻），未保存任何内容"),
    ("encrypted.pdf", "encrypted.pdf", "PDF 设置了密码，请另存为无密码的文件后重新上传"),
    ("not_a_pdf.pdf", "not_a_pdf.pdf", "不是 PDF 文件（文件开头没有 %PDF- 标记）"),
    ("scan_no_text.pdf", "scan_no_text.pdf", "没有文字层（是扫描版面吗？）"),
])
def test_the_admin_preview_gives_the_reason_a_file_cannot_be_imported_in_chinese(editor_client, name, data,
                                                                                 reason):
    if isinstance(data, str):
        data = (Path(__file__).parent / "data" / "bad" / data).read_bytes()
    response = upload(editor_client, [(name, data)])
    [preview] = response.context["previews"]
    assert reason in preview.error and not response.context["token"]
    assert f"不能导入: {preview.error}" in response.content.decode()
    assert not Page.objects.exists()


def test_the_reasons_are_english_for_the_logs_and_commands_whatever_the_language(tmp_path):
    from django.core.management import CommandError, call_command
    from django.utils import translation

    from articles.parsing import ParseError, parse_page
    from articles.parsing.pdf.document import PdfError, open_pdf
    from articles.services import PageImportError
    from newsroom.i18n import translated

    with translation.override("zh-hans"):
        with pytest.raises(ParseError) as parse_error:
            parse_page("\x00\x01\x02\x03" * 10 + "字")
        # the parser's error carries its English source string and parameters; str() is English
        assert parse_error.value.params == {"noise": 40, "total": 41}
        assert str(parse_error.value).startswith("not a page of text: 40 of 41 characters")
        assert translated(parse_error.value).startswith("不是版面文本：41 个字符中有 40 个是控制字符")
        with pytest.raises(PdfError) as pdf_error:
            open_pdf(b"Hello", name="notes.pdf")
        assert str(pdf_error.value) == "notes.pdf: not a PDF file (it does not start with %PDF-)"
        error = PageImportError("notes.pdf", pdf_error.value)
        assert str(error) == "notes.pdf: not a PDF file (it does not start with %PDF-)"
        assert translated(error) == "notes.pdf：不是 PDF 文件（文件开头没有 %PDF- 标记）"
        assert error.translated_reason() == "不是 PDF 文件（文件开头没有 %PDF- 标记）"
        # an error sent between processes (a worker's) keeps its message to translate
        for sent in (pdf_error.value, error):
            received = pickle.loads(pickle.dumps(sent))
            assert str(received) == str(sent) and translated(received) == translated(sent)

        noise = tmp_path / "noise.txt"
        noise.write_bytes(b"\x00\x01\x02 binary \xff\xfe\x00")
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_page", str(noise), stderr=err, stdout=io.StringIO())
    assert "noise.txt: binary data, not text" in err.getvalue()
    assert not re.search("[\u4e00-\u9fff]", err.getvalue())  # (the file's own name aside, nothing Chinese)


def test_the_api_gives_the_reason_in_the_clients_language_under_the_same_parameter(editor_api, seed):
    # (the staff's search: the public one answers from stored representations, another path)
    for language, expected in (("en", "the query has no letters, digits or Chinese characters to search for"),
                               ("zh-CN", "搜索词中没有可供搜索的字母、数字或汉字"),
                               (None, "搜索词中没有可供搜索的字母、数字或汉字")):
        headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
        response = editor_api.get("/api/v1/articles/", {"q": "！？"}, **headers)
        assert response.status_code == 400 and list(response.json()["errors"]) == ["q"]
        assert response.json()["errors"]["q"] == [expected], language
    response = editor_api.post("/api/v1/imports/", {"text": "今天天气很好。"}, format="json",
                               HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 400 and list(response.json()["errors"]) == ["text"]
    assert response.json()["detail"] == "<文本>：版面上没有可识别的稿件（没有标题，也没有图片新闻），未保存任何内容"


def test_the_history_stores_reasons_in_english_and_shows_them_in_chinese(editor_client, editor, seed_page):
    from articles.services import article_resolve_conflict, article_set_status, page_move

    article = seed_page.articles.order_by("order").first()
    article_set_status(articles=[article], status="review", user=editor)
    page_move(page=seed_page, date=datetime.date(2024, 3, 8), page_number=3, user=editor)
    article = Article.objects.get(pk=article.pk)
    article.has_import_conflict = True
    article.save()
    article_resolve_conflict(article=article, accept_new_parse=False, user=editor)
    stored = list(article.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert stored[0] == "import" and "status: review" in stored and "import conflict resolved" in stored

    html = editor_client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    shown = _change_reasons(html)
    assert "导入" in shown and "状态：审核中" in shown and "已解决导入冲突" in shown
    assert not any(reason in shown for reason in ("import", "status: review", "import conflict resolved"))


def test_history_reasons_of_every_form_read_in_chinese_old_rows_too():
    from django.utils import translation

    from newsroom.history import MARKED_STAFF, MERGED_PERSON, MOVED, STATUS, UNDATED_NUMBERED, change_reason_display

    assert STATUS.stored(status="published") == "status: published"
    undated = MOVED.stored(place=UNDATED_NUMBERED.message(publication="本报", number=3))
    assert undated == "moved to 本报 (undated) 第3版"
    with translation.override("zh-hans"):
        assert change_reason_display("status: published") == "状态：已发布"
        assert change_reason_display(undated) == "移至 本报（无日期）第3版"
        assert change_reason_display("moved to 2024-03-06 第1版") == "移至 2024-03-06 第1版"
        assert change_reason_display("re-import") == "重新导入"
        assert change_reason_display("edited") == "编辑"
        assert change_reason_display(MARKED_STAFF.stored()) == "标记为本报记者"
        assert change_reason_display(MERGED_PERSON.stored(source="宋力", id=7)) == "并入人物“宋力”（#7）"
        assert change_reason_display("merged into 宋力 (#3)") == "已并入“宋力”（#3）"
        # a reason no form knows (typed by someone else) is shown as it is; none is nothing
        assert change_reason_display("fixed by hand") == "fixed by hand"
        assert change_reason_display(None) == ""
    with translation.override("en"):
        assert change_reason_display("status: review") == "status: in review"


def test_a_merged_persons_history_and_a_refused_merge_read_in_chinese(editor_client, editor):
    from django.utils import translation

    from people.services import MergeError, person_merge

    keep = Person.objects.create(name="宋力")
    duplicate = Person.objects.create(name="宋力", disambiguation="重复")
    label, source_pk = str(duplicate), duplicate.pk
    person_merge(source=duplicate, target=keep, user=editor)
    html = editor_client.get(reverse("admin:people_person_history", args=[keep.pk])).content.decode()
    assert _change_reasons(html)[0] == f"并入人物“{label}”（#{source_pk}）"
    with pytest.raises(MergeError, match="cannot be merged into itself") as refused:
        person_merge(source=keep, target=keep, user=editor)
    with translation.override("zh-hans"):
        assert refused.value.translated() == "人物不能与自身合并"


# ---------------------------------------- 3. the admin in Chinese: an import's warnings, a job's reasons
# Warnings are stored in English (the import log's report, a job's reports: logs, commands, the API's
# English) and to translate beside them (`warning_messages`); the admin shows them in its language,
# an entry logged before as it was logged.


def test_an_imports_warnings_read_in_chinese_in_the_preview_the_result_and_the_log(editor_client, seed_text,
                                                                                 settings, tmp_path):
    from articles.models import PageImport

    settings.MEDIA_ROOT = tmp_path  # (the staged upload)
    headless = seed_text.replace("党建领航风帆劲 奋楫笃行踏新程\n", "", 1)  # the first story loses its headline
    shown = re.compile(r"第 \d+–\d+ 行：一篇没有标题的稿件")
    response = upload(editor_client, [("seed.txt", headless.encode())], page_number=1)
    [preview] = response.context["previews"]
    assert [bool(shown.fullmatch(warning)) for warning in preview.warnings] == [True]
    assert "a story with no headline" not in response.content.decode()
    result = editor_client.post(reverse("admin:articles_pageimport_confirm"), {"token": response.context["token"]})
    html = result.content.decode()
    assert shown.search(html) and "a story with no headline" not in html
    assert "<td>新建</td>" in html  # the outcome too

    log = PageImport.objects.get()
    assert re.fullmatch(r"lines \d+-\d+: a story with no headline", log.report["warnings"][0])  # English kept
    assert log.report["warning_messages"][0]["msgid"] == "lines %(first)d-%(last)d: a story with no headline"
    assert log.message == log.report["warnings"][0] and shown.fullmatch(log.warnings_display()[0])
    changelist = editor_client.get(reverse("admin:articles_pageimport_changelist")).content.decode()
    assert shown.search(changelist) and "a story with no headline" not in changelist
    entry = editor_client.get(reverse("admin:articles_pageimport_change", args=[log.pk])).content.decode()
    assert shown.search(entry) and "a story with no headline" not in entry
    # the page keeps its parse's warnings in English too: shown as its import logged them to translate
    page_url = reverse("admin:articles_page_change", args=[log.page_id])
    page = editor_client.get(page_url).content.decode()
    assert shown.search(page) and "a story with no headline" not in page

    # an entry logged before warnings were stored to translate: as it was logged
    log.report = {key: value for key, value in log.report.items() if key != "warning_messages"}
    log.save()
    changelist = editor_client.get(reverse("admin:articles_pageimport_changelist")).content.decode()
    assert "a story with no headline" in changelist
    assert "a story with no headline" in editor_client.get(page_url).content.decode()


def test_a_reimport_that_removes_articles_says_so_in_chinese(editor_client, seed_text):
    from articles.models import PageImport

    first = _import(seed_text, date=SEED_DATE, page_number=1)
    last = Article.objects.filter(page_id=first.page_id).order_by("order").last()
    report = _import("\n".join(seed_text.split("\n")[: last.source_first_line - 1]), date=SEED_DATE, page_number=1)
    [removed] = [warning for warning in report.warnings if "were removed" in warning]  # English, as before
    assert removed == f"1 article(s) of the earlier import are not in the new parse and were removed: {last.pk}"
    log = PageImport.objects.get(outcome="updated")
    html = editor_client.get(reverse("admin:articles_pageimport_change", args=[log.pk])).content.decode()
    assert f"上次导入的 1 篇稿件不在新的解析结果中，已删除：{last.pk}" in html
    assert "were removed" not in html


def test_stored_messages_read_back_in_either_language_and_anything_else_as_its_text():
    from django.utils import translation

    from articles.parsing.model import ParseWarning
    from newsroom.i18n import Message, MessageText, gettext_noop, stored_display, stored_displays, translated

    nested = Message(gettext_noop("%(file)s: %(reason)s"), {"file": "a.txt", "reason": Message(
        gettext_noop("%(file)s: the file is empty"), {"file": "b.txt"})})
    label = Article._meta.get_field("status").verbose_name  # a lazy label as a parameter
    with_label = Message(gettext_noop("moved to %(place)s"), {"place": label})
    for message in (nested, with_label):
        stored = message.to_json()
        assert Message.from_json(stored) is not None
        with translation.override("zh-hans"):
            assert stored_display(stored, "x") == message.translated()
        with translation.override("en"):
            assert stored_display(stored, "x") == str(message)
    # nothing stored, something that is no message, or parameters that do not fit: the English text
    for stored in (None, {}, [], "text", {"msgid": 3}, {"msgid": "%(missing)s", "params": {"other": 1}},
                   {"msgid": "%(n)d", "params": {"n": "not a number"}}):
        assert stored_display(stored, "as stored") == "as stored"
    assert stored_displays(None, ["a", "b"]) == ["a", "b"]
    assert stored_displays([{"msgid": "no articles found on the page", "params": {}}], ["a", "b"]) == ["a", "b"]
    # the parser's warnings and the writer's are strings that keep their message, across processes too
    for text in (ParseWarning(gettext_noop("%(count)d caption(s) found but no article to attach them to"), count=2),
                 MessageText(Message(gettext_noop("article %(id)d is not in the new parse; kept because it was edited"),
                                     {"id": 5}))):
        received = pickle.loads(pickle.dumps(text))
        assert received == text and Message.of(received) == Message.of(text)
        with translation.override("zh-hans"):
            assert translated(received) != str(received) and re.search("[\u4e00-\u9fff]", translated(received))


def test_a_pages_printed_header_reads_labelled_not_as_json(editor_client, seed_page):
    seed_page.header = {"file": None, "publication": "示范区日报", "date": "2024-03-06", "number": 1,
                        "name": "要闻", "credits": [{"name": "王编", "role": "editor", "label": "责任编辑"}]}
    seed_page.save(update_fields=["header"])
    html = editor_client.get(reverse("admin:articles_page_change", args=[seed_page.pk]),
                             HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    header = html.split('class="nr-page-header"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>版名</dt><dd>要闻</dd>" in header and "<dt>署名</dt><dd>责任编辑 王编</dd>" in header
    assert "<dt>文件</dt>" not in header  # nothing printed: no row
    assert '"credits"' not in html
