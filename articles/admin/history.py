"""The article's history in the admin: diffs of the body by block."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from simple_history.template_utils import HistoricalRecordContextHelper

from articles.models import Article


class ArticleHistoryContextHelper(HistoricalRecordContextHelper):
    """History diffs of the body by block: only the paragraphs and subheads that changed, numbered
    as on the form, instead of the whole JSON shortened."""

    def stringify_delta_change_values(self, change: Any, old: Any, new: Any) -> tuple[Any, Any]:
        if change.field != "body" or not isinstance(old, list) or not isinstance(new, list):
            return super().stringify_delta_change_values(change, old, new)
        old_blocks = [(b.get("type", ""), b.get("text", "")) for b in old if isinstance(b, dict)]
        new_blocks = [(b.get("type", ""), b.get("text", "")) for b in new if isinstance(b, dict)]
        removed, added = [], []
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            removed += [(n + 1, *old_blocks[n]) for n in range(i1, i2)]
            added += [(n + 1, *new_blocks[n]) for n in range(j1, j2)]

        def render(blocks: list[tuple[int, str, str]]) -> SafeString | str:
            if not blocks:
                return "—"
            return format_html_join(
                mark_safe("<br>"), "¶{} {}{}",
                ((n, "【小标题】" if kind == Article.BlockType.SUBHEAD else "", text) for n, kind, text in blocks),
            )

        return render(removed), render(added)
