"""The PDF front end's geometry, stage by stage, on small pages drawn here with reportlab.

Each page is built in the test (CID font STSong-Light: nothing to install, PDFium reads its
text), so what a stage is given is known exactly: fake bold, two columns on one baseline, a
dateline's word space, title tiers by size, a subhead centred in its column, a caption under
a picture and an advertisement with none.
"""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from articles.parsing import ArticleKind, BlockType, ParseError, parse_pdf
from articles.parsing.model import PictureKind
from articles.parsing.pdf.blocks import build_blocks, paragraphs
from articles.parsing.pdf.glyphs import Glyph, _collapse_fake_bold, read_glyphs
from articles.parsing.pdf.lines import build_lines

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _pdf(draw) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(400, 400), invariant=True)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _text(canvas: Canvas, x: float, y: float, text: str, size: float) -> None:
    canvas.setFont(FONT, size)
    canvas.drawString(x, y, text)


def _page(data: bytes) -> pdfium.PdfPage:
    return pdfium.PdfDocument(data)[0]


def _photo() -> ImageReader:
    image = Image.new("RGB", (60, 40), (120, 160, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    buffer.seek(0)
    return ImageReader(buffer)


def test_fake_bold_collapses_to_one_glyph():
    # The headline drawn twice 0.3 pt apart, as layout systems fake bold.
    data = _pdf(lambda c: (_text(c, 50, 300, "传承雷锋精神", 20), _text(c, 50.3, 300, "传承雷锋精神", 20)))
    glyphs = [g for g in read_glyphs(_page(data)) if not g.is_space]
    assert "".join(g.char for g in glyphs) == "传承雷锋精神"
    assert [line.text for line in build_lines(glyphs)] == ["传承雷锋精神"]


def test_each_glyph_drawn_twice_collapses_and_is_bold():
    # Some layout systems draw each glyph again a hair's breadth away, glyph by glyph.
    glyphs = []
    for k, char in enumerate("依托传统"):
        glyphs.append(Glyph(char, 50 + 20 * k, 70 + 20 * k, 300, 20))
        glyphs.append(Glyph(char, 50.4 + 20 * k, 70.4 + 20 * k, 300.2, 20))
    # A real repeat a glyph's width away ("人人") stays.
    glyphs += [Glyph("人", 50, 70, 270, 20), Glyph("人", 70, 90, 270, 20)]
    kept = _collapse_fake_bold(glyphs)
    assert [(g.char, g.bold) for g in kept] == [(c, True) for c in "依托传统"] + [("人", False), ("人", False)]


def test_two_columns_on_one_baseline_are_two_lines_and_a_word_space_is_not_a_gutter():
    def draw(c: Canvas) -> None:
        for row in range(4):
            y = 300 - 14 * row
            left = "本报讯 新年刚过，市文化" if row == 0 else "局组织的迎春文化惠民演出"
            _text(c, 40, y, left, 10)
            _text(c, 190, y, "春运首日客流平稳有序，秩序", 10)

    lines = build_lines(read_glyphs(_page(_pdf(draw))))
    first = [line for line in lines if abs(line.baseline - 300) < 1]
    assert [line.text for line in first] == ["本报讯 新年刚过，市文化", "春运首日客流平稳有序，秩序"]
    assert first[0].x0 == pytest.approx(40, abs=0.5)
    assert first[1].x0 == pytest.approx(190, abs=0.5)


def test_paragraphs_by_indent_and_short_last_line_and_a_centred_subhead():
    def draw(c: Canvas) -> None:
        # A column 13 characters wide (40 to 170 pt), the subhead centred in it.
        rows = [(60, "新年刚过，市文化局组织"), (40, "的迎春演出在各社区陆续开了"), (40, "场。"),
                (85, "送戏下乡"), (60, "今年的演出第一次把八个"), (40, "乡镇都纳入了计划。")]
        for k, (x, text) in enumerate(rows):
            _text(c, x, 300 - 16 * k - (6 if k >= 3 else 0) - (6 if k >= 4 else 0), text, 10)

    lines = [line for line in build_lines(read_glyphs(_page(_pdf(draw))))]
    parts = paragraphs(build_blocks(lines), 10.0)
    assert [("".join(line.text for line in para), subhead) for subhead, para in parts] == [
        ("新年刚过，市文化局组织的迎春演出在各社区陆续开了场。", False),
        ("送戏下乡", True),
        ("今年的演出第一次把八个乡镇都纳入了计划。", False),
    ]


def _story_page(c: Canvas) -> None:
    _text(c, 40, 370, "1998年1月3日 星期六 第3版 要闻", 9)
    c.setLineWidth(0.8)
    c.line(40, 362, 360, 362)
    _text(c, 100, 340, "新春走基层", 12)
    _text(c, 60, 316, "百场演出进社区", 22)
    _text(c, 80, 296, "——覆盖全市十二个街道", 12)
    # A justified column of 13 characters; a paragraph's first line is indented 2 em.
    body = ["本报讯　新年刚过，市文", "化局组织的迎春文化惠民演出", "在城区各社区陆续开场，全部", "免费观看。"]
    for k, text in enumerate(body):
        _text(c, 60 if k == 0 else 40, 270 - 14 * k, text, 10)
    more = ["从元旦到春节，全市将有", "一百多场演出送到居民家门，", "节目有戏曲和相声。"]
    for k, text in enumerate(more):
        _text(c, 220 if k == 0 else 200, 270 - 14 * k, text, 10)
    # A photo in the story with its caption under it; an advertisement with none at the foot.
    c.drawImage(_photo(), 200, 150, width=140, height=70)
    _text(c, 200, 138, "市民观看迎春文艺演出。（王五 摄）", 8)
    c.drawImage(_photo(), 40, 20, width=300, height=60)


def test_parse_pdf_story_tiers_caption_and_advert():
    pages = list(parse_pdf(_pdf(_story_page), file="story.pdf", entities=False, render=False))
    assert len(pages) == 1
    page = pages[0]
    parsed = page.parsed
    assert parsed.page.number == 3 and parsed.page.date is not None and parsed.page.date.isoformat() == "1998-01-03"
    assert parsed.page.file == "story.pdf"
    (article,) = parsed.articles
    tiers = (article.kicker, article.headline, article.subtitle)
    assert tiers == ("新春走基层", "百场演出进社区", "——覆盖全市十二个街道")
    assert article.dateline == "本报讯"
    assert [b.type for b in article.blocks] == [BlockType.PARAGRAPH, BlockType.PARAGRAPH]
    assert article.blocks[0].text == "新年刚过，市文化局组织的迎春文化惠民演出在城区各社区陆续开场，全部免费观看。"
    assert article.blocks[1].text == "从元旦到春节，全市将有一百多场演出送到居民家门，节目有戏曲和相声。"
    assert [(c.text, c.photographers) for c in article.captions] == [("市民观看迎春文艺演出。", ("王五",))]
    assert [box.bbox for box in article.images] == [pytest.approx((200, 150, 340, 220), abs=0.5)]
    # Title, each column's text and the photo with its caption: rectangles that cover the story.
    boxes = [region.bbox for region in article.regions]
    assert min(b[0] for b in boxes) <= 40.5 and max(b[2] for b in boxes) >= 339.5
    assert min(b[1] for b in boxes) <= 150.5 and max(b[3] for b in boxes) >= 316
    assert not any(b[0] < 100 and b[1] < 100 for b in boxes)  # the advertisement is not the story's
    kinds = sorted((p.kind, p.article, p.caption) for p in page.pictures)
    assert kinds == [(PictureKind.ADVERT, None, None), (PictureKind.PHOTO, 0, "市民观看迎春文艺演出。")]
    # The page text numbers the lines the articles' source spans point at.
    lines = page.text.splitlines()
    assert lines[article.source.first_line - 1].strip() in ("新春走基层", "百场演出进社区")
    assert page.page_index == 1


def test_a_photo_with_text_under_it_and_no_title_is_a_photo_story():
    def draw(c: Canvas) -> None:
        c.drawImage(_photo(), 40, 250, width=120, height=80)
        _text(c, 40, 236, "南京市各级党委、政府以", 10)
        _text(c, 40, 222, "及工会体察民情民意。", 10)
        _text(c, 100, 208, "记者 龚永泉 摄", 8)

    (page,) = parse_pdf(_pdf(draw), entities=False, render=False)
    (article,) = page.parsed.articles
    assert article.kind == ArticleKind.PHOTO and article.headline is None
    assert article.blocks[0].text == "南京市各级党委、政府以及工会体察民情民意。"
    assert article.photographers == ["龚永泉"]
    assert [p.kind for p in page.pictures] == [PictureKind.PHOTO]
    assert page.pictures[0].article == 0


def test_parse_pdf_checks_the_document_before_yielding():
    pages = parse_pdf(b"not a pdf at all", file="notes.pdf")
    with pytest.raises(ParseError, match=r"notes\.pdf"):
        next(pages)


def test_pages_are_read_one_at_a_time():
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(400, 400), invariant=True)
    for number in (1, 2, 3):
        _text(canvas, 40, 370, f"1998年1月3日 星期六 第{number}版 要闻", 9)
        canvas.line(40, 362, 360, 362)
        _text(canvas, 60, 316, f"第{number}条消息的标题", 22)
        _text(canvas, 60, 280, "本报讯 市文化局组织的迎春文化惠民演出开场。", 10)
        canvas.showPage()
    canvas.save()
    pages = parse_pdf(out.getvalue(), entities=False, render=False)
    first = next(pages)
    assert first.page_index == 1 and first.parsed.page.number == 1
    rest = list(pages)
    assert [(p.page_index, p.parsed.page.number) for p in rest] == [(2, 2), (3, 3)]
    headlines = [p.parsed.articles[0].headline for p in [first, *rest]]
    assert headlines == ["第1条消息的标题", "第2条消息的标题", "第3条消息的标题"]


def test_a_column_beside_the_story_with_no_title_over_it_runs_on_from_the_column_left():
    def draw(c: Canvas) -> None:
        _text(c, 40, 330, "短标题", 22)
        # A picture level with the title stops the title's width short of the second column.
        c.drawImage(_photo(), 235, 310, width=80, height=60)
        left = ["本报讯　新年刚过，市文", "化局组织的迎春文化惠民演出", "在城区各社区陆续开场，全部"]
        right = ["免费观看。", "　　从元旦到春节，全市将有", "一百多场演出送到各家门口。"]
        for k, text in enumerate(left):
            _text(c, 60 if k == 0 else 40, 290 - 14 * k, text, 10)
        for k, text in enumerate(right):
            _text(c, 185, 290 - 14 * k, text, 10)

    (page,) = parse_pdf(_pdf(draw), entities=False, render=False)
    stories = [a for a in page.parsed.articles if a.kind == ArticleKind.STORY]
    assert [a.headline for a in stories] == ["短标题"]
    assert stories[0].blocks[0].text.endswith("全部免费观看。")
    assert stories[0].blocks[1].text == "从元旦到春节，全市将有一百多场演出送到各家门口。"
    assert len(page.parsed.articles) == 1 and not page.parsed.warnings


def test_a_page_with_no_rules_keeps_its_header_and_story():
    def draw(c: Canvas) -> None:
        _text(c, 40, 370, "人民日报", 30)
        _text(c, 40, 352, "1998年1月3日 星期六", 9)
        _text(c, 300, 370, "第3版", 12)
        _text(c, 60, 316, "百场演出进社区", 22)
        body = ["本报讯　新年刚过，市文", "化局组织的迎春文化惠民演出", "在城区各社区陆续开场，全部", "免费观看。"]
        for k, text in enumerate(body):
            _text(c, 60 if k == 0 else 40, 280 - 14 * k, text, 10)

    (page,) = parse_pdf(_pdf(draw), entities=False, render=False)
    meta = page.parsed.page
    assert (meta.publication, meta.number, meta.date and meta.date.isoformat()) == ("人民日报", 3, "1998-01-03")
    (article,) = page.parsed.articles
    assert (article.headline, article.dateline) == ("百场演出进社区", "本报讯")
    assert article.blocks[0].text == "新年刚过，市文化局组织的迎春文化惠民演出在城区各社区陆续开场，全部免费观看。"


def test_a_title_set_top_to_bottom_heads_the_columns_beside_it():
    def draw(c: Canvas) -> None:
        _text(c, 40, 370, "1998年1月3日 星期六 第3版 要闻", 9)
        c.line(20, 362, 360, 362)
        for k, char in enumerate("雷锋精神"):
            _text(c, 320, 330 - 26 * k, char, 22)
        left = ["本报讯　新年刚过，市文", "化局组织的迎春文化惠民演出", "在城区各社区陆续开场，全部"]
        right = ["免费观看。从元旦到春节，全", "市将有一百多场演出送到各家", "门口。"]
        for k, text in enumerate(left):
            _text(c, 40 if k == 0 else 20, 330 - 14 * k, text, 10)
        for k, text in enumerate(right):
            _text(c, 160, 330 - 14 * k, text, 10)

    (page,) = parse_pdf(_pdf(draw), entities=False, render=False)
    (article,) = page.parsed.articles
    assert (article.headline, article.dateline) == ("雷锋精神", "本报讯")
    assert [b.text for b in article.blocks] == [
        "新年刚过，市文化局组织的迎春文化惠民演出在城区各社区陆续开场，全部免费观看。从元旦到春节，全市将有一百多场演出送到各家门口。"
    ]


def test_columns_a_narrow_gutter_apart_stay_apart():
    # Two justified columns 7 pt (0.7 em) apart: the white between them runs down every row.
    def draw(c: Canvas) -> None:
        for row in range(5):
            _text(c, 40, 300 - 14 * row, "局组织的迎春文化惠民演出在", 10)
            _text(c, 177, 300 - 14 * row, "春运首日客流平稳有序秩序井", 10)

    lines = build_lines(read_glyphs(_page(_pdf(draw))))
    assert len(lines) == 10
    assert {line.text for line in lines} == {"局组织的迎春文化惠民演出在", "春运首日客流平稳有序秩序井"}


def test_fill_and_stroke_is_bold():
    def draw(c: Canvas) -> None:
        c.saveState()  # the render mode is graphics state: restored after the stroked line
        c.setFont(FONT, 20)
        stroked = c.beginText(50, 300)
        stroked.setTextRenderMode(2)  # fill, then stroke: fake bold without a second copy
        stroked.textLine("传承雷锋精神")
        c.drawText(stroked)
        c.restoreState()
        _text(c, 50, 200, "弘扬时代新风", 20)

    glyphs = [g for g in read_glyphs(_page(_pdf(draw))) if not g.is_space]
    expected = [(c, True) for c in "传承雷锋精神"] + [(c, False) for c in "弘扬时代新风"]
    assert [(g.char, g.bold) for g in glyphs] == expected
