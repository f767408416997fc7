"""The article's history in the admin: what changed, down to the characters.

A paragraph edited is shown once, before and after, with the characters taken out struck through
and those put in marked (a character-level diff: Chinese has no spaces to diff words by); blocks
added or removed whole are shown whole; a text field (headline, kicker…) is diffed the same way;
a yes/no field reads as 是/否, not False/True."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper

from articles.models import Article

Block = tuple[str, str]  # (type, text)


def char_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """`old` with the characters removed in <del>, `new` with those added in <ins>, escaped."""
    before: list[str] = []
    after: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            before.append(escape(old[i1:i2]))
            after.append(escape(new[j1:j2]))
            continue
        if i2 > i1:
            before.append(f"<del>{escape(old[i1:i2])}</del>")
        if j2 > j1:
            after.append(f"<ins>{escape(new[j1:j2])}</ins>")
    return mark_safe("".join(before)), mark_safe("".join(after))  # every piece escaped above


class ArticleHistoryContextHelper(HistoricalRecordContextHelper):
    """History diffs of the body by block (only the paragraphs and subheads that changed, numbered as
    on the form) and of text fields by character, instead of the whole values shortened."""

    def stringify_delta_change_values(self, change: Any, old: Any, new: Any) -> tuple[Any, Any]:
        if change.field == "body" and isinstance(old, list) and isinstance(new, list):
            return _body_diff(old, new)
        if isinstance(old, bool) and isinstance(new, bool):
            return _yes_no(old), _yes_no(new)
        if isinstance(old, str) and isinstance(new, str):
            return char_diff(old, new)
        return super().stringify_delta_change_values(change, old, new)


def _yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


def _body_diff(old: list, new: list) -> tuple[SafeString | str, SafeString | str]:
    old_blocks: list[Block] = [(b.get("type", ""), b.get("text", "")) for b in old if isinstance(b, dict)]
    new_blocks: list[Block] = [(b.get("type", ""), b.get("text", "")) for b in new if isinstance(b, dict)]
    removed: list[SafeString] = []
    added: list[SafeString] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        # a block replaced by one at the same place is that block edited: its characters are diffed
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            (old_kind, old_text), (new_kind, new_text) = old_blocks[i1 + k], new_blocks[j1 + k]
            before, after = char_diff(old_text, new_text)
            removed.append(_block(i1 + k + 1, old_kind, before))
            added.append(_block(j1 + k + 1, new_kind, after))
        removed += [_block(n + 1, old_blocks[n][0], format_html("<del>{}</del>", old_blocks[n][1]))
                    for n in range(i1 + pairs, i2)]
        added += [_block(n + 1, new_blocks[n][0], format_html("<ins>{}</ins>", new_blocks[n][1]))
                  for n in range(j1 + pairs, j2)]
    return _blocks(removed), _blocks(added)


def _block(number: int, kind: str, text: SafeString) -> SafeString:
    label = gettext("[subhead] ") if kind == Article.BlockType.SUBHEAD else ""
    return format_html('<span class="history-block">¶{} {}{}</span>', number, label, text)


def _blocks(blocks: list[SafeString]) -> SafeString | str:
    return mark_safe("".join(blocks)) if blocks else "—"  # format_html escaped each
