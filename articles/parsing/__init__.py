"""The page parser: the text of one newspaper page in, a `ParsedPage` out. Pure Python, no Django.

    >>> page = parse_page(open("seed_page.txt", encoding="utf-8").read(), file="seed_page.txt")
    >>> page.articles[1].headline, page.articles[1].dateline, page.articles[1].reporters
    ('传承雷锋精神 弘扬时代新风', '本报讯', ['姬慧洋'])
    >>> page.to_dict()   # the page-parse JSON of ../shared/spec/README.md

Stages, one module each, frozen dataclasses between them:
`lines` (text → SourceLine) → `header` (PageMeta, header lines out) → `layout` (units,
articles as drafts) → `assemble` (drafts → ParsedArticle; `bylines` peels datelines and
bylines, `cleaning` removes artefacts, `headlines` sorts title tiers) → `captions` (attached to
the article they illustrate) → `entities` (people, organizations, places, events, keywords).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Sequence

from articles.parsing.assemble import assemble
from articles.parsing.captions import best_match, bigrams
from articles.parsing.cleaning import strip_invisible
from articles.parsing.entities import find_entities
from articles.parsing.header import split_header
from articles.parsing.layout import lay_out
from articles.parsing.lines import SourceLine, read_lines
from articles.parsing.model import (
    ArticleKind,
    Block,
    BlockType,
    Caption,
    Credit,
    CreditRole,
    Entities,
    PageMeta,
    ParsedArticle,
    ParsedPage,
    ParseError,
    ParseWarning,
    PartOfDay,
    PlaceKind,
    SourceSpan,
    gettext_noop,
)
from articles.parsing.tokenizer import Lexicon, get_tokenizer, lexicon_lock

__all__ = [
    "PARSER_VERSION",
    "ArticleKind",
    "Block",
    "BlockType",
    "Caption",
    "Credit",
    "CreditRole",
    "Entities",
    "Lexicon",
    "PageMeta",
    "ParseError",
    "ParseWarning",
    "ParsedArticle",
    "ParsedPage",
    "PartOfDay",
    "PlaceKind",
    "SourceSpan",
    "parse_page",
    "parse_pdf",
]

#: Stored with every import, so an article can be re-parsed when the parser improves.
PARSER_VERSION = "2026.12.4"

# Share of characters that may be control or unassigned code points before the input is
# refused as binary noise rather than a page of text.
_MAX_NOISE_SHARE = 0.1


# Control characters (but line ends and tabs), lone surrogates, noncharacters. Private-use
# code points are not counted: PDF extraction gives them for glyphs of embedded fonts.
_NOISE_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufff0-\ufffc\ufffe\uffff]")


def _check_text(text: str) -> None:
    if not text or not text.strip():
        raise ParseError(gettext_noop("empty page: the text holds no characters but white space"))
    noise = len(_NOISE_RE.findall(text))
    if noise > _MAX_NOISE_SHARE * len(text):
        raise ParseError(
            gettext_noop("not a page of text: %(noise)d of %(total)d characters are control characters or "
                         "noncharacters (binary data?)"),
            noise=noise, total=len(text),
        )


def _attach_captions(
    articles: list[ParsedArticle], captions: Sequence[tuple[Caption, SourceLine]]
) -> list[ParsedArticle]:
    """Each caption to the article whose text shares the most bigrams with it."""
    if not captions or not articles:
        return articles
    article_bigrams = [bigrams((article.headline or "") + article.body_text) for article in articles]
    attached: dict[int, list[Caption]] = {}
    for caption, _line in captions:
        index = best_match(caption.text, article_bigrams)
        if index is None:
            index = len(articles) - 1
        attached.setdefault(index, []).append(caption)
    return [
        dataclasses.replace(article, captions=article.captions + tuple(attached[i])) if i in attached else article
        for i, article in enumerate(articles)
    ]


def _with_entities(articles: list[ParsedArticle], page: PageMeta, lexicon: Lexicon) -> list[ParsedArticle]:
    with lexicon_lock:  # the tokenizer knows this lexicon's words, and no other's, till the end
        get_tokenizer().use_lexicon(lexicon)
        return [
            dataclasses.replace(article, entities=find_entities(
                headline=article.headline,
                blocks=article.blocks,
                captions=article.captions,
                dateline=article.dateline,
                page_date=page.date,
                credit_names=frozenset(credit.name for credit in article.credits),
            ))
            for article in articles
        ]


def parse_page(
    text: str,
    *,
    date: datetime.date | None = None,
    file: str | None = None,
    entities: bool = True,
    lexicon: Lexicon = frozenset(),
) -> ParsedPage:
    """Parse the text of one page.

    `date` is the issue date when the caller knows it (a page that prints its date wins);
    `file` is recorded in the page metadata; `entities=False` skips entity extraction (fast);
    `lexicon` holds the (name, POS tag) pairs the entity stage knows beyond its dictionaries
    (the archive's confirmed names): the parse depends on the text and these alone.
    Raises `ParseError` for empty text or binary noise; any other text gives a `ParsedPage`,
    with `warnings` saying what looked wrong."""
    _check_text(text)
    text = unicodedata.normalize("NFC", strip_invisible(text))
    split = split_header(read_lines(text), file=file, date=date)
    layout = lay_out(split.body)
    articles = [assemble(draft) for draft in layout.articles]
    articles = [a for a in articles if a.blocks or a.headline]
    articles = _attach_captions(articles, layout.captions)
    warnings: list[str] = []
    if layout.captions and not articles:
        warnings.append(ParseWarning(gettext_noop("%(count)d caption(s) found but no article to attach them to"),
                                     count=len(layout.captions)))
    warnings.extend(
        ParseWarning(gettext_noop("lines %(first)d-%(last)d: a story with no headline"),
                     first=a.source.first_line, last=a.source.last_line)
        for a in articles
        if a.headline is None and a.kind == ArticleKind.STORY
    )
    if entities:
        articles = _with_entities(articles, split.meta, lexicon)
    if not articles:
        warnings.append(ParseWarning(gettext_noop("no articles found on the page")))
    return ParsedPage(split.meta, tuple(articles), tuple(warnings), PARSER_VERSION)


# The PDF front end reuses this module's stages (`_with_entities`), so it comes last.
from articles.parsing.pdf import parse_pdf  # noqa: E402
