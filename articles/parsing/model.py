"""The parser's output: frozen dataclasses, and their page-parse JSON form.

Takes nothing from the other stages; every stage gives these. Example of the JSON form
(`ParsedPage.to_dict()`, the shape `../shared/spec/README.md` fixes)::

    {"page": {"file": "000.txt", "publication": null, "date": null, "number": null, "name": null},
     "articles": [{"kind": "story", "headline": "传承雷锋精神 弘扬时代新风", "kicker": null,
                   "subtitle": null, "dateline": "本报讯", "reporters": ["姬慧洋"],
                   "correspondents": ["罗阳阳"], "photographers": [],
                   "blocks": [{"type": "paragraph", "text": "3月5日是全国第61个……"}],
                   "captions": [{"text": "志愿者为群众检查口腔。", "photographers": ["姬慧洋"]}],
                   "people": [...], "organizations": [...], "places": [...], "events": [...],
                   "keywords": [...], "source": {"first_line": 205, "last_line": 239}}]}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def gettext_noop(message: str) -> str:
    """Marks an English message for the translation catalogue and returns it unchanged.

    `makemessages` extracts the strings given to a function of this name (Django's own marker has
    it); the parser imports no Django and speaks no language, so its errors carry the English
    source string and its parameters, and the admin, the site and the API translate them where a
    person reads them (`newsroom.i18n.translated`)."""
    return message


class ParseError(ValueError):
    """The text cannot be parsed as a page (binary noise, no text at all).

    `message` is an English source string marked with `gettext_noop` (placeholders `%(name)s`),
    `params` its values; `str()` is the message in English::

        >>> error = ParseError(gettext_noop("not a page of text: %(noise)d of %(total)d characters ..."),
        ...                    noise=90, total=100)
        >>> str(error), error.message, error.params
        ('not a page of text: 90 of 100 characters ...', 'not a page of text: %(noise)d of ...', {...})
    """

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


class ParseWarning(str):
    """What looked wrong in a page that parsed: its English text (a `str`, as the page's JSON form,
    the import log and the commands have it) keeping its `message` (marked with `gettext_noop`) and
    `params`, which the admin shows in the reader's language (`newsroom.i18n.translated`)::

        >>> warning = ParseWarning(gettext_noop("%(count)d caption(s) found but no article to attach them to"),
        ...                        count=2)
        >>> warning, warning.message, warning.params
        ('2 caption(s) found but no article to attach them to', '%(count)d caption(s) ...', {'count': 2})
    """

    message: str
    params: dict[str, object]

    def __new__(cls, message: str, /, **params: object) -> ParseWarning:
        text = super().__new__(cls, message % params if params else message)
        text.message = message
        text.params = params
        return text

    def __getnewargs_ex__(self) -> tuple[tuple[object, ...], dict[str, object]]:  # (pickled: a worker's parse)
        return (self.message,), dict(self.params)


class ArticleKind(StrEnum):
    STORY = "story"
    PHOTO = "photo"  # 图片新闻: a photo with a text and no headline


class PlaceKind(StrEnum):
    """What kind of place a name is, by the word it ends with; values match `people.Place.Kind`."""

    ROAD = "road"  # 路, 街, 大道, 巷, 胡同
    SQUARE = "square"  # 广场
    VILLAGE = "village"  # 村, 庄, 寨, 镇, 乡
    COMMUNITY = "community"  # 社区, 小区, 街道
    BUILDING = "building"  # 大厦, 中心, 酒店, 馆, 园 …
    PROVINCE = "province"  # 省, 自治区
    CITY = "city"  # 市, 县, 区, 州
    COUNTRY = "country"  # 国
    OTHER = "other"

    @classmethod
    def of(cls, name: str) -> PlaceKind:
        """"环湖北路" → ROAD, "田庄" → VILLAGE, "河南省" → PROVINCE, "枫桥" → OTHER."""
        for endings, kind in _PLACE_ENDINGS:
            if name.endswith(endings):
                return kind
        return cls.OTHER


class BlockType(StrEnum):
    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"


class CreditRole(StrEnum):
    """The roles a byline gives; values match `people.Credit.Role`."""

    REPORTER = "reporter"  # 记者, 本报记者, 特约记者, 见习记者, 摄影记者 (when not credited with 摄)
    CORRESPONDENT = "correspondent"  # 通讯员
    PHOTOGRAPHER = "photographer"  # X 摄, X/图
    INTERN = "intern"  # 实习生
    EDITOR = "editor"  # 责任编辑, 编辑, 校对, 美编 (page header)


# The first ending that fits decides: "街道" is a community before "道" could be anything else.
_PLACE_ENDINGS: tuple[tuple[tuple[str, ...], PlaceKind], ...] = (
    (("路", "街", "大道", "大街", "巷", "胡同"), PlaceKind.ROAD),
    (("广场",), PlaceKind.SQUARE),
    (("村", "庄", "寨", "镇", "乡"), PlaceKind.VILLAGE),
    (("社区", "小区", "街道"), PlaceKind.COMMUNITY),
    (("大厦", "中心", "酒店", "大楼", "古镇", "新世界", "馆", "园"), PlaceKind.BUILDING),
    (("省", "自治区"), PlaceKind.PROVINCE),
    (("市", "县", "区", "州"), PlaceKind.CITY),
    (("国",), PlaceKind.COUNTRY),
)


@dataclass(frozen=True, slots=True)
class Credit:
    """One name in a byline with its role and the words that introduced it ("本报记者")."""

    name: str
    role: CreditRole
    label: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    type: BlockType
    text: str


@dataclass(frozen=True, slots=True)
class Caption:
    text: str
    photographers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """1-based, inclusive line numbers of the input."""

    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class PersonMention:
    name: str
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OrganizationMention:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceMention:
    name: str

    @property
    def kind(self) -> PlaceKind:
        return PlaceKind.of(self.name)


class PartOfDay(StrEnum):
    """The part of the day a report names; values match `articles.Event.PartOfDay`."""

    EARLY_MORNING = "early_morning"  # 凌晨, 清晨
    MORNING = "morning"  # 早上, 上午
    NOON = "noon"  # 中午
    AFTERNOON = "afternoon"  # 下午
    EVENING = "evening"  # 傍晚, 晚上, 晚


_PARTS_OF_DAY = {"凌晨": PartOfDay.EARLY_MORNING, "清晨": PartOfDay.EARLY_MORNING, "早上": PartOfDay.MORNING,
                 "上午": PartOfDay.MORNING, "中午": PartOfDay.NOON, "下午": PartOfDay.AFTERNOON,
                 "傍晚": PartOfDay.EVENING, "晚上": PartOfDay.EVENING, "晚": PartOfDay.EVENING}


@dataclass(frozen=True, slots=True)
class EventMention:
    """A dated happening. `date` is ISO "YYYY-MM-DD", or "--MM-DD" when the year is unknown;
    `time_of_day` as the text says it (上午, 下午, 晚上, or "14:30"), read by `part_of_day`
    and `clock`."""

    name: str
    date: str | None = None
    time_of_day: str | None = None
    location: str | None = None
    organizers: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()

    @property
    def part_of_day(self) -> PartOfDay | None:
        return _PARTS_OF_DAY.get(self.time_of_day or "")

    @property
    def clock(self) -> dt.time | None:
        """"14:30" → 14:30; None for a part of the day, or a time no clock shows ("²:30", "25:00")."""
        hours, colon, minutes = (self.time_of_day or "").partition(":")
        if not colon or not (hours + minutes).isascii() or not hours.isdigit() or not minutes.isdigit():
            return None
        if int(hours) < 24 and int(minutes) < 60:
            return dt.time(int(hours), int(minutes))
        return None


@dataclass(frozen=True, slots=True)
class Entities:
    """What the entity stage finds in one article."""

    people: tuple[PersonMention, ...] = ()
    organizations: tuple[OrganizationMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageBox:
    """A rectangle on a PDF page: PDF points, origin at the page's bottom left, `[x0, y0, x1, y1]`.

    `page_index` counts the PDF's pages from 1, as the page-parse JSON does.
    """

    page_index: int
    bbox: tuple[float, float, float, float]

    def to_dict(self) -> dict[str, Any]:
        return {"page_index": self.page_index, "bbox": [round(v, 1) for v in self.bbox]}


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    kind: ArticleKind
    headline: str | None
    kicker: str | None
    subtitle: str | None
    dateline: str | None
    credits: tuple[Credit, ...]
    blocks: tuple[Block, ...]
    captions: tuple[Caption, ...]
    source: SourceSpan
    entities: Entities = field(default_factory=Entities)
    # Only for pages read from a PDF: the article's pictures and where it is printed.
    images: tuple[PageBox, ...] = ()
    regions: tuple[PageBox, ...] = ()

    def names(self, role: CreditRole) -> list[str]:
        return [credit.name for credit in self.credits if credit.role == role]

    @property
    def reporters(self) -> list[str]:
        return self.names(CreditRole.REPORTER)

    @property
    def correspondents(self) -> list[str]:
        return self.names(CreditRole.CORRESPONDENT)

    @property
    def photographers(self) -> list[str]:
        return self.names(CreditRole.PHOTOGRAPHER)

    @property
    def body_text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        e = self.entities
        return {
            "kind": self.kind.value,
            "headline": self.headline,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "reporters": self.reporters,
            "correspondents": self.correspondents,
            "photographers": self.photographers,
            "credits": [{"name": c.name, "role": c.role.value, "label": c.label} for c in self.credits],
            "blocks": [{"type": b.type.value, "text": b.text} for b in self.blocks],
            "captions": [{"text": c.text, "photographers": list(c.photographers)} for c in self.captions],
            "people": [{"name": p.name, "titles": list(p.titles)} for p in e.people],
            "organizations": [{"name": o.name, "aliases": list(o.aliases)} for o in e.organizations],
            "places": [{"name": p.name, "kind": p.kind.value} for p in e.places],
            "events": [
                {
                    "name": ev.name,
                    "date": ev.date,
                    "time_of_day": ev.time_of_day,
                    "location": ev.location,
                    "organizers": list(ev.organizers),
                    "participants": list(ev.participants),
                }
                for ev in e.events
            ],
            "keywords": list(e.keywords),
            "source": {"first_line": self.source.first_line, "last_line": self.source.last_line},
            **({"images": [box.to_dict() for box in self.images]} if self.images else {}),
            **({"regions": [box.to_dict() for box in self.regions]} if self.regions else {}),
        }


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page header prints (date with 星期, 第N版, the page name, 责任编辑 ...)."""

    file: str | None = None
    publication: str | None = None
    date: dt.date | None = None
    number: int | None = None
    name: str | None = None
    credits: tuple[Credit, ...] = ()  # editors, proofreaders from the header

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "publication": self.publication,
            "date": self.date.isoformat() if self.date else None,
            "number": self.number,
            "name": self.name,
            "credits": [{"name": c.name, "role": c.role.value, "label": c.label} for c in self.credits],
        }


@dataclass(frozen=True, slots=True)
class ParsedPage:
    page: PageMeta
    articles: tuple[ParsedArticle, ...]
    warnings: tuple[str, ...] = ()
    parser_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page.to_dict(),
            "articles": [article.to_dict() for article in self.articles],
            "warnings": list(self.warnings),
            "parser_version": self.parser_version,
        }


class PictureKind(StrEnum):
    PHOTO = "photo"  # a news photo: it has a caption or belongs to a story
    ADVERT = "advert"  # a picture with neither (advertisements, logos): not imported


@dataclass(frozen=True, slots=True)
class PagePicture:
    """An embedded picture of a PDF page, with its own pixels (not a screenshot of the page)."""

    box: PageBox
    kind: PictureKind
    data: bytes  # the encoded picture (JPEG as embedded where it can be; PNG otherwise)
    media_type: str  # "image/jpeg" or "image/png"
    width: int  # pixels
    height: int
    article: int | None = None  # index in ParsedPage.articles of the article it illustrates
    caption: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.box.to_dict(), "kind": self.kind.value, "article": self.article, "caption": self.caption}


@dataclass(frozen=True, slots=True)
class PageRendering:
    """The whole printed page drawn once at screen resolution, for the reader's page view."""

    page_index: int
    width_points: float  # the PDF page's size, to map PageBox rectangles onto the picture
    height_points: float
    data: bytes
    media_type: str  # "image/webp" or "image/png"
    width: int  # pixels
    height: int


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One newspaper page read from a PDF: its parse, its pictures and its rendering."""

    parsed: ParsedPage
    page_index: int = 1  # which page of the PDF, from 1
    # The page's text as the parser read it, one line per SourceLine in reading order: the
    # articles' source spans number these lines, and the import stores it as the page's raw text.
    text: str = ""
    pictures: tuple[PagePicture, ...] = ()
    rendering: PageRendering | None = None

    def to_dict(self) -> dict[str, Any]:
        """The page-parse JSON, with the page-level `images` list the spec gives PDF pages."""
        return {**self.parsed.to_dict(), "images": [picture.to_dict() for picture in self.pictures]}
