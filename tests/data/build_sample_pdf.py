"""Builds the small PDF newspaper page the tests keep in the repository, its gold, and bad inputs.

    .venv/bin/python tests/data/build_sample_pdf.py

Writes, next to this script:

- `sample_page.pdf`: one A4 page (595 × 842 pt) of a Chinese newspaper in three columns: the
  header `1998年1月3日 星期六 第3版 要闻`; a lead story over two columns with a kicker, a
  headline drawn twice 0.3 pt apart (fake bold), a subtitle, a byline `本报记者 张三 李四`, the
  dateline `本报讯`, a subhead, and a photo with its caption below; a story in the third column
  (`本报记者 李明 通讯员 赵刚`) and a short one under it; two stories under the lead (one with
  `本报通讯员 刘强`); an advertisement with no caption (drawn as three strips, as some layout
  systems slice big pictures) and a 5-point square ornament in the header (a decoration, not a
  picture). Text in reportlab's CID font STSong-Light (UniGB-UCS2-H): no font file needed, and
  none embedded, so PDFium extracts the text but draws the Chinese only where a CJK font is
  installed.
- `sample_photo.jpg`: the photo as embedded (a JPEG with EXIF camera and GPS tags, so tests can
  check that pictures keep them as embedded and that stored renditions strip them).
- `sample_page.gold.json`: the page's expected parse, the shape of the pdf-dev golds (article
  fields, each article's `images` and `regions`, the page-level `images` with kind, article,
  caption). Made from the same content the page is drawn from, so the two cannot disagree.
- `bad/encrypted.pdf` (a user password), `bad/truncated.pdf` (the sample cut short),
  `bad/scan_no_text.pdf` (a page that is only a picture), `bad/not_a_pdf.pdf` (text renamed).

The output is byte for byte the same on every run (reportlab's invariant mode, Pillow's
deterministic encoders), so a rebuild shows no diff unless the content changed.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.28, 841.89  # A4
MARGIN = 34.0
GUTTER = 12.0
COL_W = (PAGE_W - 2 * MARGIN - 2 * GUTTER) / 3  # 167.8 pt: 17 characters of body type
COLS = [(MARGIN + i * (COL_W + GUTTER), MARGIN + i * (COL_W + GUTTER) + COL_W) for i in range(3)]
BODY_SIZE = 9.5
LEADING = 14.5
SUBHEAD_SIZE = 11.0
CAPTION_SIZE = 8.5
# Punctuation a line may not start with: it hangs at the end of the line before (禁则).
NO_LINE_START = "，。、；：？！”’）》」』…—"

HEADER = "1998年1月3日 星期六 第3版 要闻"

PHOTO_CAPTION = "市民在人民广场观看迎春文艺演出。"
PHOTO_CREDIT = "（王五 摄）"

# (kind, text): "p" a paragraph, "h" a subhead. The dateline opens the first paragraph.
LEAD = {
    "kicker": "新春走基层",
    "headline": "我市百场文化惠民演出进社区",
    "subtitle": "——演出覆盖全市十二个街道和八个乡镇",
    "byline": "本报记者 张三 李四",
    "reporters": ["张三", "李四"],
    "correspondents": [],
    "dateline": "本报讯",
    "body": [
        ("p", "新年刚过，市文化局组织的迎春文化惠民演出在城区各社区陆续开场。从元旦到春节，全市将有一百多场"
              "演出送到居民家门口，节目有戏曲、歌舞、相声和杂技，全部免费观看。"),
        ("p", "二日上午，人民广场上锣鼓喧天，市歌舞团的演员们带来了开场舞《春到万家》。住在附近的退休工人"
              "老王一早就带着孙子来占位子，他说，过去看一场像样的演出要进剧院，现在演员们把舞台搭到了"
              "家门口，大家都很高兴。"),
        ("h", "送戏下乡暖人心"),
        ("p", "今年的惠民演出第一次把八个乡镇都纳入了计划。市文化局有关负责人介绍，演出队将分成四个小分队，"
              "每个小分队负责两个乡镇，每个行政村至少安排一场，春节前全部演完。"),
        ("p", "为了让农村群众看得懂、喜欢看，演出队还专门排练了一批反映农村新变化的小戏小品，请当地的"
              "业余文艺骨干一起登台。不少村民说，台上演的就是身边的人和事，看着格外亲切。"),
        ("p", "据了解，去年全市共组织各类文化惠民演出三百二十场，观众超过二十万人次。今年市里将继续加大"
              "投入，让更多群众在家门口享受到文化发展的成果。"),
        ("p", "演出现场，市文化局还设立了咨询台，向群众发放文化活动指南，介绍全年的展览、讲座和培训安排，"
              "不少居民当场报名参加了社区合唱团和书法班。"),
    ],
}
SIDE = {
    "kicker": None,
    "headline": "春运首日客流平稳有序",
    "subtitle": None,
    "byline": "本报记者 李明 通讯员 赵刚",
    "reporters": ["李明"],
    "correspondents": ["赵刚"],
    "dateline": "本报讯",
    "body": [
        ("p", "一月二日是春运第一天，全市火车站、长途汽车站客流平稳，秩序井然。当天市火车站共发送旅客"
              "一万二千人次，比去年同期增长百分之八。"),
        ("p", "记者在火车站看到，候车室里新增了两排座椅，售票厅开设了学生和务工人员专用窗口，车站还在"
              "进站口设立了志愿服务台，为老人、孕妇和带小孩的旅客提供帮助。"),
        ("p", "市交通局介绍，今年春运预计全市发送旅客九十万人次。为应对客流高峰，长途汽车站将增开至周边"
              "县市的加班车，铁路部门也将视客流情况加开临时列车。"),
        ("p", "交通部门提醒旅客，出行前可通过电话查询车次和余票情况，合理安排出行时间，注意携带好随身"
              "物品，不要携带易燃易爆等危险品进站上车。"),
    ],
}
LOWER = {
    "kicker": None,
    "headline": "老城区改造项目正式开工",
    "subtitle": None,
    "byline": None,
    "reporters": [],
    "correspondents": [],
    "dateline": "本报讯",
    "body": [
        ("p", "一月二日，老城区改造一期工程正式开工。一期工程涉及六条街巷、四百多户居民，将对道路、供水、"
              "排水和供暖管网进行全面改造，计划今年十月底前完工。"),
        ("p", "老城区房屋大多建于五六十年代，道路狭窄，管网老化，居民反映强烈。去年市里把老城区改造列为"
              "重点民生工程，先后召开十多次居民座谈会听取意见，形成了改造方案。"),
        ("p", "施工单位负责人表示，施工期间将分段封闭道路，尽量减少对居民出行的影响，并在每个路口设置"
              "指示牌，安排专人疏导交通。"),
        ("p", "据介绍，改造完成后，老城区将新增停车位三百多个，街巷两侧将种植行道树，并安装路灯和垃圾分类"
              "收集点。居民们说，盼了多年的改造终于开工了，希望早日住上舒心的房子。"),
        ("p", "市建设局表示，二期工程将在一期完工后启动，涉及老城区其余十二条街巷，计划两年内全部完成。"),
    ],
}
BRIEF = {
    "kicker": None,
    "headline": "市图书馆春节期间照常开放",
    "subtitle": None,
    "byline": None,
    "reporters": [],
    "correspondents": [],
    "dateline": "本报讯",
    "body": [
        ("p", "记者从市图书馆获悉，今年春节期间图书馆将照常开放，除夕和初一闭馆半天。春节期间图书馆还将举办"
              "迎春书法展和少儿阅读活动，欢迎市民参加。"),
        ("p", "图书馆提醒读者，新办借书证可在服务台办理，凭身份证即可，不收任何费用。"),
    ],
}
BUSES = {
    "kicker": None,
    "headline": "三条公交新线路下周开通",
    "subtitle": None,
    "byline": "本报通讯员 刘强",
    "reporters": [],
    "correspondents": ["刘强"],
    "dateline": "本报讯",
    "body": [
        ("p", "为方便城东新区和开发区居民出行，市公交公司将于一月十日开通三条公交新线路，连接新区、开发区和"
              "市中心，首班车早上六点发车，末班车晚上九点收车。"),
        ("p", "三条新线路共设站点四十二个，全部使用新购置的空调公交车，票价一元。开通后，新区居民到市中心"
              "的时间将由过去的一个多小时缩短到半小时左右。"),
        ("p", "市公交公司表示，新线路开通后将根据客流情况及时调整发车间隔，并欢迎市民提出意见和建议。"),
    ],
}
# Named things the text mentions, for the gold's entity lists (names as printed); the optional
# ones are neither required nor wrong (a nickname, a generic 火车站).
ENTITIES: dict[str, dict[str, list]] = {
    "lead": {
        "people": [],
        "organizations": [{"name": "市文化局", "aliases": []}, {"name": "市歌舞团", "aliases": []}],
        "places": ["人民广场"],
        "optional_people": ["老王"],
    },
    "side": {
        "people": [],
        "organizations": [{"name": "市交通局", "aliases": []}],
        "places": ["市火车站"],
        "optional_organizations": ["铁路部门"],
        "optional_places": ["火车站", "长途汽车站"],
    },
    "brief": {
        "people": [],
        "organizations": [{"name": "市图书馆", "aliases": []}],
        "places": [],
        "optional_places": ["市图书馆", "图书馆"],
    },
    "lower": {"people": [], "organizations": [{"name": "市建设局", "aliases": []}], "places": ["老城区"]},
    "buses": {
        "people": [],
        "organizations": [{"name": "市公交公司", "aliases": []}],
        "places": ["城东新区", "开发区"],
        "optional_places": ["新区", "市中心"],
    },
}


@dataclass
class Drawn:
    """What one article put on the page, for its gold region."""

    x0: float = PAGE_W
    y0: float = PAGE_H
    x1: float = 0.0
    y1: float = 0.0
    images: list[tuple[float, float, float, float]] = field(default_factory=list)

    def add(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.x0, self.y0 = min(self.x0, x0), min(self.y0, y0)
        self.x1, self.y1 = max(self.x1, x1), max(self.y1, y1)

    def box(self) -> list[float]:
        return [round(v, 2) for v in (self.x0, self.y0, self.x1, self.y1)]


class NoRoom(Exception):
    """The text does not fit its frames."""


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def text_line(c: Canvas | None, x: float, baseline: float, text: str, size: float, drawn: Drawn | None,
              *, render_mode: int = 0) -> None:
    """One line of text (nothing drawn when `c` is None: a trial fit)."""
    if c is not None:
        line = c.beginText(x, baseline)
        line.setFont(FONT, size)
        if render_mode:
            c.setLineWidth(0.25)
            line.setTextRenderMode(render_mode)
        line.textOut(text)
        c.drawText(line)
    if drawn is not None:
        drawn.add(x, baseline - 0.12 * size, x + width(text, size), baseline + 0.88 * size)


def centred(c: Canvas, x0: float, x1: float, baseline: float, text: str, size: float, drawn: Drawn) -> None:
    text_line(c, (x0 + x1 - width(text, size)) / 2, baseline, text, size, drawn)


def break_lines(text: str, first_width: float, width_: float, size: float) -> list[str]:
    """Greedy line breaking, any character a break, closing punctuation hanging at the line end."""
    lines: list[str] = []
    line, room = "", first_width
    for char in text:
        if line and width(line + char, size) > room and char not in NO_LINE_START:
            lines.append(line)
            line, room = "", width_
        line += char
    if line:
        lines.append(line)
    return lines


Frame = tuple[float, float, float, float]  # x0, x1, top, bottom


def flow(c: Canvas | None, story: dict, frames: list[Frame], drawn: Drawn | None) -> None:
    """The story's body poured into its column frames, top to bottom, frame after frame;
    `NoRoom` when it does not fit. The dateline opens the first paragraph."""
    frame = 0
    baseline = frames[0][2] - BODY_SIZE

    def room(height: float) -> None:
        nonlocal frame, baseline
        if baseline - height + LEADING < frames[frame][3]:
            frame += 1
            if frame == len(frames):
                raise NoRoom
            baseline = frames[frame][2] - BODY_SIZE

    for number, (kind, text) in enumerate(story["body"]):
        if kind == "h":
            room(3 * LEADING)  # a subhead is never the last line of a column
            baseline -= 0.4 * LEADING
            x0, x1 = frames[frame][:2]
            # Filled and stroked (text render mode 2): bold as a reader sees it, one glyph each.
            left = (x0 + x1 - width(text, SUBHEAD_SIZE)) / 2
            text_line(c, left, baseline, text, SUBHEAD_SIZE, drawn, render_mode=2)
            baseline -= 1.4 * LEADING
            continue
        lead_in = f"{story['dateline']}\u3000" if number == 0 and story["dateline"] else ""
        x0, x1 = frames[frame][:2]
        indent = 2 * BODY_SIZE
        for k, line in enumerate(break_lines(lead_in + text, x1 - x0 - indent, x1 - x0, BODY_SIZE)):
            room(LEADING)
            text_line(c, frames[frame][0] + (indent if k == 0 else 0), baseline, line, BODY_SIZE, drawn)
            baseline -= LEADING


def balanced(story: dict, columns: list[tuple[float, float, float]], floor: float) -> list[Frame]:
    """Frames over `columns` (x0, x1, top) with the highest common bottom the body fits in:
    the columns end level, as a page's make-up man would have them."""
    bottom = max(top for _, _, top in columns) - LEADING
    while bottom >= floor:
        frames = [(x0, x1, top, bottom) for x0, x1, top in columns if top - bottom >= LEADING]
        try:
            flow(None, story, frames, None)
            return frames
        except NoRoom:
            bottom -= 1.0
    raise SystemExit(f"{story['headline']}: the text does not fit above {floor} pt; shorten it")


def draw_title(c: Canvas, story: dict, *, x0: float, x1: float, top: float, headline_size: float,
               fake_bold: bool, drawn: Drawn) -> float:
    """Kicker, headline, subtitle, byline: centred over the story's columns (the byline set
    right); returns where the body starts."""
    baseline = top
    if story["kicker"]:
        baseline -= 13
        centred(c, x0, x1, baseline, story["kicker"], 13, drawn)
        baseline -= 8
    baseline -= headline_size
    centred(c, x0, x1, baseline, story["headline"], headline_size, drawn)
    if fake_bold:  # the same line again 0.3 pt to the right: how some layout systems make bold
        left = (x0 + x1 - width(story["headline"], headline_size)) / 2
        text_line(c, left + 0.3, baseline, story["headline"], headline_size, drawn)
    baseline -= 6
    if story["subtitle"]:
        baseline -= 13
        centred(c, x0, x1, baseline, story["subtitle"], 13, drawn)
        baseline -= 4
    if story["byline"]:
        baseline -= 14
        text_line(c, x1 - width(story["byline"], BODY_SIZE), baseline, story["byline"], BODY_SIZE, drawn)
    return baseline - 8


def draw_story(c: Canvas, story: dict, *, columns: list[tuple[float, float]], top: float, floor: float,
               headline_size: float) -> Drawn:
    """A story with no picture: title over its columns, body balanced in them."""
    drawn = Drawn()
    body_top = draw_title(c, story, x0=columns[0][0], x1=columns[-1][1], top=top,
                          headline_size=headline_size, fake_bold=False, drawn=drawn)
    flow(c, story, balanced(story, [(x0, x1, body_top) for x0, x1 in columns], floor), drawn)
    return drawn


def photo_jpeg() -> bytes:
    """A stage with performers under a winter sky, with the EXIF a camera writes (make, model, GPS)."""
    image = Image.new("RGB", (430, 276), (40, 60, 110))
    draw = ImageDraw.Draw(image)
    for y in range(150):  # evening sky
        draw.line([(0, y), (430, y)], fill=(60 + y // 2, 80 + y // 3, 140 + y // 4))
    draw.rectangle([40, 150, 390, 200], fill=(150, 40, 40))  # the stage
    for k, colour in enumerate([(230, 200, 60), (240, 240, 240), (60, 160, 90), (230, 120, 40)]):
        x = 90 + 75 * k
        draw.ellipse([x - 14, 92, x + 14, 120], fill=(240, 200, 170))
        draw.rectangle([x - 18, 120, x + 18, 150], fill=colour)
    for k in range(14):  # the audience's heads
        x = 15 + 30 * k
        draw.ellipse([x, 225, x + 24, 255], fill=(30, 30, 35))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0110] = "Canon EOS 5D"  # Model
    exif[0x0132] = "1998:01:02 10:15:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (39.0, 54.0, 26.0)
    gps[3], gps[4] = "E", (116.0, 23.0, 29.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


def advert_image(size: tuple[int, int]) -> Image.Image:
    """An advertisement's artwork: a bordered panel of colour blocks (no caption, no story)."""
    w, h = size
    image = Image.new("RGB", size, (200, 30, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle([8, 8, w - 9, h - 9], outline=(250, 220, 80), width=6)
    draw.rectangle([30, 30, w - 31, h // 3], fill=(250, 220, 80))
    r = min(w, h) // 6
    draw.ellipse([w // 2 - r, h // 2 - r, w // 2 + r, h // 2 + r], fill=(255, 255, 255))
    draw.rectangle([40, h - 60, w - 41, h - 30], fill=(30, 30, 30))
    return image


def draw_picture_in_strips(c: Canvas, image: Image.Image, box: tuple[float, float, float, float], strips: int) -> None:
    """The picture as `strips` horizontal slices, each its own image object, edge to edge."""
    x0, y0, x1, y1 = box
    px_step = image.height / strips
    pt_step = (y1 - y0) / strips
    for k in range(strips):
        piece = image.crop((0, round(k * px_step), image.width, round((k + 1) * px_step)))
        c.drawImage(ImageReader(piece), x0, y1 - (k + 1) * pt_step, x1 - x0, pt_step)


def build_page(path: Path, photo: bytes) -> tuple[dict[str, Drawn], dict[str, tuple[float, float, float, float]]]:
    """Draws the page; gives what each story drew and the pictures' boxes."""
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("sample page")
    c.setAuthor("newsroom tests")
    top = PAGE_H - MARGIN

    # The header and its rule; a small ornament before it (a decoration, not a picture).
    c.drawImage(ImageReader(Image.new("RGB", (10, 10), (200, 30, 40))), MARGIN, top, 5, 5)
    text_line(c, MARGIN + 9, top, HEADER, 10.5, None)
    c.setLineWidth(0.8)
    c.line(MARGIN, top - 9, PAGE_W - MARGIN, top - 9)
    top -= 17

    # The lead over columns 1–2; its photo heads column 2, the caption below it.
    lead = Drawn()
    body_top = draw_title(c, LEAD, x0=COLS[0][0], x1=COLS[1][1], top=top, headline_size=24, fake_bold=True,
                          drawn=lead)
    photo_h = COL_W * 276 / 430  # the photo's own proportions
    photo_box = (COLS[1][0], body_top - photo_h, COLS[1][1], body_top)
    c.drawImage(ImageReader(io.BytesIO(photo)), photo_box[0], photo_box[1], COL_W, photo_h)
    lead.add(*photo_box)
    lead.images.append(photo_box)
    caption_baseline = photo_box[1] + 3
    for line in break_lines(PHOTO_CAPTION + PHOTO_CREDIT, COL_W, COL_W, CAPTION_SIZE):
        caption_baseline -= CAPTION_SIZE + 3
        text_line(c, COLS[1][0], caption_baseline, line, CAPTION_SIZE, lead)
    frames = balanced(LEAD, [(COLS[0][0], COLS[0][1], body_top), (COLS[1][0], COLS[1][1], caption_baseline - 10)],
                      MARGIN)
    flow(c, LEAD, frames, lead)

    # The story under the lead, after a rule.
    c.setLineWidth(0.5)
    rule = lead.y0 - 8
    c.line(COLS[0][0], rule, COLS[1][1], rule)
    lower = draw_story(c, LOWER, columns=[COLS[0], COLS[1]], top=rule - 6, floor=MARGIN, headline_size=18)

    c.line(COLS[0][0], lower.y0 - 8, COLS[1][1], lower.y0 - 8)
    buses = draw_story(c, BUSES, columns=[COLS[0], COLS[1]], top=lower.y0 - 14, floor=MARGIN, headline_size=16)

    # Column 3: a story, a rule, a short story, and an advertisement (three strips) at the foot.
    side = draw_story(c, SIDE, columns=[COLS[2]], top=top, floor=MARGIN, headline_size=16)
    c.line(COLS[2][0], side.y0 - 8, COLS[2][1], side.y0 - 8)
    brief = draw_story(c, BRIEF, columns=[COLS[2]], top=side.y0 - 14, floor=MARGIN, headline_size=14)
    advert_box = (COLS[2][0], MARGIN, COLS[2][1], brief.y0 - 18)
    if advert_box[3] - advert_box[1] < 100:
        raise SystemExit("no room left for the advertisement in column 3: shorten its stories")
    pixels = (round(COL_W * 2), round((advert_box[3] - advert_box[1]) * 2))
    draw_picture_in_strips(c, advert_image(pixels), advert_box, strips=3)
    c.showPage()
    c.save()
    drawn = {"lead": lead, "side": side, "brief": brief, "lower": lower, "buses": buses}
    return drawn, {"photo": photo_box, "advert": advert_box}


def gold(drawn: dict[str, Drawn], boxes: dict[str, tuple[float, float, float, float]]) -> dict:
    def article(key: str, story: dict) -> dict:
        entities = ENTITIES[key]
        captions = []
        if drawn[key].images:
            captions = [{"text": PHOTO_CAPTION, "photographers": ["王五"]}]
        return {
            "kind": "story",
            "headline": story["headline"],
            "kicker": story["kicker"],
            "subtitle": story["subtitle"],
            "dateline": story["dateline"],
            "reporters": story["reporters"],
            "correspondents": story["correspondents"],
            "photographers": [],
            "blocks": [{"type": "subhead" if kind == "h" else "paragraph", "text": text}
                       for kind, text in story["body"]],
            "captions": captions,
            "people": entities["people"],
            "organizations": entities["organizations"],
            "places": entities["places"],
            "events": [],
            "optional_people": entities.get("optional_people", []),
            "optional_organizations": entities.get("optional_organizations", []),
            "optional_places": entities.get("optional_places", []),
            "images": [{"page_index": 1, "bbox": [round(v, 2) for v in box]} for box in drawn[key].images],
            "regions": [{"page_index": 1, "bbox": drawn[key].box()}],
        }

    return {
        "page": {"file": "sample_page.pdf", "publication": None, "date": "1998-01-03", "number": 3, "name": "要闻"},
        "articles": [article("lead", LEAD), article("side", SIDE), article("brief", BRIEF), article("lower", LOWER),
                     article("buses", BUSES)],
        "images": [
            {"page_index": 1, "bbox": [round(v, 2) for v in boxes["photo"]], "kind": "photo", "article": 0,
             "caption": PHOTO_CAPTION},
            {"page_index": 1, "bbox": [round(v, 2) for v in boxes["advert"]], "kind": "advert", "article": None,
             "caption": None},
        ],
    }


def build_encrypted(path: Path) -> None:
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1,
               encrypt=StandardEncryption("newsroom", ownerPassword="owner", canPrint=0))
    text_line(c, MARGIN, PAGE_H - MARGIN, HEADER, 10.5, None)
    text_line(c, MARGIN, PAGE_H - 80, "这一页加了打开密码。", 20, None)
    c.showPage()
    c.save()


def build_scan(path: Path) -> None:
    """A scanned page: a picture of printed lines and nothing else (no text layer)."""
    image = Image.new("L", (595, 842), 250)
    draw = ImageDraw.Draw(image)
    draw.rectangle([50, 50, 545, 95], fill=30)  # the headline's ink
    for row in range(32):
        y = 130 + 21 * row
        draw.rectangle([50, y, 545 - (row % 5) * 40, y + 9], fill=60)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=60)
    c = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(out.getvalue())), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    photo = photo_jpeg()
    (HERE / "sample_photo.jpg").write_bytes(photo)
    drawn, boxes = build_page(HERE / "sample_page.pdf", photo)
    (HERE / "sample_page.gold.json").write_text(
        json.dumps(gold(drawn, boxes), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    bad = HERE / "bad"
    bad.mkdir(exist_ok=True)
    build_encrypted(bad / "encrypted.pdf")
    build_scan(bad / "scan_no_text.pdf")
    whole = (HERE / "sample_page.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(whole[: len(whole) * 3 // 5])  # cut off in transfer
    (bad / "not_a_pdf.pdf").write_text("这不是PDF文件，只是一个改了扩展名的文本文件。\n", encoding="utf-8")
    for name in ("sample_page.pdf", "sample_photo.jpg", "sample_page.gold.json", "bad/encrypted.pdf",
                 "bad/truncated.pdf", "bad/scan_no_text.pdf", "bad/not_a_pdf.pdf"):
        print(f"{name}: {(HERE / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
