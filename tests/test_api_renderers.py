"""The API's JSON renderer (orjson) writes what DRF's JSONRenderer writes."""

from __future__ import annotations

import datetime
import decimal
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer

from articles.api.renderers import JSONRenderer

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("data", [
    {"headline": "传承雷锋精神 弘扬时代新风", "id": 7, "rank": 0.6518329381942749, "ok": True, "none": None},
    [{"text": "第一段\u2028第二段\u2029", "quote": 'a "b" \\ c', "control": "\t\n\x01"}],
    {"utc": datetime.datetime(2024, 1, 5, 8, 30, tzinfo=datetime.UTC),
     "shanghai": datetime.datetime(2024, 1, 5, 8, 30, 15, 123456, tzinfo=SHANGHAI),
     "naive": datetime.datetime(2024, 1, 5, 8, 30), "date": datetime.date(2024, 1, 5),
     "time": datetime.time(8, 30)},
    {"amount": decimal.Decimal("1.50"), "id": uuid.UUID(int=1), "lazy": gettext_lazy("Not found."),
     "numbers": (1, 2, 3), "empty": {}, "nested": {"a": [[], [{}]]}},
    {1: "一", 2: "二"},
    "纯文本",
    [],
])
def test_the_same_bytes_as_drf(data):
    assert JSONRenderer().render(data) == DRFJSONRenderer().render(data)


def test_indented_json_is_drfs_own():
    data = {"headline": "雷锋", "list": [1, 2]}
    media_type = "application/json; indent=2"
    assert JSONRenderer().render(data, media_type) == DRFJSONRenderer().render(data, media_type)
    assert b"\n  " in JSONRenderer().render(data, media_type)


def test_nothing_renders_as_no_bytes():
    assert JSONRenderer().render(None) == b""
