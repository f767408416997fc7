"""Property-based run of schemathesis against the API's own OpenAPI schema, in process (WSGI).

Every operation gets generated requests, valid and invalid; the responses must never be 5xx,
must match the documented schema (an operation documented as open to anonymous clients is, and
one documented as needing a token refuses a request without one), and every error is JSON. Writes
go with an editor's token, so the import and status endpoints run their real code on generated input.

MAX_EXAMPLES generated requests per operation, MAX_EXAMPLES_ARTICLE_LIST for the article list
(13 x 100 + 300 = 1,600 a run): enough to have found issue 19's 500s from offsets beyond ±15:59 in
the list's date-time filters (schemathesis draws an offset's hour from 0 to 23; at 5 an operation,
or 150, it had not yet set one of them so). What generation cannot reach (a forged cursor, a
publish time for an article that exists) runs as EXPLICIT cases, one per finding, as do the
schema's claim that reads need a token (the ignored_auth check) and the JSON errors.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import ignored_auth, response_schema_conformance

from articles.api.pagination import KeysetCursorPagination
from tests.test_api_support import build_archive

pytestmark = pytest.mark.usefixtures("fresh_throttle_counters")


def load_schema() -> schemathesis.BaseSchema:
    """The schema /api/v1/schema/ serves (same generator), bound to the project's WSGI application.

    Built at collection time without a request: schemathesis' fixture-based loader does not work
    with this pytest, and the endpoint itself is tested in test_api.py."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from newsroom.wsgi import application

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def open_to_generated_traffic(db, monkeypatch, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis' WSGI client's host
    # Generated traffic must meet the API, not the throttle.
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "100000/minute")
    monkeypatch.setitem(UserRateThrottle.THROTTLE_RATES, "user", "100000/minute")
    # The WSGI handler closes the database connection after each request; inside the test's
    # transaction that would lose it. Django's own test client unhooks the same signal.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def archive(db):
    return build_archive(12, per_page=4)


@pytest.fixture
def editor_token(editor) -> str:
    return Token.objects.create(user=editor).key


#: generated requests per operation; the article list, whose twenty-odd filters hold the date-times
#: of issue 19's 500s, gets more (schemathesis found them there from about 150 on)
MAX_EXAMPLES = 100
MAX_EXAMPLES_ARTICLE_LIST = 300
ARTICLE_LIST = {"path": "/api/v1/articles/", "method": "GET"}


def errors_are_json(ctx, response, case) -> bool | None:
    """A check: every error of the API is JSON (Django's own pages were HTML: a 500, a CSRF failure)."""
    if response.status_code >= 400:
        content_type = (response.headers.get("content-type") or [""])[0]  # schemathesis: lower-case names, lists
        media_type = content_type.split(";")[0].strip()
        assert media_type == "application/json" or (media_type.startswith("application/") and media_type.endswith(
            "+json")), f"{response.status_code} as {content_type!r}"
    return None


CHECKS = [not_a_server_error, response_schema_conformance, ignored_auth, errors_are_json]


def call_and_check(case, editor_token: str) -> None:
    # The token given to the check too: ignored_auth then knows it for ours (not one it generated),
    # and tries the request again without it and with a wrong one, which must be refused.
    headers = {"Authorization": f"Token {editor_token}"} if case.method.upper() == "POST" else None
    response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)


def generated(max_examples: int):
    return hypothesis_settings(
        max_examples=max_examples, deadline=None, derandomize=True, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )


@schema.exclude(**ARTICLE_LIST).parametrize()
@generated(MAX_EXAMPLES)
def test_api_answers_generated_requests_without_server_errors(case, archive, editor_token):
    call_and_check(case, editor_token)


@schema.include(**ARTICLE_LIST).parametrize()
@generated(MAX_EXAMPLES_ARTICLE_LIST)
def test_the_article_list_answers_generated_requests_without_server_errors(case, archive, editor_token):
    call_and_check(case, editor_token)


def cursor(ordering: str, values: list) -> str:
    return KeysetCursorPagination().encode_cursor(ordering, values, False)


#: issue 19's findings on the API, each as a request: (method, path, path parameters ("article":
#: an article of the archive), query, body, the status it must get). Anonymous unless it has a body.
EXPLICIT = {
    "published_after beyond +15:59": ("GET", "/api/v1/articles/", {}, {"published_after": "2024-01-01T00:00:00+16:00"},
                                      None, 400),
    "published_before beyond -15:59": ("GET", "/api/v1/articles/", {},
                                       {"published_before": "2024-01-01T00:00:00-23:59"}, None, 400),
    "updated_since beyond +15:59": ("GET", "/api/v1/articles/", {}, {"updated_since": "2024-01-01T00:00:00+20:00"},
                                    None, 400),
    "cursor beyond +15:59": ("GET", "/api/v1/articles/", {},
                             {"cursor": cursor("-published_at", ["2024-01-01T00:00:00+16:00", 1])}, None, 400),
    "cursor holding a NUL": ("GET", "/api/v1/people/", {},
                             {"ordering": "name", "cursor": cursor("name", ["\x00", "", 1])}, None, 400),
    "cursor that is a NUL": ("GET", "/api/v1/people/", {}, {"cursor": "\x00"}, None, 400),
    "NUL as an id": ("GET", "/api/v1/articles/{id}/", {"id": "\x00"}, {}, None, 404),
    "publish_at in year 183": ("POST", "/api/v1/articles/{id}/status/", {"id": "article"}, {},
                               {"status": "published", "publish_at": "0183-05-01T00:00:00Z"}, 400),
    "publish_at in local mean time": ("POST", "/api/v1/articles/{id}/status/", {"id": "article"}, {},
                                      {"status": "published", "publish_at": "1850-06-01T00:00:00+08:00"}, 400),
    # the schema said reads need a token: ignored_auth fails an anonymous 200 on such an operation
    "anonymous list": ("GET", "/api/v1/articles/", {}, {}, None, 200),
    "anonymous article": ("GET", "/api/v1/articles/{id}/", {"id": "article"}, {}, None, 200),
    "anonymous import list is refused": ("POST", "/api/v1/imports/", {}, {}, {"text": "x"}, 401),
}


@pytest.mark.parametrize("name", list(EXPLICIT))
def test_api_answers_issue_19s_requests(name, archive, editor_token):
    method, path, path_parameters, query, body, expected = EXPLICIT[name]
    path_parameters = {key: archive[0].pk if value == "article" else value for key, value in path_parameters.items()}
    operation = schema[path][method]
    case = operation.Case(path_parameters=path_parameters, query=query,
                          **({"body": body, "media_type": "application/json"} if body is not None else {}))
    anonymous = body is None or name.startswith("anonymous")
    headers = None if anonymous else {"Authorization": f"Token {editor_token}"}
    response = case.call(headers=headers)
    assert response.status_code == expected, response.text
    case.validate_response(response, checks=CHECKS, headers=headers)
