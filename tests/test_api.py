"""The REST API: resources, visibility, filters, ordering, fields, conditional GET, errors."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Event, Issue
from articles.services import article_set_status
from people.models import Organization, OrganizationAlias, Person, Place
from tests.test_api_support import build_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_throttle_counters")]

ARTICLES = "/api/v1/articles/"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {item["id"] for item in results(response)}


# ------------------------------------------------------------------------------- articles


def test_an_article_deleted_while_its_page_is_read_is_left_out_not_a_500(seed):
    """The articles' rows and their related rows (print position included) are two reads: an
    article deleted between them is gone from a list, and a single one is a 404."""
    from rest_framework.exceptions import NotFound

    from articles.api.serializers.read import ArticleSerializer

    kept, deleted = Article.objects.filter(pk__in=seed.article_ids).order_by("pk")[:2]
    Article.objects.filter(pk=deleted.pk).delete()  # the instance in hand was read before
    listed = ArticleSerializer([kept, deleted], many=True, context={"request": None}).data
    assert [item["id"] for item in listed] == [kept.pk]
    deleted._api_loaded = False
    with pytest.raises(NotFound):
        ArticleSerializer(context={"request": None}).to_representation(deleted)


def test_article_list_carries_the_parse_and_print_position(api, seed):
    items = results(api.get(ARTICLES))
    assert {item["id"] for item in items} == set(seed.article_ids)
    story = next(item for item in items if item["kind"] == "story" and item["credits"])
    assert story["url"] == f"http://testserver/api/v1/articles/{story['id']}/"
    assert story["public_url"].startswith(f"http://testserver/articles/{story['id']}/")
    assert story["headline"] and story["body"] and {b["type"] for b in story["body"]} <= {"paragraph", "subhead"}
    credit = story["credits"][0]
    assert credit["role"] in {"reporter", "correspondent", "photographer", "intern", "editor"}
    assert credit["person"]["url"] == f"http://testserver/api/v1/people/{credit['person']['id']}/"
    position = story["print_position"]
    assert position["issue_date"] == "2024-03-06" and position["page_number"] == 1
    assert position["page_url"] == "http://testserver/issues/2024-03-06/pages/1/"
    assert position["issue_url"].startswith("http://testserver/api/v1/issues/")
    assert story["status"] == "published" and story["published_at"]
    assert set(story["mentions"]) == {"people", "organizations", "places", "events"}
    assert set(story["source"]) >= {"first_line", "last_line", "parser_version"}


def test_article_detail_matches_its_list_entry(api, seed):
    listed = {item["id"]: item for item in results(api.get(ARTICLES))}
    article_id = seed.article_ids[1]
    response = api.get(f"{ARTICLES}{article_id}/")
    assert response.status_code == 200
    assert response.json() == listed[article_id]


def test_caption_credits_sit_with_their_caption(api, db):
    article = build_archive(1)[0]
    item = api.get(f"{ARTICLES}{article.pk}/").json()
    assert [c["role"] for c in item["credits"]] == ["reporter"]
    assert item["captions"] == [{"order": 1, "text": "图为测试现场。", "credits": [
        {"person": item["captions"][0]["credits"][0]["person"], "role": "photographer", "label": "", "order": 0}
    ]}]
    assert item["mentions"]["people"][0]["titles"] == ["区委书记"]
    assert item["mentions"]["organizations"][0]["forms"] == ["党工委测试"]
    assert item["mentions"]["events"][0]["date"] == "2023-01-02"
    assert item["keywords"] == ["测试"]


def test_readers_see_only_published_articles(api, seed, editor_api):
    hidden = Article.objects.get(pk=seed.article_ids[0])
    article_set_status(articles=[hidden], status="draft")
    scheduled = Article.objects.get(pk=seed.article_ids[1])
    scheduled.published_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save()
    assert ids(api.get(ARTICLES)) == set(seed.article_ids[2:])
    assert api.get(f"{ARTICLES}{hidden.pk}/").status_code == 404
    assert api.get(f"{ARTICLES}{scheduled.pk}/").status_code == 404
    assert ids(editor_api.get(ARTICLES)) == set(seed.article_ids)
    assert ids(editor_api.get(ARTICLES, {"status": "draft"})) == {hidden.pk}
    assert editor_api.get(f"{ARTICLES}{hidden.pk}/").json()["status"] == "draft"


def test_a_token_without_staff_rights_sees_what_readers_see(reader_api, seed):
    article_set_status(articles=[Article.objects.get(pk=seed.article_ids[0])], status="draft")
    assert ids(reader_api.get(ARTICLES)) == set(seed.article_ids[1:])


# -------------------------------------------------------------------------------- filters


@pytest.fixture
def archive(db):
    return build_archive(40, per_page=10, start=datetime.date(2023, 1, 1))


def test_issue_date_filters(api, archive):
    # Four pages, one a day from 2023-01-01; ten articles each.
    assert len(ids(api.get(ARTICLES, {"issue_date_after": "2023-01-03", "page_size": 100}))) == 20
    assert len(ids(api.get(ARTICLES, {"issue_date_before": "2023-01-01", "page_size": 100}))) == 10
    both = api.get(ARTICLES, {"issue_date_after": "2023-01-02", "issue_date_before": "2023-01-02"})
    assert ids(both) == {a.pk for a in archive[10:20]}


def test_published_time_filters(api, archive):
    boundary = Article.objects.get(pk=archive[15].pk).published_at
    newer = ids(api.get(ARTICLES, {"published_after": boundary.isoformat(), "page_size": 100}))
    older = ids(api.get(ARTICLES, {"published_before": boundary.isoformat(), "page_size": 100}))
    assert newer == {a.pk for a in archive[:20]}  # ten share each publish hour
    assert older == {a.pk for a in archive[10:]}


def test_event_date_filters(api, archive):
    # The archive's event (2023-01-02) is reported by its first three articles.
    assert ids(api.get(ARTICLES, {"event_date_after": "2023-01-02"})) == {a.pk for a in archive[:3]}
    assert ids(api.get(ARTICLES, {"event_date_before": "2023-01-01"})) == set()
    assert ids(api.get(ARTICLES, {"event_date_after": "2023-01-01", "event_date_before": "2023-01-31"})) == {
        a.pk for a in archive[:3]
    }


def test_page_kind_issue_and_publication_filters(api, archive):
    # Pages are numbered 1, 2, 3, 4 on successive days.
    assert ids(api.get(ARTICLES, {"page": 2})) == {a.pk for a in archive[10:20]}
    photo = archive[5]
    Article.objects.filter(pk=photo.pk).update(kind="photo")
    assert ids(api.get(ARTICLES, {"kind": "photo"})) == {photo.pk}
    issue = Issue.objects.get(date=datetime.date(2023, 1, 4))
    assert ids(api.get(ARTICLES, {"issue": issue.pk})) == {a.pk for a in archive[30:40]}
    assert len(ids(api.get(ARTICLES, {"publication": "test-daily", "page_size": 100}))) == 40
    assert ids(api.get(ARTICLES, {"publication": "no-such-paper"})) == set()


def test_reporter_person_organization_place_and_keyword_filters(api, archive, seed):
    test_ids = {a.pk for a in archive}
    reporter = Person.objects.get(name="测试记者")
    official = Person.objects.get(name="张测试")
    photographer = Person.objects.get(name="测试摄影")
    page = {"page_size": 100}
    assert ids(api.get(ARTICLES, {"reporter": reporter.pk, **page})) == test_ids
    assert ids(api.get(ARTICLES, {"reporter": photographer.pk, **page})) == test_ids  # caption credits count
    assert ids(api.get(ARTICLES, {"reporter": official.pk, **page})) == set()
    assert ids(api.get(ARTICLES, {"person": official.pk, **page})) == test_ids  # mentioned
    organization = Organization.objects.get(name="测试区党工委")
    assert ids(api.get(ARTICLES, {"organization": organization.pk, **page})) == test_ids
    assert ids(api.get(ARTICLES, {"place": Place.objects.get(name="测试广场").pk, **page})) == test_ids
    assert ids(api.get(ARTICLES, {"keyword": "测试", **page})) == test_ids
    assert ids(api.get(ARTICLES, {"keyword": "没有这个词"})) == set()
    seed_reporter = Person.objects.get(name="姬慧洋")
    assert ids(api.get(ARTICLES, {"reporter": seed_reporter.pk, **page})) == set(seed.article_ids)


def test_updated_since_filter(api, archive):
    cutoff = timezone.now()
    Article.objects.filter(pk=archive[7].pk).update(updated_at=cutoff + datetime.timedelta(seconds=5))
    assert ids(api.get(ARTICLES, {"updated_since": cutoff.isoformat()})) == {archive[7].pk}


def test_filters_combine(api, archive):
    reporter = Person.objects.get(name="测试记者")
    assert ids(api.get(ARTICLES, {"reporter": reporter.pk, "page": 1, "issue_date_after": "2023-01-01",
                                  "issue_date_before": "2023-01-01"})) == {a.pk for a in archive[:10]}


def test_q_finds_articles_by_chinese_text(api, seed):
    from articles.search import index_articles

    index_articles(seed.article_ids)
    found = results(api.get(ARTICLES, {"q": "雷锋精神"}))
    assert found and found[0]["headline"] == "传承雷锋精神 弘扬时代新风"
    by_date = results(api.get(ARTICLES, {"q": "示范区", "ordering": "-published_at"}))
    assert by_date and all("示范区" in "".join(b["text"] for b in a["body"]) + a["headline"] for a in by_date)


def test_q_pages_by_relevance_each_match_once(api, seed):
    from articles.search import index_articles

    index_articles(seed.article_ids)
    everything = [item["id"] for item in results(api.get(ARTICLES, {"q": "示范区", "page_size": 100}))]
    paged: list[int] = []
    response = api.get(ARTICLES, {"q": "示范区", "page_size": 2, "fields": "id"})
    while True:
        body = response.json()
        paged += [item["id"] for item in body["results"]]
        if not body["next"]:
            break
        response = api.get(body["next"])
    assert len(everything) > 2 and paged == everything


@pytest.mark.parametrize("client_name", ["api", "editor_api"])
def test_q_pages_on_the_search_index_alone_unless_another_filter_narrows(request, client_name, seed):
    """Only `q`: the hits are matched, ranked and paged after the cursor's position on the search
    documents (what readers see, or all for staff), not joined to the articles, which a join
    would scan for every query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles.search import index_articles

    client = request.getfixturevalue(client_name)
    index_articles(seed.article_ids)
    everything = ids(client.get(ARTICLES, {"q": "示范区", "page_size": 100}))
    hidden = Article.objects.get(pk=min(everything))
    article_set_status(articles=[hidden], status=Article.Status.DRAFT)
    found = ids(client.get(ARTICLES, {"q": "示范区", "page_size": 100}))
    assert found == (everything if client_name == "editor_api" else everything - {hidden.pk})
    first = client.get(ARTICLES, {"q": "示范区", "page_size": 2, "fields": "id"}).json()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(first["next"]).json()
    keys = next(q["sql"] for q in queries.captured_queries if "articles_search_document" in q["sql"])
    assert "articles_article" not in keys
    assert second["results"] and not {a["id"] for a in first["results"]} & {a["id"] for a in second["results"]}
    stories = set(Article.objects.filter(kind=Article.Kind.STORY).values_list("pk", flat=True))
    narrowed = ids(client.get(ARTICLES, {"q": "示范区", "kind": "story", "page_size": 100}))
    assert narrowed == found & stories and narrowed != found


def test_a_query_with_nothing_to_search_is_400(api, seed):
    response = api.get(ARTICLES, {"q": "，。！"})
    assert response.status_code == 400 and "q" in response.json()["errors"]


# ------------------------------------------------------------------------------- ordering


def test_orderings(api, archive):
    newest_issue = results(api.get(ARTICLES, {"ordering": "-issue_date", "page_size": 12}))
    assert [item["id"] for item in newest_issue] == [a.pk for a in archive[30:40]] + [a.pk for a in archive[20:22]]
    oldest_issue = results(api.get(ARTICLES, {"ordering": "issue_date", "page_size": 3}))
    assert [item["id"] for item in oldest_issue] == [a.pk for a in archive[:3]]
    published = results(api.get(ARTICLES, {"ordering": "published_at", "page_size": 100}))
    times = [item["published_at"] for item in published]
    assert times == sorted(times)
    updated = results(api.get(ARTICLES, {"ordering": "-updated_at", "page_size": 100}))
    assert [i["updated_at"] for i in updated] == sorted((i["updated_at"] for i in updated), reverse=True)


def test_unknown_ordering_and_relevance_without_query_are_400(api, archive):
    response = api.get(ARTICLES, {"ordering": "headline"})
    assert response.status_code == 400 and "ordering" in response.json()["errors"]
    assert api.get(ARTICLES, {"ordering": "relevance"}).status_code == 400


# --------------------------------------------------------------------------------- fields


def test_fields_selects_what_is_returned(api, archive):
    items = results(api.get(ARTICLES, {"fields": "id,headline,print_position"}))
    assert all(set(item) == {"id", "headline", "print_position"} for item in items)
    detail = api.get(f"{ARTICLES}{archive[0].pk}/", {"fields": "credits"}).json()
    assert set(detail) == {"credits"}
    repeated = results(api.get(ARTICLES, {"fields": ["id", "headline"]}))  # ?fields=id&fields=headline
    assert all(set(item) == {"id", "headline"} for item in repeated)
    blank_names = results(api.get(ARTICLES, {"fields": ",,,"}))
    assert blank_names == results(api.get(ARTICLES)) and "credits" in blank_names[0]


def test_fields_skips_the_queries_of_what_is_not_asked(api, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the content version; the articles
        assert results(api.get(ARTICLES, {"fields": "id,headline,status"}))


def test_unknown_field_is_400(api, archive):
    response = api.get(ARTICLES, {"fields": "id,nonsense"})
    assert response.status_code == 400
    assert "nonsense" in response.json()["detail"]


# ---------------------------------------------------------------------- conditional GET


def test_conditional_get_by_etag(api, archive):
    first = api.get(f"{ARTICLES}{archive[0].pk}/")
    etag = first.headers["ETag"]
    again = api.get(f"{ARTICLES}{archive[0].pk}/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    listed = api.get(ARTICLES)
    assert api.get(ARTICLES, HTTP_IF_NONE_MATCH=listed.headers["ETag"]).status_code == 304
    Article.objects.filter(pk=archive[0].pk).update(headline="改过的标题", updated_at=timezone.now())
    assert api.get(f"{ARTICLES}{archive[0].pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_conditional_get_by_last_modified(api, archive):
    response = api.get(f"{ARTICLES}{archive[0].pk}/")
    last_modified = response.headers["Last-Modified"]
    assert api.get(f"{ARTICLES}{archive[0].pk}/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    later = timezone.now() + datetime.timedelta(minutes=5)
    Article.objects.filter(pk=archive[0].pk).update(updated_at=later)
    changed = api.get(f"{ARTICLES}{archive[0].pk}/", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert changed.status_code == 200 and changed.headers["Last-Modified"] == http_date(int(later.timestamp()))


def test_a_list_is_revalidated_by_its_etag_alone(api, archive):
    """The newest change among the rows shown cannot tell that a row left the list: a list sends no
    Last-Modified, and If-Modified-Since alone gets the list afresh."""
    listed = api.get(ARTICLES)
    assert "Last-Modified" not in listed.headers
    article_set_status(articles=[Article.objects.get(pk=listed.json()["results"][0]["id"])], status="draft")
    refreshed = api.get(ARTICLES, HTTP_IF_MODIFIED_SINCE=http_date(int(timezone.now().timestamp()) + 60))
    assert refreshed.status_code == 200 and refreshed.json() != listed.json()
    assert api.get(ARTICLES, HTTP_IF_NONE_MATCH=refreshed.headers["ETag"]).status_code == 304


def test_responses_vary_by_authorization(api, archive):
    response = api.get(ARTICLES)
    assert "Authorization" in response.headers["Vary"] and "public" in response.headers["Cache-Control"]


# ------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("params", [
    {"issue_date_after": "yesterday"},
    {"published_after": "9999-12-31T23:59:59-14:00"},
    {"updated_since": "not a time"},
    {"page": "-1"},
    {"page": "99999999999999999999999"},
    {"reporter": "abc"},
    {"kind": "video"},
    {"page_size": "0"},
    {"page_size": "1000"},
    {"cursor": "garbage"},
    {"cursor": "eyJvIjoiLXB1Ymxpc2hlZF9hdCIsInYiOlsieCIsMV19"},  # right shape, a bad time inside
    {"q": "字" * 201},
])
def test_a_bad_parameter_is_a_json_400(api, archive, params):
    response = api.get(ARTICLES, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] and set(body["errors"]) == set(params)


def test_unknown_format_is_406_and_unknown_path_a_json_404(api, archive):
    assert api.get(ARTICLES, {"format": "ninjs"}).status_code == 406
    assert api.get(ARTICLES, {"format": "xml"}).json()["detail"].startswith("Unknown format")
    for url in ("/api/v1/", "/api/v1/schema/"):  # DRF's and drf-spectacular's own views too
        assert api.get(url, {"format": "xml"}).status_code == 406, url
    by_accept = api.get(ARTICLES, HTTP_ACCEPT="application/xml")
    assert by_accept.status_code == 406 and "application/json" in by_accept.json()["detail"]
    missing = api.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404 and missing.json()["detail"]
    assert api.get(f"{ARTICLES}{2**70}/").status_code == 404
    assert api.get(f"{ARTICLES}abc/").status_code == 404


def test_path_without_slash_redirects(api, archive):
    response = api.get("/api/v1/articles")
    assert response.status_code == 301 and response.headers["Location"].endswith("/api/v1/articles/")


# ------------------------------------------------------------------ other resources


def test_people_list_detail_and_name_query(api, archive):
    people = results(api.get("/api/v1/people/"))
    assert [p["name"] for p in people] == sorted(p["name"] for p in people)
    reporter = next(p for p in people if p["name"] == "测试记者")
    assert reporter["is_staff_reporter"] is True
    assert reporter["articles_url"] == f"http://testserver/api/v1/articles/?person={reporter['id']}"
    assert api.get(reporter["url"]).json() == reporter
    assert [p["name"] for p in results(api.get("/api/v1/people/", {"q": "记者"}))] == ["测试记者"]
    assert [p["name"] for p in results(api.get("/api/v1/people/", {"is_staff_reporter": "true"}))] == ["测试记者"]
    assert "测试记者" not in [p["name"] for p in results(api.get("/api/v1/people/", {"is_staff_reporter": "0"}))]
    nonsense = api.get("/api/v1/people/", {"is_staff_reporter": "maybe"})
    assert nonsense.status_code == 400 and "is_staff_reporter" in nonsense.json()["errors"]


def test_organizations_match_by_alias(api, archive):
    other = Organization.objects.create(name="另一个单位")
    OrganizationAlias.objects.create(organization=other, name="别名单位")
    found = results(api.get("/api/v1/organizations/", {"q": "别名"}))
    assert [o["id"] for o in found] == [other.pk]
    assert found[0]["aliases"] == ["别名单位"]
    assert [o["name"] for o in results(api.get("/api/v1/organizations/", {"q": "党工委测试"}))] == ["测试区党工委"]


def test_places_filter_by_kind(api, archive):
    Place.objects.create(name="测试村", kind=Place.Kind.VILLAGE)
    assert [p["name"] for p in results(api.get("/api/v1/places/", {"kind": "village"}))] == ["测试村"]
    assert [p["name"] for p in results(api.get("/api/v1/places/", {"q": "广场"}))] == ["测试广场"]


def test_events_list_with_date_filters_and_only_visible_articles(api, editor_api, archive):
    event = Event.objects.get(name="测试活动")
    article_set_status(articles=[Article.objects.get(pk=archive[0].pk)], status="draft")
    item = api.get(f"/api/v1/events/{event.pk}/").json()
    assert item["date"] == "2023-01-02" and item["place"]["name"] == "测试广场"
    assert [a["id"] for a in item["articles"]] == [archive[1].pk, archive[2].pk]
    assert len(editor_api.get(f"/api/v1/events/{event.pk}/").json()["articles"]) == 3
    assert ids(api.get("/api/v1/events/", {"date_after": "2023-01-02"})) == {event.pk}
    assert ids(api.get("/api/v1/events/", {"date_before": "2023-01-01"})) == set()
    assert ids(api.get("/api/v1/events/", {"article": archive[1].pk})) == {event.pk}
    hidden = Event.objects.create(name="只在草稿里的活动", year=2023, month=5, day=1)
    hidden.articles.add(Article.objects.get(pk=archive[0].pk))
    assert hidden.pk not in ids(api.get("/api/v1/events/"))
    assert hidden.pk in ids(editor_api.get("/api/v1/events/"))


def test_issues_with_their_pages_and_visible_articles(api, archive):
    article_set_status(articles=[Article.objects.get(pk=archive[39].pk)], status="draft")
    issues = results(api.get("/api/v1/issues/"))
    assert [i["date"] for i in issues] == ["2023-01-04", "2023-01-03", "2023-01-02", "2023-01-01"]
    latest = issues[0]
    assert latest["public_url"] == "http://testserver/issues/2023-01-04/"
    (page,) = latest["pages"]
    assert page["number"] == 4 and page["public_url"] == "http://testserver/issues/2023-01-04/pages/4/"
    assert [a["id"] for a in page["articles"]] == [a.pk for a in archive[30:39]]
    assert ids(api.get("/api/v1/issues/", {"date_after": "2023-01-03"})) == {
        i["id"] for i in issues[:2]
    }


def test_issue_with_only_drafts_is_hidden_from_readers(api, editor_api, archive):
    article_set_status(articles=Article.objects.filter(pk__in=[a.pk for a in archive[:10]]), status="draft")
    assert "2023-01-01" not in {i["date"] for i in results(api.get("/api/v1/issues/"))}
    assert "2023-01-01" in {i["date"] for i in results(editor_api.get("/api/v1/issues/"))}


def test_schema_and_docs_are_served(api, db):
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = schema.json()
    assert document["openapi"].startswith("3.")
    list_parameters = {p["name"] for p in document["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    assert list_parameters >= {
        "q", "issue_date_after", "issue_date_before", "published_after", "published_before", "event_date_after",
        "event_date_before", "page", "kind", "reporter", "person", "organization", "place", "keyword",
        "updated_since", "ordering", "cursor", "page_size", "fields",
    }
    assert "/api/v1/imports/" in document["paths"]
    assert "/api/v1/articles/{id}/status/" in document["paths"]
    undocumented = [(path, method, parameter["name"]) for path, operations in document["paths"].items()
                    for method, operation in operations.items() for parameter in operation.get("parameters", [])
                    if not parameter.get("description")]
    assert undocumented == []
    q = next(p for p in document["paths"]["/api/v1/articles/"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"] == {"type": "string", "maxLength": 200}
    docs = api.get("/api/v1/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_head_and_options_answer(api, editor_api, archive):
    head = api.head(ARTICLES)
    assert head.status_code == 200 and head.headers["ETag"] and head.content == b""
    assert api.options(ARTICLES).status_code == 200
    options = editor_api.options("/api/v1/imports/")
    assert options.status_code == 200 and "file" in options.json()["actions"]["POST"]


def test_the_browsable_api_renders_for_people(api, editor_api, archive):
    for client, url in ((api, ARTICLES), (api, f"{ARTICLES}{archive[0].pk}/"), (editor_api, "/api/v1/imports/"),
                        (editor_api, f"{ARTICLES}{archive[0].pk}/"), (api, "/api/v1/issues/")):
        response = client.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code in (200, 405), (url, response.status_code)
        assert response.headers["Content-Type"].startswith("text/html")


def test_the_filterset_holds_only_the_filters_a_request_gives():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from articles.api.filters import ArticleFilter, GivenFiltersBackend

    view = type("View", (), {"filterset_class": ArticleFilter})()
    backend = GivenFiltersBackend()

    def filterset(**params):
        return backend.get_filterset(Request(APIRequestFactory().get(ARTICLES, params)), Article.objects.all(), view)

    assert filterset() is None and filterset(fields="id", page_size=5) is None
    given = filterset(q="雷锋", issue_date_after="2024-01-01", kind="")
    assert list(given.filters) == ["issue_date_after", "kind", "q"]
    assert given.is_valid() and not filterset(issue_date_after="nonsense").is_valid()
    assert isinstance(given, ArticleFilter) and set(ArticleFilter.base_filters) > set(given.filters)
