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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop, override

__all__ = ["Message", "MessageError", "gettext_noop", "translated"]


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
    def of(cls, error: BaseException) -> Message:
        """The message an error carries: ours (`MessageError`), the parser's (`message` and
        `params`: `articles.parsing.model.ParseError`), or any other error's text as it is."""
        message = getattr(error, "message", None)
        if isinstance(message, Message):
            return message
        if isinstance(message, str):
            return cls(message, dict(getattr(error, "params", None) or {}))
        return cls.verbatim(str(error))

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
    if isinstance(value, BaseException) and hasattr(value, "message"):
        return Message.of(value).translated()
    return str(value)


def _format(template: str, params: Mapping[str, Any]) -> str:
    # (a message without parameters is not formatted: "%PDF-" in one is text, not a placeholder)
    return template % params if params else template
