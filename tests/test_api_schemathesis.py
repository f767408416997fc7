"""Property-based run of schemathesis against the API's own OpenAPI schema, in process (WSGI).

Every operation gets generated requests, valid and invalid; the responses must never be 5xx
and must match the documented schema. Writes go with an editor's token, so the import and
status endpoints run their real code on generated input. Bounded: a few examples per operation.
"""
# ruff: noqa: F811  (pytest fixtures imported from tests.test_api_support are redefined as arguments)

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
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.test_api_support import build_archive, editor, fresh_throttle_counters  # noqa: F401


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


@schema.parametrize()
@hypothesis_settings(
    max_examples=5, deadline=None, derandomize=True, database=None, phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_generated_requests_without_server_errors(case, archive, editor_token):
    headers = {"Authorization": f"Token {editor_token}"} if case.method.upper() == "POST" else None
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
