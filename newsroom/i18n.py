"""Messages made in English and read in the reader's language.

The services, the page-file checks and the parser refuse bad input with an error whose message is
an English source string marked for the catalogue (`gettext_noop`; the parser, which imports no
Django, has a no-op marker of the same name) and its parameters. `str()` of the error is English:
logs and the commands (which print English by design, `no_translations`) read that. The admin,
the site and the API show it translated, in the request's language, through `translated()`::

    >>> error = PageImportError("a.txt", gettext_noop("binary data, not text"))
    >>> str(error)
    'a.txt: binary data, not text'
    >>> with translation.override("zh-hans"):
    ...     translated(error)
    'a.txt：二进制数据，不是文本'

A parameter may itself be a `Message` (a place "本报 (undated)", a reason inside a file's error)
or a lazy translation (a field's verbose name, a choice's label): it is translated with the rest,
and English in `str()`. A translation whose placeholders do not fit its source (which
`msgfmt --check-format` refuses anyway) falls back to the English rather than failing the page.

A message read later — an import job's failed file, an import's warnings — is stored twice: its
English text (what logs, commands and rows written before read) and `Message.to_json()` beside it
(`{"msgid": ..., "params": {...}}`), which `stored_display()` shows translated::

    >>> stored = Message(gettext_noop("%(file)s: the file is empty"), {"file": "a.txt"}).to_json()
    >>> stored
    {'msgid': '%(file)s: the file is empty', 'params': {'file': 'a.txt'}}
    >>> with translation.override("zh-hans"):
    ...     stored_display(stored, "a.txt: the file is empty"), stored_display(None, "an older row's text")
    ('a.txt：文件是空的', "an older row's text")

Where a list of strings is expected (a report's warnings), `MessageText` is a message's English text
that keeps its message: `str` to everything that reads strings, `translated()` where it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, override

__all__ = ["Message", "MessageError", "MessageText", "gettext_noop", "stored_display", "stored_displays",
           "translated"]


@dataclass(frozen=True)
class Message:
    """An English source string (`template`, with `%(name)s` placeholders) and its parameters."""

    template: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def verbatim(cls, text: str) -> Message:
        """Text that is shown as it is in every language (a database's own error, a file name)."""
        return cls("%(text)s", {"text": text})

    @classmethod
    def joined(cls, parts: Sequence[Message | str], separator: str = gettext_noop("; ")) -> Message:
        """The parts one after the other, with the separator in between (translated too: "；")."""
        template = "%(separator)s".join(f"%(part{index})s" for index in range(len(parts)))
        params = {f"part{index}": part for index, part in enumerate(parts)}
        return cls(template, {"separator": cls(separator), **params})

    @classmethod
    def of(cls, error: object) -> Message:
        """The message an error or a text carries: ours (`MessageError`, `MessageText`), the parser's
        (`message` and `params`: `articles.parsing.model.ParseError`, `ParseWarning`), or any other
        error's or text's as it is."""
        if isinstance(error, Message):
            return error
        message = getattr(error, "message", None)
        if isinstance(message, Message):
            return message
        if isinstance(message, str):
            return cls(message, dict(getattr(error, "params", None) or {}))
        return cls.verbatim(str(error))

    def to_json(self) -> dict[str, Any]:
        """The message to store (a JSONField): its source string and its parameters, a parameter
        that is a message (or a lazy label: its English source) stored the same way."""
        return {"msgid": self.template, "params": {name: _param_json(value) for name, value in self.params.items()}}

    @classmethod
    def from_json(cls, data: object) -> Message | None:
        """The message `to_json()` stored, or None where `data` is none (an older row, an empty
        field) or does not make one."""
        message = _message_json(data)
        if message is None:
            return None
        try:
            str(message)
        except (KeyError, ValueError, TypeError):  # parameters that do not fit the source string
            return None
        return message

    def __str__(self) -> str:
        if any(isinstance(value, Promise) for value in self.params.values()):
            with override("en"):  # a label's English source, whatever language is active
                return _format(self.template, {name: str(value) if isinstance(value, (Message, Promise)) else value
                                               for name, value in self.params.items()})
        return _format(self.template, {name: str(value) if isinstance(value, Message) else value
                                       for name, value in self.params.items()})

    def translated(self) -> str:
        """The message in the active language (the request's, under LocaleMiddleware)."""
        params = {name: value.translated() if isinstance(value, Message) else
                  str(value) if isinstance(value, Promise) else value for name, value in self.params.items()}
        try:
            # (gettext("") is the catalogue's header, not an empty message)
            return _format(gettext(self.template) if self.template else "", params)
        except (KeyError, ValueError, TypeError):  # a translation whose placeholders do not fit
            return str(self)


class MessageError(Exception):
    """An error whose message is a `Message`: `str()` English, `translated()` in the active language.

    `MessageError(gettext_noop("%(name)s is empty."), name="a.jpg")`, or a Message already made."""

    def __init__(self, message: str | Message, /, **params: Any) -> None:
        self.message = message if isinstance(message, Message) else Message(message, params)
        super().__init__(str(self.message))

    def translated(self) -> str:
        return self.message.translated()

    def __reduce__(self) -> tuple[Any, ...]:
        # an error sent to another process (a worker's) comes back as it was, whatever its __init__ takes
        return _restored, (type(self), self.args, self.__dict__)


class MessageText(str):
    """A message's English text, where a string is expected (a report's warnings, joined, logged,
    stored as JSON), that keeps the message: `Message.of()` and `translated()` read it."""

    message: Message

    def __new__(cls, message: Message) -> MessageText:
        text = super().__new__(cls, str(message))
        text.message = message
        return text

    def __getnewargs__(self) -> tuple[Any, ...]:  # (pickled: a worker's report)
        return (self.message,)


def _restored(cls: type[MessageError], args: tuple[Any, ...], state: dict[str, Any]) -> MessageError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def translated(value: object) -> str:
    """What to show a person: a Message or an error carrying one (ours or the parser's), in the
    active language; anything else as `str()`."""
    if isinstance(value, Message):
        return value.translated()
    if isinstance(value, (BaseException, str)) and hasattr(value, "message"):
        return Message.of(value).translated()
    return str(value)


def stored_display(stored: object, text: str) -> str:
    """A message stored with `Message.to_json()`, in the active language; `text` (the English
    stored beside it) where none is stored: a row written before messages were, or by hand."""
    message = Message.from_json(stored)
    return message.translated() if message is not None else text


def stored_displays(stored: object, texts: Sequence[str]) -> list[str]:
    """A list of stored messages (`stored_display`) beside their English `texts`: the texts as
    they are where the messages are missing or are not as many."""
    if not isinstance(stored, list) or len(stored) != len(texts):
        return [str(text) for text in texts]
    return [stored_display(message, str(text)) for message, text in zip(stored, texts, strict=True)]


def _param_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Promise):
        with override("en"):  # a lazy label's English source: translated again when shown
            return {"msgid": str(value), "params": {}}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def _message_json(data: object) -> Message | None:
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
        return None
    params = data.get("params") or {}
    if not isinstance(params, dict):
        return None
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, dict):
            value = _message_json(value)
            if value is None:
                return None
        values[str(name)] = value
    return Message(data["msgid"], values)


def _format(template: str, params: Mapping[str, Any]) -> str:
    # (a message without parameters is not formatted: "%PDF-" in one is text, not a placeholder)
    return template % params if params else template
