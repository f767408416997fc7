"""The JSON encoder of the models' JSON fields: Chinese text stays UTF-8.

Python's `json.dumps` writes every non-ASCII character as a `\\uXXXX` escape by default: an
article body would go to the database at twice its size in bytes, every character an escape the
driver must escape again inside the arrays of a bulk insert. Both databases store and compare
the UTF-8 form the same way.
"""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """`DjangoJSONEncoder` (dates, decimals, UUIDs...) writing non-ASCII characters as themselves."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)
