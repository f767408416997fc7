"""The search page: Chinese full text through articles.search, ranked, highlighted, paginated,
filtered by date and reporter; published articles only; bad queries get a message, never a 500."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles import search
from articles.models import Article
from articles.services import page_import
from people.models import Person

from .test_site import Archive

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

SEARCH = reverse("site:search")


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    settings.NEWSROOM_SITE_VERSION_RECHECK_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed(db, seed_text):
    report = page_import(text=seed_text, source_file="seed.txt", date=datetime.date(2024, 3, 6), page_number=1,
                         status=Article.Status.PUBLISHED)
    search.index_articles(report.article_ids)
    return Article.objects.filter(page_id=report.page_id).order_by("order")


@pytest.fixture
def archive(db) -> Archive:
    archive = Archive(days=3, pages=2, per_page=3, stored=True)
    search.index_articles([a.pk for a in archive.articles])
    return archive


def result_links(response) -> list[str]:
    return re.findall(r'<p class="item-title"><a href="([^"]+)">', response.content.decode())


@pytest.mark.django_db
def test_search_finds_ranks_and_highlights_in_chinese(client, seed):
    target = next(a for a in seed if "雷锋" in a.headline)
    response = client.get(SEARCH, {"q": "雷锋"})
    assert response.status_code == 200
    links = result_links(response)
    assert links and links[0] == target.get_absolute_url()  # the headline hit ranks first
    assert "<mark>雷锋</mark>" in response.content.decode()
    assert 'value="雷锋"' in response.content.decode()


@pytest.mark.django_db
def test_a_search_without_hits_says_so(client, seed):
    page = client.get(SEARCH, {"q": "足球"}).content.decode()
    assert "共找到 0 篇稿件" in page and "没有找到相关稿件" in page


@pytest.mark.django_db
def test_search_leaves_out_unpublished_articles(client, seed):
    target = next(a for a in seed if "雷锋" in a.headline)
    Article.objects.filter(pk=target.pk).update(status=Article.Status.DRAFT)
    assert target.get_absolute_url() not in result_links(client.get(SEARCH, {"q": "雷锋"}))


@pytest.mark.django_db
def test_search_paginates(client, archive):
    first = client.get(SEARCH, {"q": "城市建设"})
    second = client.get(SEARCH, {"q": "城市建设", "page": 2})
    assert "共找到 18 篇稿件" in first.content.decode()
    assert len(result_links(first)) == 10 and len(result_links(second)) == 8
    assert not set(result_links(first)) & set(result_links(second))
    assert "page=2" in first.content.decode() and "q=%E5%9F%8E%E5%B8%82" in first.content.decode()


@pytest.mark.django_db
def test_search_filters_by_date_and_reporter(client, archive):
    day = archive.issues[1].date.isoformat()
    dated = client.get(SEARCH, {"q": "城市建设", "start": day, "end": day})
    links = result_links(dated)
    assert dated.content.decode().count(f'value="{day}"') == 2  # both dates kept in the form
    expected = {a.get_absolute_url() for a in archive.articles if a.page.issue_id == archive.issues[1].pk}
    assert set(links) == expected and len(links) == 6
    by_reporter = client.get(SEARCH, {"q": "城市建设", "reporter": archive.reporter.pk})
    assert len(result_links(by_reporter)) == 10
    assert f'<option value="{archive.reporter.pk}" selected>李记者</option>' in by_reporter.content.decode()
    someone_else = Person.objects.create(name="赵记者")
    response = client.get(SEARCH, {"q": "城市建设", "reporter": someone_else.pk})
    assert result_links(response) == []  # not credited anywhere visible: not a valid choice either
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "message"), [
    ({"q": ""}, "请输入要搜索的词语"),
    ({"q": "   "}, "请输入要搜索的词语"),
    ({"q": "！？。"}, ""),
    ({"q": "城" * 101}, "请检查搜索条件"),
    ({"q": "城市", "start": "2024-02-30"}, "请检查搜索条件"),
    ({"q": "城市", "start": "2024-03-02", "end": "2024-03-01"}, "起始日期晚于截止日期"),
    ({"q": "城市", "reporter": "nonsense"}, "请检查搜索条件"),
    ({"q": "\x00\ufffd"}, ""),
])
def test_bad_or_empty_queries_get_a_friendly_message(client, archive, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="notice"' in html or "共找到" in html


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"q": "城市建设"}, {"q": "城市建设", "reporter": "reporter"}])
def test_search_page_query_count_is_bounded(client, archive, django_assert_max_num_queries, params):
    # content version (with the next scheduled publication), reporters, the page's ids with the count of
    # all hits, their texts with their stored results; captions only for hits whose body has no match
    params = {**params, **({"reporter": archive.reporter.pk} if "reporter" in params else {})}
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH, params)
    assert len(result_links(response)) == 10


@pytest.mark.django_db
@pytest.mark.parametrize("params", [
    {"q": "城市建设"}, {"q": "城市建设", "page": "2"}, {"q": "城市"}, {"q": "城"}, {"q": "建设 城市"},
    {"q": "城市建设", "reporter": "reporter"}, {"q": "城市建设", "start": "day", "end": "day"}, {"q": "无此词"},
])
def test_the_search_page_shows_the_hits_as_the_querysets_of_the_search_give_them(client, archive, params):
    """The page reads its ids, count and stored results without the search's querysets: the same
    results, snippets and count as those querysets, their rows and a live rendering give."""
    from articles import selectors, site_cards
    from articles.search import SearchPaginator, search_snippets
    from articles.views import SEARCH_PAGE_SIZE

    day = archive.issues[1].date
    params = {**params, **({"reporter": archive.reporter.pk} if "reporter" in params else {}),
              **({"start": day.isoformat(), "end": day.isoformat()} if "start" in params else {})}
    html = client.get(SEARCH, params).content.decode()
    results = selectors.search_published_articles(
        query=params["q"], start=day if "start" in params else None, end=day if "end" in params else None,
        reporter_id=params.get("reporter"))
    page = SearchPaginator(results, SEARCH_PAGE_SIZE).get_page(params.get("page"))
    hits = list(page.object_list)
    expected = site_cards.search_results(hits, search_snippets(hits, params["q"]))
    shown = re.findall(r'<li class="article-item.*?</li>', html, flags=re.S)
    assert shown == [re.sub(r"^\s+", "", str(item)) for item in expected]
    assert f"共找到 {page.paginator.count} 篇稿件" in html
    hidden = Article.objects.filter(pk__in=[hit.pk for hit in hits])
    links = {article.get_absolute_url() for article in hidden}
    hidden.update(status=Article.Status.DRAFT)  # past the services: the index still calls them visible
    cache.clear()
    assert not links & set(result_links(client.get(SEARCH, params)))


@pytest.mark.django_db
def test_an_unfiltered_search_is_counted_and_ranked_on_the_index_alone(client, archive):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, {"q": "城市建设"})
    searched = [q["sql"] for q in queries.captured_queries if "articles_search_document" in q["sql"]]
    assert "共找到 18 篇稿件" in response.content.decode()
    # One query: the page's keys and, by a window over the same matches, the count of them all.
    assert len(searched) == 1 and "articles_article" not in searched[0] and "COUNT(*) OVER" in searched[0]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [
    {"q": "城市建设"}, {"q": "城市建设", "page": "2", "reporter": "reporter"}, {"q": "<b>城市&"}, {"q": "无此词"},
    {"q": ""}, {}, {"q": "！？。"}, {"q": "城市", "start": "2024-02-30"},
])
def test_the_search_page_is_its_template_rendered_whole(client, archive, rf, params):
    """The view keeps the page around its own part (articles.views._search_frame): the same bytes
    as search.html rendered whole from the same context."""
    from django.shortcuts import render

    from articles import views

    params = {**params, **({"reporter": archive.reporter.pk} if "reporter" in params else {})}
    captured = {}
    original = views._render_search

    def capture(request, context):
        captured.update(request=request, context=context)
        return original(request, context)

    views._render_search, views._search_frames = capture, {}
    try:
        for _ in range(2):  # the page kept, then read
            cache.clear()
            response = client.get(SEARCH, params)
    finally:
        views._render_search = original
    whole = render(captured["request"], views.SEARCH_PAGE, captured["context"])
    assert response.content == whole.content
    assert "\x1e" not in response.content.decode()


@pytest.mark.django_db
def test_a_hit_whose_publication_was_moved_to_later_past_the_index_is_not_shown(client, archive):
    from django.utils import timezone

    links = result_links(client.get(SEARCH, {"q": "城市建设"}))
    moved = next(a for a in archive.articles if a.get_absolute_url() == links[0])
    Article.objects.filter(pk=moved.pk).update(published_at=timezone.now() + datetime.timedelta(hours=1))
    cache.clear()
    links = result_links(client.get(SEARCH, {"q": "城市建设"}))
    # the rows are read as of the request: left out (the index, not told, still counts it: a page of 9)
    assert moved.get_absolute_url() not in links and len(links) == 9


@pytest.mark.django_db
def test_hits_without_stored_results_are_rendered_live_the_same(client, archive):
    from articles.models import ArticleRepresentation

    stored = client.get(SEARCH, {"q": "城市建设"}).content
    ArticleRepresentation.objects.all().delete()
    cache.clear()
    assert client.get(SEARCH, {"q": "城市建设"}).content == stored


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "shown", "first"), [
    ("1", 10, 1), ("2", 8, 11), ("3", 8, 11), ("999", 8, 11), ("0", 8, 11), ("-1", 8, 11), ("x", 10, 1),
    ("2.5", 10, 1), ("", 10, 1),
])
def test_search_pages_and_counts_in_one_query_with_any_page_number(client, archive, page, shown, first):
    html = client.get(SEARCH, {"q": "城市建设", "page": page}).content.decode()
    assert "共找到 18 篇稿件" in html and len(re.findall('<li class="article-item">', html)) == shown
    assert f'start="{first}"' in html
