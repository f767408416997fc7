"""Score the page parser on headline and byline conventions the pages themselves may lack.

    .venv/bin/python bench/score_conventions.py [--split tune|held] [--sets dev,dev-wide,...]
                                                [--failures N] [--only NAME ...]

Takes each article of the ../shared/pages sets whose headline stands alone on one line of the
page (no kicker, no subtitle) and rewrites the page around it into one common convention of
Chinese newspaper typesetting (issue #18): a speech kicker above the title, a "——" subtitle
below it, the title drawn twice (fake bold as two runs, or each character doubled), a title
over two lines, a byline line under the title in its usual forms ("本报记者 X", a name padded
with U+3000, "□本报记者 X", 新华社记者 X Y, 特约记者, 通讯员, ...), a credit in the dateline
("本报讯（记者X）" wrapped over two lines, spaced digits), a padded name the extraction cut at
its gap. Every inserted string is synthetic, written here; the page's own text is only the
context. It then parses the page (`parse_page(entities=False)`), finds the article again by
the scorer's matching and checks its tiers (kicker, headline, subtitle) and its credits
(reporters, correspondents) against what the convention implies.

Prints one row per convention: cases, tier accuracy, credit accuracy, and how many articles
were lost (not matched). This measures whether the rules generalise to conventions, beyond
the pages' own text. By default only the tuning pages are used (`score_sets.HELD_OUT_FROM`);
`--split held` measures the held-out pages and prints only the aggregate table (never a case).
`--failures N` prints up to N wrong cases per convention (tune split only).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType

from score_sets import PAGES, SETS, in_split, load_scorer  # also puts ROOT on sys.path

from articles.parsing import parse_page

#: Sets scored by default: the seed page has too few articles to matter.
DEFAULT_SETS = ("dev", "dev-wide", "pdftotext", "pymupdf", "pdfminer")
TIER_KEYS = ("kicker", "headline", "subtitle")
CREDIT_KEYS = ("reporters", "correspondents")


@dataclass(frozen=True)
class Expected:
    """What the parse should give for the rewritten article."""

    kicker: str | None
    headline: str
    subtitle: str | None
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """One article of a page whose headline line can be rewritten."""

    set_name: str
    stem: str
    gold: dict
    lines: list[str]
    headline_index: int

    @property
    def headline(self) -> str:
        return self.gold["headline"]


#: A convention rewrites the page's lines around a source; None when it does not apply.
Rewrite = Callable[[Source, ModuleType], tuple[list[str], Expected] | None]


def _halves(title: str) -> tuple[str, str]:
    middle = len(title) // 2
    return title[:middle], title[middle:]


def _replace_headline(source: Source, new_lines: list[str]) -> list[str]:
    i = source.headline_index
    return source.lines[:i] + new_lines + source.lines[i + 1:]


def _gold_credits(source: Source, scorer: ModuleType) -> dict[str, tuple[str, ...]]:
    return {key: tuple(scorer.names(source.gold.get(key))) for key in CREDIT_KEYS}


def headline_convention(titles: Callable[[str], list[str] | None], kicker: Callable[[str], str | None],
                        headline: Callable[[str], str], subtitle: Callable[[str], str | None]) -> Rewrite:
    """A convention that sets the headline line as `titles(h)`; the credits stay the page's."""

    def rewrite(source: Source, scorer: ModuleType) -> tuple[list[str], Expected] | None:
        new_lines = titles(source.headline)
        if new_lines is None:
            return None
        h = source.headline
        return _replace_headline(source, new_lines), Expected(
            kicker(h), headline(h), subtitle(h), **_gold_credits(source, scorer))

    return rewrite


def fixed_tiers(kicker_line: str | None = None, subtitle_line: str | None = None) -> Rewrite:
    """The title with a synthetic kicker above it and / or a synthetic subtitle below it."""
    return headline_convention(
        lambda h: [line for line in (kicker_line, h, subtitle_line) if line is not None],
        lambda h: kicker_line, lambda h: h, lambda h: subtitle_line)


def same_tiers(titles: Callable[[str], list[str] | None], headline: Callable[[str], str] = lambda h: h) -> Rewrite:
    """A title set differently on the page that should still read as one headline."""
    return headline_convention(titles, lambda h: None, headline, lambda h: None)


def _two_lines(title: str) -> list[str] | None:
    return list(_halves(title)) if len(title) >= 8 else None


def _with_mark(mark: str) -> Callable[[str], str]:
    return lambda h: mark.join(_halves(h))


HEADLINE_CONVENTIONS: dict[str, Rewrite] = {
    "kicker: …会议强调": fixed_tiers(kicker_line="全市农村工作会议强调"),
    "kicker: …时指出": fixed_tiers(kicker_line="省长在基层调研时指出"),
    "kicker: plain": fixed_tiers(kicker_line="立足本职岗位再创佳绩"),
    "subtitle: ——记…": fixed_tiers(subtitle_line="——记一位扎根山区的乡村医生"),
    "subtitle: —— with comma": fixed_tiers(subtitle_line="——走访五个村，听听农民怎么说"),
    "kicker + subtitle": fixed_tiers("各地座谈会强调", "——来自县乡两级的调查"),
    "title drawn twice": same_tiers(lambda h: [h, h]),
    "doubled characters": same_tiers(lambda h: ["".join(c * 2 for c in h)]),
    "title with ，": same_tiers(lambda h: [_with_mark("，")(h)], _with_mark("，")),
    "title with 、": same_tiers(lambda h: [_with_mark("、")(h)], _with_mark("、")),
    "title ends ……": same_tiers(lambda h: [h + "……"], lambda h: h + "……"),
    "title ends ？": same_tiers(lambda h: [h + "？"], lambda h: h + "？"),
    "title over two lines": same_tiers(_two_lines, lambda h: " ".join(_halves(h))),
}


def byline_convention(byline_line: str, reporters: tuple[str, ...],
                      correspondents: tuple[str, ...] = ()) -> Rewrite:
    """A byline line set under the headline."""

    def rewrite(source: Source, scorer: ModuleType) -> tuple[list[str], Expected] | None:
        i = source.headline_index
        lines = [*source.lines[:i + 1], byline_line, *source.lines[i + 1:]]
        return lines, Expected(None, source.headline, None, reporters, correspondents)

    return rewrite


BYLINE_CONVENTIONS: dict[str, Rewrite] = {
    "byline: 本报记者 X": byline_convention("本报记者 陈鹏", ("陈鹏",)),
    "byline: 本报记者X (glued)": byline_convention("本报记者孙涛", ("孙涛",)),
    "byline: glued, padded": byline_convention("本报记者李 明", ("李明",)),
    "byline: □本报记者": byline_convention("□本报记者 张华", ("张华",)),
    "byline: U+3000 padding": byline_convention("本报记者　王　军", ("王军",)),
    "byline: two, U+3000": byline_convention("本报记者　周　平　高　远", ("周平", "高远")),
    "byline: two with 、": byline_convention("本报记者 吴刚、郑丽", ("吴刚", "郑丽")),
    "byline: 新华社记者 X Y": byline_convention("新华社记者 马骏 何静", ("马骏", "何静")),
    "byline: 特约记者": byline_convention("本报特约记者 刘强", ("刘强",)),
    "byline: 记者 + 通讯员": byline_convention("本报记者 黄河 通讯员 罗林", ("黄河",), ("罗林",)),
    "byline: 通讯员 only": byline_convention("本报通讯员 赵小红", (), ("赵小红",)),
}


def dateline_convention(dateline: str, reporters: tuple[str, ...]) -> Rewrite:
    """The lead's 本报讯 replaced by a dateline carrying the credit (may hold a line break)."""

    def rewrite(source: Source, scorer: ModuleType) -> tuple[list[str], Expected] | None:
        i = source.headline_index
        if i + 1 >= len(source.lines) or "本报讯" not in source.lines[i + 1][:8]:
            return None
        lead = source.lines[i + 1].replace("本报讯", dateline, 1).split("\n")
        lines = source.lines[:i + 1] + lead + source.lines[i + 2:]
        return lines, Expected(None, source.headline, None, reporters, ())

    return rewrite


DATELINE_CONVENTIONS: dict[str, Rewrite] = {
    "dateline: （记者X） wrapped": dateline_convention("本报讯 （记者许\n峰） ", ("许峰",)),
    "dateline: two, wrapped": dateline_convention("本报讯（记者 林海\n冯洁）", ("林海", "冯洁")),
    "dateline: spaced digits": dateline_convention("本报上海1 月2 3 日讯 （记者许峰） ", ("许峰",)),
    "dateline: 记者X报道：": dateline_convention("本报讯 记者邓华报道：", ("邓华",)),
    "dateline: 特约记者": dateline_convention("本报讯 （特约记者 刘强） ", ("刘强",)),
}


def cut_name_convention(name_elsewhere: list[str]) -> Rewrite:
    """"本报记者 X" under the title with the padded name cut at its gap: the label and the
    first character stay under the title, the rest lands at the head of a block further down
    (as pdftotext prints a padded name). The title must stay the headline and the name whole."""

    def rewrite(source: Source, scorer: ModuleType) -> tuple[list[str], Expected] | None:
        i, lines = source.headline_index, source.lines
        blank = next((k for k in range(i + 6, min(i + 40, len(lines))) if not lines[k].strip()), None)
        if blank is None:
            return None
        new = [*lines[:i + 1], "本报记者 闫", *lines[i + 1:blank + 1], *name_elsewhere, *lines[blank + 1:]]
        return new, Expected(None, source.headline, None, ("闫明",), ())

    return rewrite


def moved_name_convention(name: str, reporters: tuple[str, ...], alone: bool) -> Rewrite:
    """"本报记者" alone under the title, its name moved to the head of a block further down."""

    def rewrite(source: Source, scorer: ModuleType) -> tuple[list[str], Expected] | None:
        i, lines = source.headline_index, source.lines
        blank = next((k for k in range(i + 6, min(i + 40, len(lines))) if not lines[k].strip()), None)
        if blank is None:
            return None
        moved = [name, ""] if alone else [name]
        new = [*lines[:i + 1], "本报记者", *lines[i + 1:blank + 1], *moved, *lines[blank + 1:]]
        return new, Expected(None, source.headline, None, reporters, ())

    return rewrite


EXTRACTION_CONVENTIONS: dict[str, Rewrite] = {
    "cut name, rest alone": cut_name_convention(["明", ""]),
    "moved name, block head": moved_name_convention("陶然", ("陶然",), alone=False),
    "moved name, alone": moved_name_convention("陶然", ("陶然",), alone=True),
    "moved two names, alone": moved_name_convention("章立、钱芳", ("章立", "钱芳"), alone=True),
}

#: Conventions that add credits need an article that had none (its own would be kept).
CONVENTIONS: dict[str, tuple[Rewrite, bool]] = {
    **{name: (rewrite, False) for name, rewrite in HEADLINE_CONVENTIONS.items()},
    **{name: (rewrite, True) for name, rewrite in BYLINE_CONVENTIONS.items()},
    **{name: (rewrite, True) for name, rewrite in DATELINE_CONVENTIONS.items()},
    **{name: (rewrite, True) for name, rewrite in EXTRACTION_CONVENTIONS.items()},
}


def sources(set_names: list[str], split: str) -> Iterator[Source]:
    """Articles whose headline is a single line of their page, alone in its tier."""
    for set_name in set_names:
        folder = SETS[set_name]
        for txt in sorted(folder.glob("*.txt")):
            if not in_split(txt.stem, split) or not txt.stem[:8].isdigit():
                continue
            gold = json.loads((folder / f"{txt.stem}.gold.json").read_text(encoding="utf-8"))
            lines = txt.read_text(encoding="utf-8").split("\n")
            for article in gold["articles"]:
                headline = article.get("headline")
                if not headline or article.get("kicker") or article.get("subtitle") or "——" in headline:
                    continue
                matches = [i for i, line in enumerate(lines) if line.strip() == headline]
                if len(matches) == 1:
                    yield Source(set_name, txt.stem, article, lines, matches[0])


def _has_credits(source: Source) -> bool:
    return any(source.gold.get(key) for key in (*CREDIT_KEYS, "photographers"))


@dataclass
class Tally:
    cases: int = 0
    tiers_ok: int = 0
    credits_ok: int = 0
    unmatched: int = 0
    failures: list[str] = field(default_factory=list)


def check(scorer: ModuleType, source: Source, lines: list[str], expected: Expected) -> tuple[bool, bool, dict | None]:
    """Parse the rewritten page; (tiers right, credits right, the parsed article or None)."""
    page = parse_page("\n".join(lines), file=f"{source.stem}.txt", entities=False).to_dict()
    wanted = dict(source.gold, headline=expected.headline)
    match = scorer.match_articles([wanted], page["articles"])
    if 0 not in match:
        return False, False, None
    article = page["articles"][match[0]]
    tiers_ok = all(scorer.norm(article.get(key)) == scorer.norm(getattr(expected, key)) for key in TIER_KEYS)
    credits_ok = all(sorted(scorer.names(article.get(key))) == sorted(getattr(expected, key))
                     for key in CREDIT_KEYS)
    return tiers_ok, credits_ok, article


def score(set_names: list[str], split: str, only: set[str], keep_failures: int) -> dict[str, Tally]:
    scorer = load_scorer()
    tallies = {name: Tally() for name in CONVENTIONS if not only or name in only}
    for source in sources(set_names, split):
        for name, tally in tallies.items():
            rewrite, needs_no_credits = CONVENTIONS[name]
            if needs_no_credits and _has_credits(source):
                continue
            case = rewrite(source, scorer)
            if case is None:
                continue
            lines, expected = case
            tiers_ok, credits_ok, article = check(scorer, source, lines, expected)
            tally.cases += 1
            tally.tiers_ok += tiers_ok
            tally.credits_ok += credits_ok
            tally.unmatched += article is None
            if not (tiers_ok and credits_ok) and len(tally.failures) < keep_failures:
                got = {key: article.get(key) for key in (*TIER_KEYS, *CREDIT_KEYS)} if article else "unmatched"
                tally.failures.append(f"    [{source.set_name} {source.stem}] want {expected} got {got}")
    return tallies


def _padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns (a CJK character takes two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def print_table(title: str, tallies: dict[str, Tally], show_failures: bool) -> None:
    print(title)
    print(f"  {'convention':28} {'cases':>6} {'tiers':>6} {'credits':>7} {'lost':>5}")
    total = Tally()
    for name, tally in tallies.items():
        if not tally.cases:
            continue
        print(f"  {_padded(name, 28)} {tally.cases:6d} {tally.tiers_ok / tally.cases:6.3f} "
              f"{tally.credits_ok / tally.cases:7.3f} {tally.unmatched:5d}")
        for line in tally.failures if show_failures else ():
            print(line)
        total.cases += tally.cases
        total.tiers_ok += tally.tiers_ok
        total.credits_ok += tally.credits_ok
        total.unmatched += tally.unmatched
    if total.cases:
        print(f"  {'all conventions':28} {total.cases:6d} {total.tiers_ok / total.cases:6.3f} "
              f"{total.credits_ok / total.cases:7.3f} {total.unmatched:5d}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="tune", choices=("tune", "held"))
    parser.add_argument("--sets", default=",".join(DEFAULT_SETS))
    parser.add_argument("--only", action="append", default=[], help="only this convention (repeatable)")
    parser.add_argument("--failures", type=int, default=0, help="print up to N wrong cases per convention (tune only)")
    args = parser.parse_args()
    if not PAGES.is_dir():
        print(f"{PAGES} absent: no pages to rewrite, nothing to score")
        return 0
    if args.split == "held" and args.failures:
        parser.error("held-out pages are only measured: --failures is for --split tune")
    set_names = [name for name in args.sets.split(",") if name]
    only = set(args.only)
    if unknown := only - CONVENTIONS.keys():
        parser.error(f"unknown conventions: {', '.join(sorted(unknown))}")
    tallies = score(set_names, args.split, only, args.failures)
    print_table(f"{args.split} pages of {', '.join(set_names)}: accuracy of each article's tiers "
                "(kicker, headline, subtitle) and credits (reporters, correspondents)", tallies,
                show_failures=args.split == "tune")
    return 0


if __name__ == "__main__":
    sys.exit(main())
