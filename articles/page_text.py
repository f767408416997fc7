"""Page files as they arrive (bytes in some encoding) → the text the parser reads.

Takes the bytes of an uploaded or local file; gives `str` with newlines normalised, or a
`PageFileError` whose message is one line naming the reason ("binary data, not text").
UTF-8 with or without BOM, UTF-16 with BOM and GB18030 (a superset of GBK and GB2312) are
recognised: the same page in any of them gives the same text and so the same SHA-256.

A page given as text (the API's `text`) passes the same checks (`clean_page_text`): a stray
control character among the text is an artefact of the PDF's extraction, and a NUL, which no
PostgreSQL text column can hold, is removed; many of them mean binary data, refused.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata

from newsroom.i18n import MessageError, gettext_noop

#: Bytes that never occur in a text file: NUL and most C0 controls.
_BINARY_CONTROLS = {c for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {0x7F}


class PageFileError(MessageError, ValueError):
    """A file that cannot be a page's text; the message says why in one line (`str()` English,
    `translated()` in the reader's language)."""


def decode_page_bytes(data: bytes, *, max_bytes: int) -> str:
    if not data:
        raise PageFileError(gettext_noop("empty file"))
    if len(data) > max_bytes:
        raise PageFileError(gettext_noop("file is %(size)s bytes, over the limit of %(limit)s bytes"),
                            size=f"{len(data):,}", limit=f"{max_bytes:,}")
    return clean_page_text(_decode(data))


def clean_page_text(text: str) -> str:
    """A page's text as it is stored and parsed: newlines normalised, NUL characters removed.

    Refuses (PageFileError) text with nothing but white space, with more control characters than
    a stray few (binary data), or with a lone surrogate (no UTF-8 can hold it: text that was
    decoded wrongly)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise PageFileError(gettext_noop("the file holds no text, only white space"))
    controls = sum(1 for ch in text if unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in "\n\t\f\v")
    if controls > max(3, len(text) // 100):
        raise PageFileError(gettext_noop("binary data, not text"))
    surrogate = next((index for index, ch in enumerate(text) if unicodedata.category(ch) == "Cs"), None)
    if surrogate is not None:
        raise PageFileError(gettext_noop("invalid text: a lone UTF-16 surrogate at character %(index)d"),
                             index=surrogate)
    text = text.replace("\x00", "")
    if not text.strip():
        raise PageFileError(gettext_noop("the file holds no text, only white space"))
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    sample = data[:65536]
    if sum(1 for byte in sample if byte in _BINARY_CONTROLS) > max(3, len(sample) // 100):
        raise PageFileError(gettext_noop("binary data, not text"))
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PageFileError(gettext_noop("not text in a known encoding (UTF-8, UTF-16 with BOM, GB18030/GBK)"))


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PageFileError(gettext_noop("invalid %(encoding)s at byte %(index)d"), encoding=encoding.upper(),
                             index=error.start) from error


def text_sha256(text: str) -> str:
    """The page's identity when its date and number are unknown: SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
