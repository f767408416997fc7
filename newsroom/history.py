"""Why a record changed, as its history keeps it: stored in English, shown in the reader's language.

Every service that saves a change names its reason with one of the forms below (`STATUS.stored(
status="published")` gives "status: published"); the history stores that English text, as it did
before there were forms, so rows written before read the same. The admin's history list shows it
translated (`change_reason_display`, the `change_reason` template filter): the text is matched
against the forms, its parameters read back, and the form translated with them::

    >>> STATUS.stored(status="published")
    'status: published'
    >>> with translation.override("zh-hans"):
    ...     change_reason_display("status: published"), change_reason_display("moved to 本报 (undated) 第3版")
    ('状态：已发布', '移至 本报（无日期）第3版')

A reason no form matches (a reason typed elsewhere) is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsroom.i18n import Message, gettext_noop

__all__ = ["ChangeReason", "change_reason_display"]

#: simple_history's column for the reason
MAX_REASON_LENGTH = 100

_FORMS: list[ChangeReason] = []


class ChangeReason:
    """One form of reason: an English source string with `%(name)s` placeholders; `converters` turn
    a parameter read back from a stored text into what is shown (a status's label, a place).
    `reason=False`: a form of a parameter only (a place), not tried on a whole reason."""

    def __init__(self, template: str, *, converters: dict[str, Callable[[str], Any]] | None = None,
                 reason: bool = True) -> None:
        self.template = template
        self.converters = converters or {}
        pieces = re.split(r"%\((\w+)\)[sd]", template)  # literal, name, literal, name, ..., literal
        self._pattern = re.compile("".join(
            f"(?P<{piece}>.+?)" if index % 2 else re.escape(piece) for index, piece in enumerate(pieces)
        ), flags=re.S)
        if reason:
            _FORMS.append(self)
            # the most literal text first: "merged person %(source)s ..." before "merged %(source)s into ..."
            _FORMS.sort(key=lambda form: -len("".join(re.split(r"%\(\w+\)[sd]", form.template)[::2])))

    def message(self, **params: Any) -> Message:
        return Message(self.template, params)

    def stored(self, **params: Any) -> str:
        """The reason as the history stores it: English, at most the column's length."""
        return str(self.message(**params))[:MAX_REASON_LENGTH]

    def read(self, text: str) -> Message | None:
        """The stored `text` as this form's message, or None where it is not of this form."""
        match = self._pattern.fullmatch(text)
        if match is None:
            return None
        return Message(self.template, {name: self.converters.get(name, _same)(value)
                                       for name, value in match.groupdict().items()})


def change_reason_display(text: str | None) -> str:
    """A stored reason in the active language ("" for none)."""
    if not text:
        return ""
    for form in _FORMS:
        message = form.read(text)
        if message is not None:
            return message.translated()
    return text


def _same(value: str) -> str:
    return value


def _status_label(value: str) -> Any:
    from articles.models import Article  # (the models import settings-bound Django: only when shown)

    return Article.Status(value).label if value in Article.Status.values else value


def _place(value: str) -> Any:
    """A page's place (`articles.services.importing.page_place`): "本报 (undated)" translated."""
    for form in (UNDATED_NUMBERED, UNDATED):
        message = form.read(value)
        if message is not None:
            return message
    return value


# -------------------------------------------------------------------------- the forms stored

#: a page's place where it has no date (parameters of MOVED; `page_place` gives them)
UNDATED = ChangeReason(gettext_noop("%(publication)s (undated)"), reason=False)
UNDATED_NUMBERED = ChangeReason(gettext_noop("%(publication)s (undated) 第%(number)s版"), reason=False)

# articles
IMPORTED = ChangeReason(gettext_noop("import"))
REIMPORTED = ChangeReason(gettext_noop("re-import"))
EDITED = ChangeReason(gettext_noop("edited"))
EDITED_IN_ADMIN = ChangeReason(gettext_noop("edited in the admin"))
STATUS = ChangeReason(gettext_noop("status: %(status)s"), converters={"status": _status_label})
CONFLICT_RESOLVED = ChangeReason(gettext_noop("import conflict resolved"))
MOVED = ChangeReason(gettext_noop("moved to %(place)s"), converters={"place": _place})

# people, organizations, events
MERGED_INTO_EVENT = ChangeReason(gettext_noop("merged %(source)s into %(target)s"))
MERGED_PERSON = ChangeReason(gettext_noop("merged person %(source)s (#%(id)s) into it"))
MERGED_ORGANIZATION = ChangeReason(gettext_noop("merged organization %(source)s (#%(id)s) into it"))
MERGED_INTO = ChangeReason(gettext_noop("merged into %(target)s (#%(id)s)"))
MARKED_STAFF = ChangeReason(gettext_noop("marked staff reporter"))
UNMARKED_STAFF = ChangeReason(gettext_noop("unmarked staff reporter"))
