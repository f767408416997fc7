"""Assembly: an article draft (`layout.ArticleDraft`) made into a `model.ParsedArticle`.

Takes a draft, whose lines are still raw; gives the article with its headline tiers, its
dateline and byline peeled off the lead (`bylines.split_wrapped_lead`), and clean blocks. A real
sample (seed page, lines 205-208)::

    titles: "传承雷锋精神 弘扬时代新风"
    lead:   "本报讯 （记者 姬慧洋 通讯员" + "罗阳阳） 3 月 5 日是全国第 61 个" + …
    → headline "传承雷锋精神 弘扬时代新风", dateline "本报讯",
      credits 姬慧洋 (reporter), 罗阳阳 (correspondent),
      first block "3月5日是全国第61个“学雷锋纪念日”……"

Entities are not found here (see the `parse_page` facade).
"""

from __future__ import annotations

from collections.abc import Sequence

from articles.parsing import bylines
from articles.parsing.cleaning import clean_text, strip_fffd
from articles.parsing.headlines import subhead_text, tiers
from articles.parsing.layout import ArticleDraft, UnitKind
from articles.parsing.lines import SourceLine
from articles.parsing.model import ArticleKind, Block, BlockType, Credit, ParsedArticle, SourceSpan


def _raw_lines(lines: Sequence[SourceLine]) -> list[str]:
    """A paragraph's lines as `bylines.split_wrapped_lead` reads them: spaces kept."""
    return [strip_fffd(line.text) for line in lines]


def assemble(draft: ArticleDraft) -> ParsedArticle:
    heading = tiers(draft.titles)
    credits: list[Credit] = list(draft.byline)
    dateline: str | None = None
    blocks: list[Block] = []
    lead_done = False
    for unit in draft.body:
        if unit.kind == UnitKind.TITLE:
            text = subhead_text(unit.lines)
            if text:
                blocks.append(Block(BlockType.SUBHEAD, text))
            continue
        raw_lines = _raw_lines(unit.lines)
        raw = "".join(raw_lines)  # wrapped lines glued
        if not lead_done:
            lead_done = True
            lead = bylines.split_wrapped_lead(raw_lines)
            if lead.dateline or lead.credits:
                dateline = lead.dateline
                credits.extend(lead.credits)
                raw = lead.rest
        text = clean_text(raw)
        if text:
            blocks.append(Block(BlockType.PARAGRAPH, text))
    credits.extend(draft.photo_credits)
    photo = draft.headless and bool(draft.photo_credits) and heading.headline is None
    if photo and len(blocks) > 1:
        # The text of a photo story is one caption-like paragraph; its lines are too few
        # to measure the column by, so breaks found inside it are not trusted.
        blocks = [Block(BlockType.PARAGRAPH, "".join(block.text for block in blocks))]
    return ParsedArticle(
        kind=ArticleKind.PHOTO if photo else ArticleKind.STORY,
        headline=heading.headline,
        kicker=heading.kicker,
        subtitle=heading.subtitle,
        dateline=dateline,
        credits=_unique(credits),
        blocks=tuple(blocks),
        captions=(),
        source=SourceSpan(draft.first_line, draft.last_line),
    )


def _unique(credits: list[Credit]) -> tuple[Credit, ...]:
    """Each name once per role: a byline line and a lead may both name the reporter."""
    seen: set[tuple[str, str]] = set()
    out: list[Credit] = []
    for credit in credits:
        key = (credit.name, credit.role.value)
        if key not in seen:
            seen.add(key)
            out.append(credit)
    return tuple(out)
