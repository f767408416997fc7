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


class ParseError(ValueError):
    """The text cannot be parsed as a page (binary noise, no text at all)."""


class ArticleKind(StrEnum):
    STORY = "story"
    PHOTO = "photo"  # 图片新闻: a photo with a text and no headline


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


@dataclass(frozen=True, slots=True)
class EventMention:
    """A dated happening. `date` is ISO "YYYY-MM-DD", or "--MM-DD" when the year is unknown."""

    name: str
    date: str | None = None
    time_of_day: str | None = None  # 上午, 下午, 晚上, or "14:30"
    location: str | None = None
    organizers: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entities:
    """What the entity stage finds in one article."""

    people: tuple[PersonMention, ...] = ()
    organizations: tuple[OrganizationMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    keywords: tuple[str, ...] = ()


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
            "places": [{"name": p.name} for p in e.places],
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
