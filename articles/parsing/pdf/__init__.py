"""The PDF front end: each page of a PDF read by geometry into the parser's own `ParsedPage`.

    >>> (page,) = parse_pdf(open("19980102-02.pdf", "rb").read(), file="19980102-02.pdf")
    >>> article = page.parsed.articles[0]
    >>> article.headline, article.dateline, article.regions[0].to_dict()["bbox"]
    ('居民生活如常事业蒸蒸日上香港特区政府发表回归半年大事录', '据新华社香港１月１日电', [170.9, 730.5, 702.8, 966.2])
    >>> [(p.kind.value, p.article, p.caption) for p in page.pictures][:2]
    [('photo', 6, None), ('photo', 0, '香港特区政府在１９９７年的最后一天。')]

A PDF page's glyphs carry what its text loses: the size tells a headline from the body, the
x positions one column from the next, a picture above a line tells a caption. Every decision
here is by size, position and spacing, relative to the page's own body size — never by a font's
name or the page's size, which differ from paper to paper.

Stages, one module each: `glyphs` (the page's characters with position and size, fake bold
collapsed) → `lines` (one baseline, one size, no gutter) → `blocks` (column runs, paragraphs)
→ `reading` (header, title groups and their tiers, stories in reading order, pictures with
their captions) → here: each story made into a `layout.ArticleDraft` and put through the text
path's own stages (`assemble`: datelines, bylines, cleaning; `captions`; `entities`), so the
output is one `ParsedPage` whichever the input. The document is opened and checked by
`document`, pictures cut out by `pictures`, the page drawn by `render`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Sequence

import pypdfium2 as pdfium

from articles.parsing import bylines
from articles.parsing.assemble import assemble
from articles.parsing.captions import caption_of
from articles.parsing.cleaning import clean_text, clean_title
from articles.parsing.header import split_header
from articles.parsing.layout import ArticleDraft, Unit, UnitKind
from articles.parsing.lines import SourceLine
from articles.parsing.model import (
    ArticleKind,
    Block,
    BlockType,
    Caption,
    Credit,
    PageBox,
    PagePicture,
    ParsedArticle,
    ParsedPage,
    ParseWarning,
    PdfPage,
    PictureKind,
    SourceSpan,
    gettext_noop,
)
from articles.parsing.pdf.blocks import TextBlock, paragraphs
from articles.parsing.pdf.document import MAX_BYTES, MAX_PAGES, iter_pages, open_pdf
from articles.parsing.pdf.glyphs import read_glyphs
from articles.parsing.pdf.lines import TextLine, build_lines
from articles.parsing.pdf.pictures import find_pictures
from articles.parsing.pdf.reading import Box, PageReading, StoryLayout, read_page
from articles.parsing.pdf.render import render_page
from articles.parsing.pdf.rules import find_rules
from articles.parsing.tokenizer import Lexicon

__all__ = ["parse_pdf", "parse_pdf_page"]


class _Numbering:
    """Gives each line read its SourceLine, numbered in reading order, and keeps the page text."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def line(self, line: TextLine, *, indented: bool = False) -> SourceLine:
        self.texts.append(("\u3000\u3000" if indented else "") + line.text)
        return SourceLine(len(self.texts), line.text, indented, False, line.width / line.size, line.bold)

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


def _in_rows(lines: Sequence[TextLine]) -> list[TextLine]:
    """Lines top to bottom, those of one row (baselines within half an em) left to right."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda item: -item.baseline):
        if rows and rows[-1][0].baseline - line.baseline <= 0.5 * max(line.size, rows[-1][0].size):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda item: item.x0)]


def _title_text(lines: Sequence[TextLine]) -> str | None:
    """A title tier's lines, parts joined by a space; a title set top to bottom, one glyph a
    line, is one word."""
    joiner = "" if len(lines) > 1 and all(line.count == 1 for line in lines) else " "
    text = joiner.join(clean_title(line.text) for line in lines).strip()
    return text or None


def _caption_parts(lines: Sequence[TextLine]) -> tuple[str, tuple[Credit, ...]]:
    """A caption's text, and the credit set flush right on its last line ("张如亮摄"), if any."""
    if len(lines) >= 2 and lines[-1].x0 >= lines[0].x0 + 2 * lines[-1].size:
        credit = bylines.parse_byline_line(lines[-1].text)
        if credit:
            return "".join(line.text for line in lines[:-1]), credit
    return "".join(line.text for line in lines), ()


def _story(story: StoryLayout, reading: PageReading, numbering: _Numbering,
           page_index: int) -> tuple[ParsedArticle, list[tuple[int, Caption]]] | None:
    """One story made into an article with the text path's stages; its captions by picture."""
    titles: list[SourceLine] = []
    kicker = headline = subtitle = None
    if story.title is not None:
        above, main, below = story.title.tiers()
        titles = [numbering.line(line) for line in story.title.lines]
        kicker, headline, subtitle = _title_text(above), _title_text(main), _title_text(below)
    units: list[Unit] = []
    blocks = list(story.blocks)
    byline: tuple[Credit, ...] = ()
    # A byline over the columns, which a gutter it crosses may have cut in pieces.
    lead: list[TextBlock] = []
    if blocks:
        top = max(blocks, key=lambda b: b.lines[0].baseline)
        lead = [b for b in blocks if len(b.lines) == 1
                and abs(b.lines[0].baseline - top.lines[0].baseline) <= 0.25 * b.size]
        others = [b for b in blocks if b not in lead]
        if lead and others and min(b.bottom for b in lead) <= max(b.top for b in others):
            lead = []  # not standing above the columns
    if len(lead) > 1:
        pieces = sorted(lead, key=lambda b: b.x0)
        found = bylines.parse_byline_line(" ".join(b.lines[0].text for b in pieces))
        if found:
            byline = found
            for piece in pieces:
                numbering.line(piece.lines[0])
            blocks = [b for b in blocks if b not in pieces]
    for is_subhead, para in paragraphs(blocks, reading.body_size):
        if is_subhead:
            # A subhead wrapped in its column is one line of text: its lines join with no space.
            first = numbering.line(para[0])
            for line in para[1:]:
                numbering.line(line)
            text = "".join(clean_title(line.text) for line in para)
            units.append(Unit(UnitKind.TITLE, (dataclasses.replace(first, text=text),)))
            continue
        units.append(Unit(UnitKind.TEXT, tuple(numbering.line(line, indented=k == 0) for k, line in enumerate(para))))
    if not byline and units and len(units[0].lines) == 1:
        found = bylines.parse_byline_line(units[0].lines[0].text)
        if found:
            byline = found
            units = units[1:]
    captions: list[tuple[int, Caption]] = []
    photo_text: list[str] = []
    photo_credits: list[Credit] = []
    first_caption_line = None
    for index in story.pictures:
        pic = reading.pictures[index]
        if not pic.caption:
            continue
        sources = [numbering.line(line) for line in pic.caption]
        first_caption_line = first_caption_line or sources[0].number
        text, credit = _caption_parts(pic.caption)
        if story.photo:
            photo_text.append(text)
            photo_credits.extend(credit)
            continue
        caption = caption_of(text, bold=True)
        if caption is not None:
            names = caption.photographers + tuple(c.name for c in credit if c.name not in caption.photographers)
            captions.append((index, Caption(caption.text, names)))
    draft = ArticleDraft(tuple(titles), tuple(byline), tuple(units))
    numbers = [line.number for line in titles] + [line.number for unit in units for line in unit.lines]
    if story.photo:
        body, credits = bylines.split_trailing_credit("".join(photo_text))
        credits += tuple(photo_credits)
        text = clean_text(body)
        if not text:
            return None
        last = len(numbering.texts)
        return ParsedArticle(
            kind=ArticleKind.PHOTO, headline=None, kicker=None, subtitle=None, dateline=None,
            credits=credits, blocks=(Block(BlockType.PARAGRAPH, text),), captions=(),
            source=SourceSpan(first_caption_line or last, last),
        ), []
    if not numbers:
        return None
    article = assemble(draft)
    article = dataclasses.replace(article, kicker=kicker, headline=headline, subtitle=subtitle)
    return article, captions


def parse_pdf_page(page: pdfium.PdfPage, page_index: int, *, file: str | None = None,
                   date: datetime.date | None = None, entities: bool = True,
                   lexicon: Lexicon = frozenset(), render: bool = True) -> PdfPage:
    """One PDF page read into a `PdfPage` (`page_index` from 1)."""
    from articles.parsing import PARSER_VERSION, _with_entities  # the facade imports this module

    found = _find_pictures(page, page_index)
    boxes: list[Box] = [box for box, _ in found]
    reading = read_page(build_lines(read_glyphs(page)), boxes, find_rules(page))
    numbering = _Numbering()
    header_lines = [numbering.line(line) for line in _in_rows(reading.header)]
    split = split_header(tuple(header_lines), file=file, date=date)
    articles: list[ParsedArticle] = []
    picture_article: dict[int, int] = {}
    picture_caption: dict[int, str] = {}
    for story in reading.stories:
        made = _story(story, reading, numbering, page_index)
        if made is None:
            continue
        article, captions = made
        if not (article.blocks or article.headline):
            continue
        number = len(articles)
        for index in story.pictures:
            picture_article[index] = number
        for index, caption in captions:
            picture_caption[index] = caption.text
        photo_boxes = tuple(PageBox(page_index, reading.pictures[i].box) for i in story.pictures)
        regions = tuple(PageBox(page_index, box) for box in story.regions(reading.pictures))
        article = dataclasses.replace(
            article, captions=tuple(c for _, c in captions), images=photo_boxes, regions=regions)
        articles.append(article)
    for index, pic in enumerate(reading.pictures):
        if pic.caption_block is not None and index not in picture_article:
            picture_caption.pop(index, None)
    warnings = [
        ParseWarning(gettext_noop("page %(page)d, lines %(first)d-%(last)d: a story with no headline"),
                     page=page_index, first=a.source.first_line, last=a.source.last_line)
        for a in articles if a.headline is None and a.kind == ArticleKind.STORY
    ]
    if entities:
        articles = _with_entities(articles, split.meta, lexicon)
    if not articles:
        warnings.append(ParseWarning(gettext_noop("no articles found on the page")))
    pictures = []
    for index, (box, extra) in enumerate(found):
        owner = picture_article.get(index)
        kind = PictureKind.PHOTO if owner is not None else PictureKind.ADVERT
        data, media_type, width, height = extra
        pictures.append(PagePicture(PageBox(page_index, box), kind, data, media_type, width, height,
                                    owner, picture_caption.get(index)))
    rendering = render_page(page, page_index) if render else None
    parsed = ParsedPage(split.meta, tuple(articles), tuple(warnings), PARSER_VERSION)
    return PdfPage(parsed, page_index, numbering.text, tuple(pictures), rendering)


def parse_pdf(data: bytes, *, file: str | None = None, date: datetime.date | None = None,
              entities: bool = True, lexicon: Lexicon = frozenset(), render: bool = True,
              max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES) -> Iterator[PdfPage]:
    """Each page of a PDF, read one at a time. The document is checked before anything is
    yielded (`document.open_pdf` raises `PdfError`, a `ParseError`, naming what is wrong; the
    caller's limits of size and pages apply)."""
    doc = open_pdf(data, name=file, max_bytes=max_bytes, max_pages=max_pages)
    try:
        for index, page in iter_pages(doc):
            yield parse_pdf_page(page, index, file=file, date=date, entities=entities,
                                 lexicon=lexicon, render=render)
    finally:
        doc.close()


_Extra = tuple[bytes, str, int, int]


def _find_pictures(page: pdfium.PdfPage, page_index: int) -> list[tuple[Box, _Extra]]:
    """The page's embedded pictures with their boxes and pixels (`pictures.find_pictures`)."""
    return [(found.box.bbox, (found.data, found.media_type, found.width, found.height))
            for found in find_pictures(page, page_index)]
