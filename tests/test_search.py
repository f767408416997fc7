"""The search service (articles.search): query semantics, ranking, snippets, index upkeep and bad
queries, on small archives made for each test. Runs on SQLite (FTS5) and PostgreSQL (tsvector).

The quality table over the seed and dev pages is in test_search_quality.py."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleScope, Caption, Issue, Page, Publication
from articles.search import (
    SearchQueryError,
    index_articles,
    search_articles,
    search_snippet,
    search_snippets,
    visible_hit_keys,
)
from articles.search.models import SearchDocument, SearchRuns
from articles.services import article_save_edit, article_set_status, page_import
from people.models import Person, PersonMention

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_article():
    """Creates a published article on its own page of the day's issue, and indexes it."""
    publication = Publication.objects.create(name="测试报", slug="test-paper")
    pages: dict[datetime.date, int] = {}

    def make(headline: str, *paragraphs: str, date: datetime.date = datetime.date(2024, 3, 6),
             status: str = Article.Status.PUBLISHED, people: tuple[str, ...] = ()) -> Article:
        issue, _ = Issue.objects.get_or_create(publication=publication, date=date)
        pages[date] = pages.get(date, 0) + 1
        page = Page.objects.create(publication=publication, issue=issue, number=pages[date], sha256="0" * 64,
                                   raw_text="\n".join([headline, *paragraphs]), parser_version="test")
        article = Article.objects.create(
            page=page, order=1, headline=headline,
            body=[{"type": "paragraph", "text": text} for text in paragraphs],
            status=status, published_at=timezone.now() if status == Article.Status.PUBLISHED else None,
            source_first_line=1, source_last_line=1 + len(paragraphs), parser_version="test",
        )
        for name in people:
            PersonMention.objects.create(article=article, person=Person.objects.get_or_create(name=name)[0])
        index_articles([article.pk])
        return article

    return make


@pytest.fixture
def indexed_article(make_article) -> Article:
    return make_article("消防演练 COVID-19 Ｇ２０", "党工委书记宋力带队，志愿服务。")


def found(query: str, **kwargs) -> list[int]:
    return list(search_articles(query, **kwargs).values_list("pk", flat=True))


# -- finding words in unsegmented Chinese --------------------------------------------------------


def test_a_word_inside_unsegmented_chinese_text_is_found(make_article):
    article = make_article("传承雷锋精神 弘扬时代新风", "示范区开展学雷锋志愿服务活动，党工委书记宋力带队。")
    make_article("春节文艺演出", "演出吸引了众多市民。")
    for query in ("雷锋", "党工委", "宋力", "志愿服务"):
        assert found(query) == [article.pk], query


def test_an_unbroken_chinese_run_must_match_as_a_phrase(make_article):
    phrase = make_article("志愿服务进社区", "青年志愿服务队走进社区。")
    apart = make_article("志愿者慰问老人", "志愿者们为老人提供上门服务。")
    assert found("志愿服务") == [phrase.pk]
    # the same two words separated by a space: both must occur, anywhere
    assert set(found("志愿 服务")) == {phrase.pk, apart.pk}


def test_a_long_run_must_occur_whole_not_as_its_trigrams_apart(make_article):
    # every trigram of 志愿服务 (志愿服, 愿服务) and of 人民大会堂 is here, but neither run
    make_article("会议纪要", "他志愿服从安排，又自愿服务社会。", "人民大会在大会堂召开，民大会议另定。")
    whole = make_article("人民大会堂里的志愿服务", "志愿服务队来到人民大会堂。")
    assert found("志愿服务") == [whole.pk]
    assert found("人民大会堂") == [whole.pk]
    assert found('"人民 大会堂" 志愿服务') == [whole.pk]


def test_a_phrase_does_not_match_across_punctuation_or_paragraphs(make_article):
    make_article("会议纪要", "会议要求加强志愿。服务工作另行安排。", "他是志愿", "服务群众是宗旨")
    assert found("志愿服务") == []


def test_a_phrase_matches_across_a_line_break_inside_chinese_text(make_article):
    article = make_article("新华社消息", "新华\n社北京电")
    assert found("新华社") == [article.pk]


def test_quoted_text_is_one_phrase_whatever_spaces_it_holds(make_article):
    together = make_article("国务院侨务办公室发表贺词", "贺词全文如下。")
    apart = make_article("国务院召开会议", "会议研究了侨务工作。")
    assert found('"国务院 侨务"') == [together.pk]
    assert found("“国务院侨务”") == [together.pk]
    assert set(found("国务院 侨务")) == {together.pk, apart.pk}


def test_a_name_the_dictionary_does_not_know_is_found_however_it_was_cut(make_article):
    # an invented name, glued to the words around it
    article = make_article("基层调研", "岳小茵说，岳小茵带队检查了岳小茵村的消防车。")
    assert found("岳小茵") == [article.pk]
    assert found("消防") == [article.pk]  # a word inside a longer one (消防车)


def test_one_chinese_character_matches_anywhere_in_a_run(make_article):
    first = make_article("党建工作会议", "会议由书记主持。")
    inside = make_article("加强学习", "全体共产党员参加。")
    last = make_article("学习会", "热爱共产党。")
    alone = make_article("学习会", "全体参加，党。")
    make_article("春节联欢", "市民欢度佳节。")
    assert set(found("党")) == {first.pk, inside.pk, last.pk, alone.pk}


def test_latin_letters_and_digits_match_whatever_their_width_or_case(make_article):
    article = make_article("Ｇ２０峰会开幕", "COVID-19疫情以来的首次会议。")
    assert found("g20峰会") == [article.pk]
    assert found("covid-19") == [article.pk]
    assert found("Covid") == [article.pk]


def test_names_in_the_index_come_from_the_articles_mentions(make_article):
    article = make_article("会议召开", "会议研究部署工作。", people=("宋力",))
    assert found("宋力") == [article.pk]


# -- ranking ---------------------------------------------------------------------------------------


def test_a_hit_in_the_headline_ranks_above_hits_in_the_body(make_article):
    for day in range(1, 4):  # relevance is relative to an archive (SQLite's bm25 weighs rare words up)
        make_article("春节文艺演出", "演出吸引了众多市民。", date=datetime.date(2024, 2, day))
    in_body = make_article("城市建设新进展", "消防部门表示，消防通道必须畅通。")
    in_headline = make_article("消防安全检查", "检查组走访了辖区单位。")
    ranked = list(search_articles("消防"))
    assert [a.pk for a in ranked] == [in_headline.pk, in_body.pk]
    assert isinstance(ranked[0].search_rank, float)
    assert ranked[0].search_rank > ranked[1].search_rank


def test_equal_relevance_is_broken_by_recency(make_article):
    older = make_article("雷锋精神代代传", "学雷锋活动。", date=datetime.date(2023, 3, 5))
    newer = make_article("雷锋精神代代传", "学雷锋活动。", date=datetime.date(2024, 3, 5))
    oldest = make_article("雷锋精神代代传", "学雷锋活动。", date=datetime.date(2020, 3, 5))
    assert found("雷锋") == [newer.pk, older.pk, oldest.pk]


# -- the caller's queryset -------------------------------------------------------------------------


def test_the_queryset_narrows_the_candidates_and_the_result_filters_further(make_article):
    published = make_article("消防演练", "演练顺利。")
    make_article("消防检查", "检查顺利。", status=Article.Status.DRAFT)
    assert found("消防", queryset=Article.objects.published()) == [published.pk]
    results = search_articles("消防").filter(status=Article.Status.DRAFT)
    assert results.count() == 1


def test_a_results_page_takes_a_fixed_number_of_queries(make_article, django_assert_max_num_queries):
    for day in range(1, 25):
        make_article("消防安全检查", f"第{day}次检查。", date=datetime.date(2024, 1, day))
    # The page's keys (matched, ranked, sliced), its rows by key, the count.
    with django_assert_max_num_queries(3):
        results = search_articles("消防").select_related("page__issue")
        page = list(results[:20])
        total = results.count()
    assert len(page) == 20 and total == 24
    assert [a.page.issue.date.day for a in page] == list(range(24, 4, -1))



def test_hits_read_keys_first_keep_order_annotations_and_deferred_fields(make_article):
    for day in range(1, 6):
        make_article(f"消防检查{day}", "消防。" * day, date=datetime.date(2024, 1, day))
    results = search_articles("消防").select_related("page__issue").only("headline", "page__issue__date")
    expected = list(results.values_list("pk", "search_rank"))
    hits = list(results[1:4])
    assert [(a.pk, a.search_rank) for a in hits] == expected[1:4]
    assert all("body" in a.get_deferred_fields() and a.page.issue.date for a in hits)
    assert list(results.filter(pk=expected[0][0])) == [Article.objects.get(pk=expected[0][0])]
    assert list(search_articles("消防").filter(pk=-1)) == []


def test_without_a_narrowing_the_index_alone_finds_ranks_and_counts(make_article):
    for day in range(1, 8):
        make_article(f"消防检查{day}", "消防。" * day, date=datetime.date(2024, 1, day))
    make_article("无关", "天气晴。")
    joined = search_articles("消防", queryset=Article.objects.filter(pk__gt=0))  # the articles' own query
    with CaptureQueriesContext(connection) as queries:
        alone = search_articles("消防")
        page, total = list(alone[2:5]), alone.count()
    assert [(a.pk, a.search_rank) for a in page] == [(a.pk, a.search_rank) for a in joined[2:5]]
    assert total == joined.count() == 7
    # (and, on PostgreSQL, the statistics a process reads at most every few minutes: postgres.gram_shares)
    keys, _rows, count = (query["sql"] for query in queries.captured_queries if "pg_stats" not in query["sql"])
    assert "articles_article" not in keys and "articles_article" not in count


@pytest.mark.parametrize(("candidates", "scope"), [
    (lambda: Article.objects.all(), ArticleScope.EVERY),
    (lambda: Article.objects.only("headline").select_related("page").order_by("headline"), ArticleScope.EVERY),
    (lambda: Article.objects.published(), ArticleScope.PUBLISHED),
    (lambda: Article.objects.published().only("headline").prefetch_related("credits"), ArticleScope.PUBLISHED),
    (lambda: Article.objects.published().all().order_by("pk"), ArticleScope.PUBLISHED),
    (lambda: Article.objects.filter(kind="photo"), None),
    (lambda: Article.objects.published().filter(kind="photo"), None),
    (lambda: Article.objects.filter(kind="photo").published(), None),
    (lambda: Article.objects.published().exclude(headline=""), None),
    (lambda: Article.objects.published(timezone.now() - datetime.timedelta(days=1)), None),
    (lambda: Article.objects.annotate(n=Count("credits")), None),
    (lambda: Article.objects.distinct(), None),
    (lambda: Article.objects.filter(pk__gt=0), None),
])
def test_a_queryset_knows_whether_it_keeps_every_article_or_what_readers_see(candidates, scope):
    assert candidates().scope() == scope


def test_the_index_alone_continues_after_a_position_in_rank_and_key(make_article):
    """The API's cursor paging: annotate from the rank, order by it and the key, filter after a
    position — each refers only to the key and the rank, so the index still answers."""
    for day in range(1, 10):
        make_article(f"消防检查{day}", "消防。" * (day % 4 + 1), date=datetime.date(2024, 1, day))

    def paged(results, position):
        rank, key = position
        after = Q(search_rank__lt=rank) | Q(search_rank=rank, pk__lt=key)
        return results.filter(after).order_by(F("search_rank").desc(), F("pk").desc())[:3]

    joined = search_articles("消防", queryset=Article.objects.filter(pk__gt=0), public=True)
    alone = search_articles("消防", queryset=Article.objects.published())
    first = list(paged(alone, (1e9, 0)))
    position = (first[-1].search_rank, first[-1].pk)
    with CaptureQueriesContext(connection) as queries:
        second = list(paged(alone, position))
    assert [(a.pk, a.search_rank) for a in second] == [(a.pk, a.search_rank) for a in paged(joined, position)]
    assert len(second) == 3 and not {a.pk for a in first} & {a.pk for a in second}
    keys, _rows = (query["sql"] for query in queries.captured_queries)
    assert "articles_article" not in keys
    # A term the index cannot know of sends the query back to the articles, with the same answer.
    mixed = paged(alone.filter(Q(headline__startswith="消防") | Q(pk=0)), position)
    assert mixed.index_answer() is None and [a.pk for a in mixed] == [a.pk for a in second]


def test_narrowing_or_reordering_after_the_search_is_answered_by_the_articles(make_article):
    for day in range(1, 6):
        make_article(f"消防检查{day}", "消防。", date=datetime.date(2024, 1, day))
    results = search_articles("消防")
    narrowed = results.filter(headline__in=["消防检查2", "消防检查4"])
    assert [a.headline for a in narrowed] == ["消防检查4", "消防检查2"] and narrowed.count() == 2
    assert [a.headline for a in results.order_by("headline")[:2]] == ["消防检查1", "消防检查2"]
    assert results.exclude(headline="消防检查5").count() == 4


def test_public_searches_keep_what_readers_may_see_as_the_index_learns_it(make_article):
    shown = make_article("消防演练", "消防。")
    draft = make_article("消防草稿", "消防。", status=Article.Status.DRAFT)
    scheduled = make_article("消防预告", "消防。", status=Article.Status.DRAFT)
    article_set_status(articles=[scheduled], status=Article.Status.PUBLISHED,
                       publish_at=timezone.now() + datetime.timedelta(hours=1))
    everyone = search_articles("消防", public=True)
    assert [a.pk for a in everyone] == [shown.pk] and everyone.count() == 1
    assert set(found("消防")) == {shown.pk, draft.pk, scheduled.pk}  # staff see all
    article_set_status(articles=[draft], status=Article.Status.PUBLISHED)
    article_set_status(articles=[shown], status=Article.Status.DRAFT)
    assert [a.pk for a in search_articles("消防", public=True)] == [draft.pk]
    narrowed = search_articles("消防", queryset=Article.objects.filter(headline__startswith="消防"), public=True)
    assert [a.pk for a in narrowed] == [draft.pk] and narrowed.count() == 1


def test_a_hidden_article_the_index_was_not_told_of_is_never_shown(make_article):
    article = make_article("消防演练", "消防。")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)  # skips the services
    assert list(search_articles("消防", public=True)) == []  # rows are read from the visible articles

@pytest.mark.parametrize("query", ["消防", "消防安全", "消防安全检查", "消", "covid", "消防 检查", '"消防 安全"',
                                   "g20 消防", "无此词"])
def test_visible_hit_keys_are_the_public_searchs_page_and_count(make_article, query):
    """The site's search page reads its ids and count without the queryset (written out on
    PostgreSQL): the same hits, order and count as `search_articles(public=True)`, whatever units."""
    for day in range(1, 10):
        make_article(f"消防检查{day}", "消防安全检查。" * (day % 3 + 1), "COVID-19 G20。" * (day % 2),
                     date=datetime.date(2024, 1, day))
    make_article("消防草稿", "消防安全检查。", status=Article.Status.DRAFT)
    make_article("无关", "天气晴。")
    results = search_articles(query, public=True)
    for low, high in ((0, 4), (4, 8), (8, 12), (20, 24)):
        with CaptureQueriesContext(connection) as queries:
            ids, total = visible_hit_keys(query, low=low, high=high)
        assert ids == [a.pk for a in results[low:high]]
        assert total == (results.count() if ids else None)
        assert len(queries) == 1 and "articles_article" not in queries[0]["sql"]
    narrowed = Article.objects.filter(headline__endswith="1")
    assert visible_hit_keys(query, low=0, high=5, queryset=narrowed)[0] == [
        a.pk for a in search_articles(query, queryset=narrowed, public=True)[:5]]


def test_visible_hit_keys_leave_out_what_readers_do_not_see(make_article):
    shown = make_article("消防演练", "消防。")
    make_article("消防草稿", "消防。", status=Article.Status.DRAFT)
    assert visible_hit_keys("消防", low=0, high=10) == ([shown.pk], 1)
    with pytest.raises(SearchQueryError):
        visible_hit_keys("！？", low=0, high=10)


# -- snippets --------------------------------------------------------------------------------------


def test_a_snippet_marks_every_hit_and_escapes_the_text(make_article):
    article = make_article("检查", "<b>通知</b>：党工委书记宋力带队检查消防工作，宋力强调安全。")
    snippet = search_snippet(article, "宋力")
    assert snippet.count("<mark>宋力</mark>") == 2
    assert "&lt;b&gt;通知&lt;/b&gt;" in snippet
    assert "<b>" not in snippet


def test_a_snippet_marks_the_phrase_not_its_words_apart(make_article):
    article = make_article("志愿活动", "青年志愿者上门服务，弘扬志愿服务精神。新华\n社报道。")
    snippet = search_snippet(article, "志愿服务 新华社")
    assert snippet.count("<mark>") == 2
    assert "<mark>志愿服务</mark>" in snippet and "<mark>新华社</mark>" in snippet


def test_snippets_of_a_page_read_captions_only_where_the_body_has_no_hit(
        make_article, django_assert_num_queries):
    in_body = make_article("消防", "今天消防演练。")
    in_caption = make_article("图片新闻", "天气晴。")
    Caption.objects.create(article=in_caption, order=1, text="队员在消防演练中")
    with django_assert_num_queries(0):
        assert search_snippets([in_body], "消防") == ["今天<mark>消防</mark>演练。"]
    with django_assert_num_queries(1):
        assert search_snippets([in_body, in_caption], "消防") == [
            "今天<mark>消防</mark>演练。", "队员在<mark>消防</mark>演练中"]
    assert search_snippet(in_caption, "雷锋") == "天气晴。"


def test_a_snippet_is_cut_around_the_hits(make_article):
    article = make_article("长文", "开头" * 200 + "乡村振兴" + "结尾" * 200)
    snippet = search_snippet(article, "乡村振兴", length=40)
    assert "<mark>乡村振兴</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 42


def test_a_snippet_without_hits_or_with_a_bad_query_is_the_opening(make_article):
    article = make_article("标题", "第一段文字。")
    assert search_snippet(article, "雷锋") == "第一段文字。"
    assert search_snippet(article, "") == "第一段文字。"
    assert search_snippet(article, "x" * 10_000) == "第一段文字。"


# -- keeping the index current --------------------------------------------------------------------


def test_an_edit_is_found_once_indexed_and_the_old_text_is_not(make_article):
    article = make_article("旧标题", "原来的内容。")
    article.headline = "乡村振兴新篇章"
    article_save_edit(article=article)
    index_articles([article.pk])
    assert found("乡村振兴") == [article.pk]
    assert found("旧标题") == []


def test_deleted_articles_drop_out_of_the_index(make_article):
    kept = make_article("消防演练", "演练顺利。")
    deleted = make_article("消防检查", "检查顺利。")
    deleted_pk = deleted.pk
    deleted.delete()
    index_articles([deleted_pk, kept.pk])
    assert found("消防") == [kept.pk]
    assert not SearchDocument.objects.filter(pk=deleted_pk).exists()
    assert not SearchRuns.objects.filter(pk=deleted_pk).exists()


def test_imported_articles_are_found_once_indexed(seed_text):
    report = page_import(text=seed_text, source_file="seed.txt", date=datetime.date(2024, 3, 6), page_number=1)
    index_articles(report.article_ids)
    hits = search_articles("雷锋")
    assert hits.exists()
    assert all(hit.pk in report.article_ids for hit in hits)


def test_indexing_is_idempotent(make_article):
    article = make_article("消防演练", "演练顺利。")
    index_articles([article.pk, article.pk])
    index_articles([article.pk])
    assert SearchDocument.objects.count() == SearchRuns.objects.count() == 1
    assert found("消防") == [article.pk]


# -- bad queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "   ", "。，！？", "“”", '""', "x" * 10_000, "雷锋" * 5_000, " ".join(f"词{i}" for i in range(50))],
    ids=["empty", "spaces", "punctuation", "empty-quotes", "empty-ascii-quotes", "10000-latin", "10000-chinese",
         "50-words"],
)
def test_an_unusable_query_raises_a_search_query_error(make_article, query):
    make_article("消防演练", "演练顺利。")
    with pytest.raises(SearchQueryError):
        search_articles(query)


@pytest.mark.parametrize(
    "query",
    ["\"'", "'消防", "消防 OR 演练", "消防*", "NEAR(消防)", "消防 -演练", "消防 & !演练 | x", "\\", "%_", "(消防",
     "\x00消防", "消防\ud800"],
)
def test_query_syntax_characters_are_plain_text(make_article, query):
    article = make_article("消防演练", "演练顺利。")
    try:
        results = found(query)
    except SearchQueryError:
        return  # refused with a message is fine; an error from the database is not
    assert set(results) <= {article.pk}


def test_a_query_that_is_not_text_raises_a_search_query_error():
    with pytest.raises(SearchQueryError):
        search_articles(None)  # type: ignore[arg-type]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_any_text_is_a_search_or_a_search_query_error(indexed_article, query):
    # the fixture's article is made once for all examples: hypothesis reuses function-scoped fixtures
    try:
        results = found(query)
    except SearchQueryError:
        return
    assert set(results) <= {indexed_article.pk}


@pytest.mark.django_db
def test_postgres_plans_a_common_word_through_the_index_not_a_scan_of_every_document():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner cost (SQLite's FTS5 always answers from its index)")
    # Migration 0007: matching a document reads its vector out of TOAST; costed as one operator,
    # a word in most articles was answered by matching every row (3x slower than the index).
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE oid = 'ts_match_vq(tsvector, tsquery)'::regprocedure")
        assert cursor.fetchone()[0] >= 100


@pytest.mark.django_db
@pytest.mark.parametrize("public", [False, True])
def test_postgres_ranks_the_newest_hits_and_lists_older_ones_by_date(make_article, monkeypatch, public):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's rank window (SQLite ranks every hit)")
    from articles.search import postgres

    monkeypatch.setattr(postgres, "RANK_WINDOW", 3)
    older = [make_article(f"旧闻{day}", "消防。" * day, date=datetime.date(2024, 1, day)) for day in (1, 2)]
    day3 = [make_article(f"三日{n}", "消防。" * n, date=datetime.date(2024, 1, 3)) for n in (1, 3)]
    newest = make_article("消防 消防", "消防安全。", date=datetime.date(2024, 1, 4))
    make_article("无关", "天气晴。", date=datetime.date(2024, 1, 5))
    # the 3 newest hits (one of the 4th, two of the 3rd) are ranked, on the index alone and joined
    for results in (search_articles("消防", public=public),
                    search_articles("消防", queryset=Article.objects.filter(pk__gt=0), public=public)):
        ranks = dict(results.values_list("pk", "search_rank"))
        assert {pk for pk, rank in ranks.items() if rank > 0} == {newest.pk, *(a.pk for a in day3)}
        order = [a.pk for a in results]
        assert set(order[:3]) == {newest.pk, *(a.pk for a in day3)}
        assert order[3:] == [older[1].pk, older[0].pk]  # unranked: newest first
    monkeypatch.setattr(postgres, "RANK_WINDOW", 10)  # fewer hits than the window: all ranked
    assert all(rank > 0 for rank in search_articles("消防").values_list("search_rank", flat=True))


@pytest.mark.parametrize(("low", "high", "after", "from_newest"), [
    (0, 2, None, True),  # positive ranks only: the 3 newest hits answer alone
    (1, 3, None, True),
    (0, 3, None, True),
    (0, 4, None, False),  # reaches an unranked hit: all the hits answer
    (2, 5, None, False),
    (0, 6, None, False),  # more than there are
    (0, 1, 1, True),  # after a position (the API's cursor), still within the ranked hits
    (0, 2, 1, True),
    (0, 2, 2, False),
])
def test_postgres_reads_a_page_of_positive_ranks_from_the_newest_hits(
    make_article, monkeypatch, low, high, after, from_newest
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's rank window (SQLite ranks every hit)")
    from articles.search import postgres

    monkeypatch.setattr(postgres, "RANK_WINDOW", 3)
    for day in range(1, 6):
        make_article(f"消防{day}", "消防。" * (day % 3 + 1), date=datetime.date(2024, 1, day))
    make_article("无关", "天气晴。", date=datetime.date(2024, 1, 6))
    results = search_articles("消防", public=True).order_by(F("search_rank").desc(), F("pk").desc())
    every = [(a.pk, a.search_rank) for a in search_articles("消防", queryset=Article.objects.filter(pk__gt=0))
             .order_by(F("search_rank").desc(), F("pk").desc())]
    assert [rank > 0 for _, rank in every] == [True, True, True, False, False]
    if after is not None:
        key, rank = every[after - 1]
        results = results.filter(Q(search_rank__lt=rank) | Q(search_rank=rank, pk__lt=key))
        every = every[after:]
    searched_on = []  # what postgres.search is built on from here: the index ("") only when needed
    search = postgres.search
    monkeypatch.setattr(postgres, "search", lambda queryset, parsed, **kwargs: (
        searched_on.append(kwargs.get("document")) or search(queryset, parsed, **kwargs)))
    with CaptureQueriesContext(connection) as queries:
        page = [(a.pk, a.search_rank) for a in results[low:high]]
    assert page == every[low:high]
    keys = [query["sql"] for query in queries.captured_queries if "articles_article" not in query["sql"]]
    assert ["row_number" not in sql for sql in keys] == ([True] if from_newest else [True, False])
    assert searched_on == ([] if from_newest else [""])


def test_postgres_newest_hits_check_the_run_of_a_long_query(make_article, monkeypatch):
    """A query of 4+ characters: its trigrams find candidates, the run itself decides. The newest
    hits check the run on the candidates newest first, until the window is full."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's rank window (SQLite ranks every hit)")
    from articles.search import postgres

    monkeypatch.setattr(postgres, "RANK_WINDOW", 2)
    hits = [make_article(f"消防安全{day}", "消防安全。" * day, date=datetime.date(2024, 1, day)) for day in (1, 2, 3)]
    # the newest candidate holds both trigrams, never the run
    make_article("安置", "消防安置，预防安全。", date=datetime.date(2024, 1, 4))
    results = search_articles("消防安全", public=True)
    with CaptureQueriesContext(connection) as queries:
        page = [a.pk for a in results[:2]]
    assert page == [hits[2].pk, hits[1].pk]
    assert len(queries) == 2 and "row_number" not in queries[0]["sql"]
    assert [a.pk for a in results] == [hits[2].pk, hits[1].pk, hits[0].pk]
