"""How PostgreSQL finds a query's newest hits (articles.search.postgres.newest_hits): along the date
index for a common word, through the GIN index for a rarer one, chosen from the database's own
statistics of the gram column. Every way finds the same hits with the same ranks."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Issue, Page, Publication
from articles.search import index_articles, search_articles
from articles.search.postgres import GramShares, Scan, choose_scan, unit_match
from articles.search.query import parse_query

# -- the choice (no database) --------------------------------------------------------------------

STATISTICS = GramShares(
    documents=10_000,
    shares={"消防": 0.5, "新时代": 0.13, "示范区": 0.9, "枫桥经": 0.4, "桥经验": 0.3},
    unlisted=0.005,
)


@pytest.mark.parametrize(("query", "statistics", "scan"), [
    ("消防", STATISTICS, Scan.WALK),  # in half the documents: the newest 200 are among the newest ~400
    ("示范区", STATISTICS, Scan.WALK),
    ("新时代", STATISTICS, Scan.GIN),  # 13% of 10,000: 1,300 matches are quicker to find than to walk to
    ("新时代", GramShares(100_000, STATISTICS.shares, 0.005), Scan.WALK),  # ... but not 13,000
    ("宋力", STATISTICS, Scan.GIN),  # not among the common grams
    ("枫桥经验", STATISTICS, Scan.WALK),  # a long run: its rarest trigram (30%)
    ("枫桥经验", GramShares(2_000, STATISTICS.shares, 0.005), Scan.GIN),  # a small archive
    ("消防 宋力", STATISTICS, Scan.GIN),  # both must match: at most the rarer one's share
    ("消防 covid", STATISTICS, Scan.WALK),  # the Latin word has no estimate; the Chinese one decides
    ("covid", STATISTICS, Scan.PLANNER),  # no estimate at all
    ("消", STATISTICS, Scan.PLANNER),  # a prefix stands for many grams
    ("消防", None, Scan.PLANNER),  # never analyzed
])
def test_a_common_word_walks_the_dates_and_a_rarer_one_uses_the_gin_index(query, statistics, scan):
    matches = [unit_match(unit) for unit in parse_query(query).units]
    assert choose_scan(matches, statistics) is scan


def test_a_units_share_is_its_grams_or_its_rarest_trigrams():
    def share(query: str) -> float | None:
        (unit,) = parse_query(query).units
        return STATISTICS.share(unit_match(unit))

    queries = ("消防", "新时代", "枫桥经验", "宋力", "消", "covid")
    assert [share(q) for q in queries] == [0.5, 0.13, 0.3, 0.005, None, None]


# -- the scans on PostgreSQL ---------------------------------------------------------------------

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                   reason="PostgreSQL's rank window and statistics (SQLite ranks every hit)")


@pytest.fixture
def archive(db):
    """Twelve days of articles, one a day: common words, a long run with a decoy that holds its
    trigrams apart, a Latin word, and text no query finds."""
    publication = Publication.objects.create(name="测试报", slug="test-paper")
    texts = [
        ("消防演练", "消防安全。消防队员。"), ("天气", "天气晴。"), ("消防安全进社区", "消防安全，人人有责。"),
        ("安置", "消防安置，预防安全。"), ("G20峰会", "峰会在杭州举行，G20。"), ("消防", "消防G20安全。"),
        ("新时代", "新时代文明实践。"), ("消防宣传", "宣传消防安全知识。"), ("文明", "新风尚。"),
        ("消防员", "消防员训练。"), ("安全生产", "安全生产月。"), ("消防车", "消防车出动，安全到达。"),
    ]
    articles = []
    for day, (headline, text) in enumerate(texts, start=1):
        issue = Issue.objects.create(publication=publication, date=datetime.date(2024, 1, day))
        page = Page.objects.create(publication=publication, issue=issue, number=1, sha256="0" * 64,
                                   raw_text=text, parser_version="test")
        articles.append(Article.objects.create(
            page=page, order=1, headline=headline, body=[{"type": "paragraph", "text": text}],
            status=Article.Status.PUBLISHED, published_at=timezone.now(),
            source_first_line=1, source_last_line=2, parser_version="test",
        ))
    index_articles([a.pk for a in articles])
    return articles


@postgres_only
@pytest.mark.parametrize("window", [2, 50])
@pytest.mark.parametrize("query", ["消防", "消防安全", "安全 消防", "消", "g20", "消防 g20", "新时代", "无此词"])
@pytest.mark.parametrize("scan", list(Scan))
def test_every_scan_finds_the_same_newest_hits_with_the_same_ranks(archive, monkeypatch, window, query, scan):
    from articles.search import postgres
    from articles.search.models import SearchDocument

    monkeypatch.setattr(postgres, "RANK_WINDOW", window)
    # the newest hits and their ranks as the window over every hit gives them (the query of all the
    # hits, joined to the articles; one article a day)
    hits = search_articles(query, queryset=Article.objects.filter(pk__gt=0)).values_list(
        "pk", "search_rank", "page__issue__date")
    ranked = {pk: rank for pk, rank, _ in sorted(hits, key=lambda hit: hit[2], reverse=True)[:window]}
    newest = postgres.newest_hits(SearchDocument.objects.all(), parse_query(query), scan=scan)
    assert dict(newest.values_list("pk", "search_rank")) == ranked
    assert len(ranked) == min(window, len(hits))


@postgres_only
def test_the_statistics_are_postgresqls_own_read_once_in_a_while(archive, monkeypatch):
    from articles.search import postgres

    monkeypatch.setattr(postgres, "_statistics", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search_document")
    statistics = postgres.gram_shares(connection.alias)
    assert statistics.documents == len(archive)
    assert statistics.shares["消防"] == pytest.approx(7 / 12, abs=0.01)  # ANALYZE reads every row of a small table
    assert "新时代" in statistics.shares and statistics.unlisted <= 0.005
    with CaptureQueriesContext(connection) as queries:
        assert postgres.gram_shares(connection.alias) is statistics
    assert len(queries) == 0
    monkeypatch.setattr(postgres, "STATISTICS_TTL", -1.0)
    monkeypatch.setattr(postgres, "_statistics", {})
    postgres.gram_shares(connection.alias)
    with CaptureQueriesContext(connection) as queries:
        postgres.gram_shares(connection.alias)
    assert len(queries) == 1  # expired: read again


@postgres_only
def test_a_search_of_a_common_word_walks_and_of_a_rarer_one_uses_the_gin_index(archive, monkeypatch):
    from articles.search import postgres

    monkeypatch.setattr(postgres, "WALK_CROSSOVER", 12 * 0.5 * 0.5)  # 消防, in 7 of 12, walks; 新时代 does not
    monkeypatch.setattr(postgres, "_statistics", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_search_document")
    for query, walks in (("消防", True), ("新时代", False)):
        with CaptureQueriesContext(connection) as queries:
            assert list(search_articles(query, public=True)[:1])
        keys = queries.captured_queries[-2]["sql"]
        assert ("strpos" in keys, "MATERIALIZED" in keys) == (walks, not walks), query
