"""Bylines (署名) and datelines (电头) of Chinese news articles.

Takes raw text from the page extraction — a whole line, the first paragraph of an article
(wrapped lines joined without separator, PDF spaces still in, U+FFFD stripped), or the end of
a caption — and gives `model.Credit` values (name, role, the words that introduced it) and
the dateline as printed with its spaces removed. Pure functions, no Django, no state.
A real sample (seed page, lines 206-207 and 503)::

    >>> lead = split_lead("本报讯 （记者 姬慧洋 通讯员 罗阳阳） 3 月 5 日是全国第 61 个…")
    >>> lead.dateline, [(c.name, c.role.value, c.label) for c in lead.credits]
    ('本报讯', [('姬慧洋', 'reporter', '记者'), ('罗阳阳', 'correspondent', '通讯员')])
    >>> lead.rest
    '3 月 5 日是全国第 61 个…'
    >>> [(c.name, c.role.value) for c in parse_byline_line("记者 姬慧洋 通讯员 闫文博 摄")]
    [('姬慧洋', 'photographer'), ('闫文博', 'photographer')]
    >>> split_trailing_credit("志愿者为群众检查口腔。 记者 姬慧洋 摄")[0]
    '志愿者为群众检查口腔。'
    >>> dateline_date("新华社贵阳１２月３１日电")
    (12, 31)

The rules are those of Chinese news writing, not of any one paper: a byline is role words
(记者, 通讯员, 实习生 …, optionally after an outlet such as 本报 / 新华社 / 本报驻南非) each
followed by names; a photo credit ends in 摄; a dateline is an outlet, a place, a date and
讯 or 电.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from articles.parsing.dates import NUMBER, SPACED_NUMBER, find_month_day
from articles.parsing.model import Credit, CreditRole

__all__ = [
    "Lead",
    "dateline_date",
    "is_bare_byline",
    "looks_like_dateline_start",
    "parse_byline_line",
    "split_lead",
    "split_trailing_credit",
    "split_wrapped_lead",
]

# The layout stage asks these questions of one line many times (as the line, as the line
# under a title, as the line after a caption...): answers are kept per text, the results
# being immutable. A page holds a few hundred lines.
_LINE_CACHE = 4096

# --------------------------------------------------------------------------- vocabulary

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebef"
_SPACE = r"[ \t\u3000\u00a0]"
_S = rf"{_SPACE}*"
# Marks some papers print before a standalone byline ("□记者 X", "■本报记者 X").
_DECOR = "□■●○◎▲△◆◇★☆▉▇█◢◣►▶·•"

# Role words.  A qualifier may stand before 记者 (特约, 见习, 首席, 全媒体 …); 记者站, 记者节,
# 记者会 … are other words.  What the role is comes from `_role_of`.  A photo credit
# (… 摄, X/图) makes every name a photographer.
_ROLE_PATTERN = (
    r"(?:特约|特派|见习|实习|首席|摄影|摄像|全媒体|融媒体|融媒|驻站|资深|文字|视频)?记者(?!站|节|会|招待|证|们|协)"
    r"|(?:特约)?通讯员|实习生|特约撰稿人?"
)
_ROLE_RE = re.compile(_ROLE_PATTERN)
_ROLE_SPLIT_RE = re.compile(f"({_ROLE_PATTERN})")

# An outlet or posting written before a role word: "本报", "新华社", "本报驻南非",
# "中央人民广播电台", "解放军报".  Outlets end in the words that name media.
_OUTLET_END_RE = re.compile(r"(?:报|社|台|网|刊|杂志|中心|频道)$")

# The name of a paper, agency or station, which may hold any word ("经济日报", "法制日报",
# "中国青年报"): it ends in the word that names its kind, perhaps with a posting after it.
_MEDIA_NAME_RE = re.compile(
    rf"[{_CJK}]{{2,8}}(?:日报|晚报|早报|青年报|时报|通讯社|新闻社|电视台|广播电台|电台|杂志社)"
    rf"(?:驻[{_CJK}]{{1,8}})?"
)

# Words of a sentence round a paper's name ("他在接受经济日报记者采访时"), never in the name.
_NOT_IN_MEDIA_NAME = frozenset("的了是们这那么吗呢吧着过说到在上向把被从据对给让使接受称")


def _media_name(text: str) -> bool:
    return _MEDIA_NAME_RE.fullmatch(text) is not None and not any(ch in _NOT_IN_MEDIA_NAME for ch in text)


# Characters that hardly occur in a personal name but do in the text around one: they keep
# "记者节到了" or "记者从市里获悉" from being read as a byline line.  Function words only —
# 于, 向, 中, 月, 日, 也 are surnames or occur in given names — and checked only where the
# structure alone does not show a byline (whole lines, caption tails, unbracketed leads).
_NOT_IN_NAME = frozenset(
    "的了是们这那么吗呢吧着过说到与及或被把就都而但节获悉该其此些所因已经还很没要让使给只仅约等"
    "报道讯电据称从今昨"
)
# The same for the words before a role word on a whole line ("…举行的记者招待会"); 报, 及
# (本报驻埃及), 与, 电 and 讯 (广播电台, 通讯社) occur in outlets and postings, 在 and 上 in
# sentences only.
_NOT_IN_OUTLET = (_NOT_IN_NAME - frozenset("报及与或电讯")) | frozenset("在上向")
# A Chinese name has 2–4 characters; a transcribed one joins its parts with a middle dot.
_NAME_RE = re.compile(rf"[{_CJK}]{{2,4}}|[{_CJK}]{{1,8}}(?:[·•．.][{_CJK}]{{1,10}}){{1,3}}")
_ONE_CJK_RE = re.compile(rf"[{_CJK}]")
_CJK_RUN_RE = re.compile(rf"[{_CJK}]{{1,16}}")


def _load_surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Surnames from `data/`: a soft signal, used only where nothing else shows that a word
    glued to a bare "记者" is a name."""
    data = Path(__file__).with_name("data")
    found: list[set[str]] = []
    for fname in ("surnames.txt", "compound_surnames.txt"):
        words: set[str] = set()
        try:
            text = (data / fname).read_text(encoding="utf-8")
        except OSError:
            text = ""
        for line in text.splitlines():
            if not line.startswith("#"):
                words.update(line.split())
        found.append(words)
    return frozenset(found[0]), frozenset(found[1])


_SURNAMES, _COMPOUND_SURNAMES = _load_surnames()


def _has_surname(name: str) -> bool:
    return name[:1] in _SURNAMES or name[:2] in _COMPOUND_SURNAMES


def _han_name_shape(name: str) -> bool:
    """A surname and a given name of one or two characters: "王刚", "王小明", "欧阳明月"."""
    if name[:2] in _COMPOUND_SURNAMES:
        return 3 <= len(name) <= 4
    return name[:1] in _SURNAMES and 2 <= len(name) <= 3


def looks_like_name(text: str) -> bool:
    """Whether `text` alone has the shape of a Han name: a known surname and a given name of
    one or two characters ("阎晓明", "欧阳明月"), none of the characters names do not hold —
    or of the names of a byline, listed ("李济国、贾建舟", "王锦鹄 毛磊"; a name padded to three
    characters, "王 军", is one name)."""
    if _han_name_shape(text) and not any(ch in _NOT_IN_NAME for ch in text):
        return True
    if len(text) < 5 or len(text) > 20:
        return False  # a list holds two names or more, each of two characters at least
    names = _merge_padded([t for t in _NAME_LIST_SEP_RE.split(text.strip()) if t])
    return len(names) > 1 and all(
        _han_name_shape(name) and not any(ch in _NOT_IN_NAME for ch in name) for name in names
    )


_NAME_LIST_SEP_RE = re.compile(rf"(?:{_SPACE}|[、，,])+")


def _role_of(word: str) -> CreditRole:
    if word in ("实习生", "实习记者"):
        return CreditRole.INTERN
    if word.endswith("通讯员"):
        return CreditRole.CORRESPONDENT
    return CreditRole.REPORTER


def _valid_name(name: str, *, strict: bool = False) -> bool:
    if not _NAME_RE.fullmatch(name) or _ROLE_RE.search(name):
        return False
    # A transcribed name ("阿不都·热合曼", "穆罕默德·拉斐克") spells sounds, so any character
    # may stand in it; its middle dot is what shows it is a name.
    return not strict or not any(ch in _NOT_IN_NAME for ch in name) or _is_transcribed(name)


def _is_transcribed(name: str) -> bool:
    return any(dot in name for dot in "·•．.")


def _outlet_like(text: str) -> bool:
    """"本报", "新华社", "本报驻南非", "中央人民广播电台", "解放军报": words naming where the
    person works, written before the role word."""
    return len(text) <= 16 and (
        text.startswith(("本报", "新华社", "中新社"))
        or "驻" in text
        or _OUTLET_END_RE.search(text) is not None
    )


# --------------------------------------------------------------------------- credit lists

_SEP_RE = re.compile(rf"(?:{_SPACE}|[、，,；;：:\n])+")


# A role word with one character of a padded name glued to it: "本报记者李" (then "明").
_GLUED_ONE_RE = re.compile(rf"(?:{_ROLE_PATTERN})[{_CJK}]$")
# A byline line whose names the extraction put elsewhere: "本报记者", "本报驻阿联酋记者".
# An outlet must stand before the role: "记者" alone on a line is more likely a wrapped word,
# and "潘文凯在接受越通社记者" is a sentence cut at the line's end.
_BARE_BYLINE_RE = re.compile(
    rf"(?:本报|新华社|中新社|中国新闻社|[{_CJK}]{{2,6}}(?:日报|晚报|早报|电视台|通讯社))(?:驻[{_CJK}]{{1,10}})?"
    rf"(?:{_ROLE_PATTERN})"
)


# The first character of a name padded to three ("阎　明"), set apart after the label: the
# extraction cut the name at its gap.
_CUT_PADDED_RE = re.compile(rf"{_SPACE}[{_CJK}]$")


@lru_cache(maxsize=_LINE_CACHE)
def is_bare_byline(line: str) -> bool:
    """"本报记者", "本报驻阿联酋记者", "□新华社记者", "本报记者：", "本 报 记 者" (letter-spaced):
    a byline line with no name on it — or only the first character of a padded one ("本报记者 阎",
    the "明" of "阎　明" put elsewhere by the extraction)."""
    text = _strip_leading(line).strip().rstrip("：:").rstrip()
    if _BARE_BYLINE_RE.fullmatch(text) is not None:
        return True
    if _CUT_PADDED_RE.search(text) and _BARE_BYLINE_RE.fullmatch(text[:-1].rstrip()) is not None:
        return True  # "本报记者 阎": a padded name ("阎　明") cut at its gap, the rest put elsewhere
    # cheap first: a letter-spaced line has a space after its first character
    return (
        len(text) >= 7 and text[1] == " " and _letter_spaced(text)
        and _BARE_BYLINE_RE.fullmatch(_squeeze(text)) is not None
    )


def _letter_spaced(text: str) -> bool:
    """A line the extraction spaced out character by character ("本 报 记 者 王 军"): loosely
    justified type, every character a word of its own."""
    tokens = text.split()
    return len(tokens) >= 4 and all(len(token) == 1 for token in tokens)


def _unspace_byline(text: str) -> str:
    """"本 报 记 者 王 军" → "本报记者 王军": a letter-spaced byline with its label closed up and
    the characters after it read as one name (two or three characters) or as names of two
    characters each ("王 军 李 明" → "王军 李明"); the text unchanged when no role word shows."""
    squeezed = _squeeze(text)
    roles = list(_ROLE_RE.finditer(squeezed))
    if not roles:
        return text
    role = roles[-1]  # the last role word: names follow it
    label, names = squeezed[: role.end()], squeezed[role.end() :]
    if len(names) <= 3:
        return f"{label} {names}" if names else label
    if len(names) % 2 == 0:
        return f"{label} " + " ".join(names[k : k + 2] for k in range(0, len(names), 2))
    return text


def _merge_padded(tokens: list[str]) -> list[str]:
    """Papers pad a two-character name to the width of three ("沈 湛"): two single CJK
    characters standing next to each other are one name."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _GLUED_ONE_RE.search(tok) and i + 1 < len(tokens) and _ONE_CJK_RE.fullmatch(tokens[i + 1]):
            out.append(tok + tokens[i + 1])  # "本报记者李 明": the padded name glued to its role
            i += 2
            continue
        if (
            len(tok) == 1
            and i + 1 < len(tokens)
            and len(tokens[i + 1]) == 1
            and _ONE_CJK_RE.match(tok)
            and _ONE_CJK_RE.match(tokens[i + 1])
        ):
            out.append(tok + tokens[i + 1])
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _split_name_outlet(text: str) -> tuple[str, str] | None:
    """"胡晓梦本报": a name, then the outlet of the next label, with no separator between."""
    if _outlet_like(text) and not _valid_name(text):
        return "", text
    for k in (2, 3, 4):
        if _valid_name(text[:k]) and (k == len(text) or _outlet_like(text[k:])):
            return text[:k], text[k:]
    return None


def _parse_credit_list(
    content: str,
    *,
    photo: bool = False,
    unlabelled: CreditRole | None = None,
    strict: bool = False,
) -> tuple[Credit, ...] | None:
    """Credits in "新华社记者胡晓梦、 本报记者吴亚明" or "记者 姬慧洋 通讯员 罗阳阳".

    `photo`: every name is a photographer (the list ended in 摄).  `unlabelled`: the role of
    names with no role word before them ("王丰" in "王丰摄"); None refuses such names.
    `strict`: for text whose structure alone does not show a byline (a whole line, a caption
    tail): names must hold no function word, a name glued to a bare "记者" must start with a
    surname, and the first outlet must read as one — so "记者节到了" and "…举行的记者招待会"
    do not pass.  None when the text is not a credit list."""
    tokens = _merge_padded([t for t in _SEP_RE.split(content.strip()) if t])
    if not tokens:
        return None
    credits: list[Credit] = []
    label: str | None = None
    role = CreditRole.REPORTER
    label_names = 0

    def add(name: str, *, glued: bool) -> bool:
        nonlocal label_names
        if not _valid_name(name, strict=strict):
            return False
        # In strict mode a two-character word must start with a surname ("记者 近日" is
        # text), and a single surname takes one or two more characters: "记者李华表示" is
        # a sentence cut at the line's end, not a name "李华表示".
        if strict and len(name) == 2 and not _has_surname(name):
            return False
        if (
            strict
            and len(name) >= 4
            and name[:1] in _SURNAMES
            and name[:2] not in _COMPOUND_SURNAMES
            and _CJK_RUN_RE.fullmatch(name)
        ):
            return False
        if label is None and unlabelled is None:
            return False
        # A name glued to its role word ("记者龚某") must look like one: a known surname, or
        # three characters or more (rare surnames, "郄某某") — this keeps "（通讯员队伍）" and
        # "（本报记者采访）" out.  On a whole line a bare "记者" needs the surname always.
        if glued and not _has_surname(name):
            if len(name) < 3:
                return False
            if strict and label is not None and _ROLE_RE.fullmatch(label):
                return False
        if photo:
            final_role = CreditRole.PHOTOGRAPHER
        elif label is None:
            assert unlabelled is not None
            final_role = unlabelled
        else:
            final_role = role
        credits.append(Credit(name, final_role, label or ""))
        label_names += 1
        return True

    for tok in tokens:
        pieces = _ROLE_SPLIT_RE.split(tok)  # [text, role, text, role, text, ...]
        if len(pieces) == 1:
            if not add(tok, glued=False):
                return None
            continue
        prefix = pieces[0]
        for i in range(1, len(pieces), 2):
            word, after = pieces[i], pieces[i + 1]
            if prefix and i == 1:
                if label is None:
                    # The first label: in a lead any outlet ("央视", "光明日报"), short and
                    # CJK only; in strict mode one that reads as an outlet.
                    if not _CJK_RUN_RE.fullmatch(prefix):
                        return None
                    if strict and (
                        len(prefix) < 2
                        or not _outlet_like(prefix)
                        or (any(ch in _NOT_IN_OUTLET for ch in prefix) and not _media_name(prefix))
                    ):
                        return None
                elif label_names == 0:
                    return None  # "记者 本报记者": a label left without a name
                elif not _outlet_like(prefix):
                    # "…姬慧洋通讯员": the text before is a name of the current label
                    split = _split_name_outlet(prefix)
                    if split is None:
                        return None
                    name, prefix = split
                    if name and not add(name, glued=True):
                        return None
            if label is not None and label_names == 0:
                return None
            label, role, label_names = prefix + word, _role_of(word), 0
            prefix = ""
            if not after:
                continue
            if i + 2 < len(pieces):  # another role follows in the same token
                split = _split_name_outlet(after)
                if split is None:
                    return None
                name, prefix = split
                if name and not add(name, glued=True):
                    return None
            elif not add(after, glued=True):
                return None
    if label is not None and label_names == 0:
        return None  # a label with no name after it: "记者" alone is not a byline
    return tuple(credits) if credits else None


def _and_photographers(credits: tuple[Credit, ...]) -> tuple[Credit, ...]:
    """"摄影报道", "文/图": the people of the byline (roles kept) also took the photos."""
    return credits + tuple(Credit(c.name, CreditRole.PHOTOGRAPHER, c.label) for c in credits)


# "X/文 Y/图", "文/X 图/Y", "文/本报记者 X", "文图/X", "X/摄": the slash forms.  The marker
# says the role; a role word in the list still says who is a correspondent.
_SLASH_MARKS = r"文图|图文|摄影|文|图|摄"
_SLASH_BEFORE_RE = re.compile(rf"(?:^|(?<=\s))({_SLASH_MARKS}){_S}[/／：:]{_S}")
_SLASH_AFTER_RE = re.compile(rf"{_S}[/／]{_S}({_SLASH_MARKS})(?=\s|$)")
# "文/图" as one mark: "记者 X 文/图" (X wrote and took the photos), "文/图：X".
_TEXT_AND_PHOTO = rf"(?:文{_S}[/／]{_S}图|图{_S}[/／]{_S}文)"
_BOTH_AFTER_RE = re.compile(rf"(?<=\s){_TEXT_AND_PHOTO}{_S}$")
_BOTH_BEFORE_RE = re.compile(rf"^{_TEXT_AND_PHOTO}{_S}[/／：:]?{_S}")


def _slash_group(mark: str, names: str) -> tuple[Credit, ...] | None:
    if mark in ("文", "文图", "图文"):
        credits = _parse_credit_list(names, unlabelled=CreditRole.REPORTER, strict=True)
        return _and_photographers(credits) if credits and mark != "文" else credits
    return _parse_credit_list(names, photo=True, unlabelled=CreditRole.PHOTOGRAPHER, strict=True)


def _parse_slash_credits(line: str) -> tuple[Credit, ...] | None:
    """"王某/文 李某/图", "文/本报记者 王某 图/李某", "记者 王某 文/图" → credits, or None."""
    line = _BOTH_BEFORE_RE.sub("文图/", _BOTH_AFTER_RE.sub("/文图", line.strip()))
    pieces = _SLASH_BEFORE_RE.split(line)  # ["", mark, names, mark, names, ...]
    if len(pieces) > 1 and not pieces[0].strip():
        groups = list(zip(pieces[1::2], pieces[2::2], strict=True))
    else:
        pieces = _SLASH_AFTER_RE.split(line)  # [names, mark, names, mark, ""]
        if len(pieces) == 1 or pieces[-1].strip():
            return None
        groups = list(zip(pieces[1::2], pieces[0::2], strict=False))
    credits: list[Credit] = []
    for mark, names in groups:
        found = _slash_group(mark, names)
        if found is None:
            return None
        # "王某/文": the label of an unlabelled name is the marker
        credits.extend(Credit(c.name, c.role, c.label or mark) for c in found)
    return tuple(credits) or None


# --------------------------------------------------------------------------- datelines

# The date of a dateline: "１２月３０日", "十二月三十一日", "3 月 5 日", "1 月 2 6 日" (PDF
# spaces, even between the digits of a number), rarely with its year.
_DATE = rf"(?:(?:{NUMBER}){_S}年{_S})?(?:{SPACED_NUMBER}){_S}月{_S}(?:{SPACED_NUMBER}){_S}日"
# The outlets that file a 电头: this paper, the news agencies, or any "…报/社/网/台".
_DL_OUTLET = (
    rf"(?:本{_S}报|新{_S}华{_S}社|中{_S}新{_S}社|中国新闻社|[{_CJK}]{{2,8}}?(?:日报|晚报|新闻网|网|通讯社|社|电视台|电台))"
)
_DL_PLACE = rf"(?:[{_CJK}]{_S}){{1,10}}?"
# 本报讯 / 本报北京１２月３０日讯 / 新华社贵阳１２月３１日电 / 据新华社…电 / 本报渥太华电 /
# 新华社电.  The place may hold PDF spaces; a "电" with no date must not run on into a word
# ("本报电视台"), nor 讯 into 讯息.
_DATELINE_RE = re.compile(
    rf"""(?P<dl>
        据?{_S}{_DL_OUTLET}{_S}
        (?:
            (?:驻{_S})?(?:{_DL_PLACE})?{_DATE}{_S}(?:专{_S}|快{_S})?[讯电]
          | 讯(?!息)
          | (?:{_DL_PLACE})?(?:专{_S}|快{_S})?电(?![{_CJK}])
        )
    )""",
    re.VERBOSE,
)
# A line that may be the start of a dateline cut by a line or column break:
# "本报约翰内斯堡１２月３０日" with "电" on the next line.  The date must have begun: without
# it "本报约翰内斯堡" cannot be told from "本报编辑部收到来信".
_DATELINE_PREFIX_RE = re.compile(
    rf"据?{_S}(?:本{_S}报|新{_S}华{_S}社|中{_S}新{_S}社){_S}(?:[{_CJK}]{_S}){{0,10}}?(?:{NUMBER}){_S}"
    rf"(?:月{_S}(?:(?:{NUMBER}){_S}日?)?)?"
)
_LEADING_JUNK = "\ufffd" + _DECOR + " \t\r\n\u3000\u00a0"
_WHITESPACE_RE = re.compile(r"\s+")


def _strip_leading(text: str) -> str:
    return text.lstrip(_LEADING_JUNK)


def _squeeze(text: str) -> str:
    return _WHITESPACE_RE.sub("", text)


def _match_dateline(text: str) -> re.Match[str] | None:
    m = _DATELINE_RE.match(text)
    if m is None or _ROLE_RE.search(m["dl"]):
        return None  # "本报记者…电" is a byline, not a place
    return m


# "据新华社电北方交通大学…": a lead that opens by naming its agency, glued to the text (the
# page prints it as the first words of the text, not as a dateline: it stays in the text).
_REPORTED_FROM_RE = re.compile(rf"据{_S}(?:新华社|中新社|中国新闻社){_S}电")


@lru_cache(maxsize=_LINE_CACHE)
def looks_like_dateline_start(text: str) -> bool:
    """True when `text` opens with a dateline ("本报讯 …", "新华社北京１月１日电 …"), or is all
    of a line that a break cut inside one ("本报约翰内斯堡１２月３０日")."""
    text = _strip_leading(text)
    head = text[:40]
    if "讯" not in head and "电" not in head and not text.startswith(("本", "新", "中新社", "据")):
        return False  # cheap: most lines are neither a dateline nor a cut one
    if _match_dateline(text) or _REPORTED_FROM_RE.match(text):
        return True
    stripped = text.rstrip()
    if len(stripped) < 4:
        return False
    return _DATELINE_PREFIX_RE.fullmatch(stripped) is not None and not _ROLE_RE.search(stripped)


def dateline_date(dateline: str) -> tuple[int, int] | None:
    """(month, day) of a dateline: "本报北京１２月３０日讯" → (12, 30); None for "本报讯"."""
    return find_month_day(dateline)


# --------------------------------------------------------------------------- the lead


@dataclass(frozen=True)
class Lead:
    """The front of an article's first paragraph, taken apart: the dateline as printed
    (spaces removed), the byline's credits, and the raw text after them."""

    dateline: str | None
    credits: tuple[Credit, ...]
    rest: str


_OPEN, _CLOSE = "（(〔［【\\[", "）)〕］】\\]"  # escaped for use inside a character class
# "（记者 姬慧洋 通讯员 罗阳阳）"; up to 80 characters so several outlets fit.
_BRACKET_BYLINE_RE = re.compile(rf"[{_OPEN}](?P<body>[^{_OPEN}{_CLOSE}]{{2,80}})[{_CLOSE}]")
# "记者王南报道：", "新华社记者胡晓梦、 本报记者吴亚明报道：", "记者龚雯报道 ："
_REPORTED_BYLINE_RE = re.compile(rf"(?P<body>[^：:。！？]{{2,80}}?){_S}报{_S}道{_S}[：:]?")
# What may close a bracketed byline: "（记者 X 报道）", "（记者 X 摄影报道）", "（X 整理）".
_REPORTED_TAIL_RE = re.compile(rf"{_S}(?:(?:摄影|综合){_S})?(?:报{_S}道|整{_S}理|编{_S}译|采{_S}写)$")
_TOKEN_RE = re.compile(r"\S+")
_LIST_SEP_RE = re.compile(r"[、，,]")


def split_lead(text: str) -> Lead:
    """Peel the dateline and the byline off the first paragraph of an article.

    "本报北京１２月３０日讯 新华社记者胡晓梦、 本报记者吴亚明报道：全国…" gives
    Lead("本报北京１２月３０日讯", (胡晓梦 新华社记者, 吴亚明 本报记者), "全国…").
    With neither, Lead(None, (), text) — the text unchanged."""
    body = _strip_leading(text)
    dateline: str | None = None
    m = _match_dateline(body)
    if m is not None:
        dateline = _squeeze(m["dl"])
        body = body[m.end() :].lstrip().removeprefix("：").removeprefix(":").lstrip()  # "本报讯："
    credits, body = _split_byline(body, after_dateline=dateline is not None)
    if dateline is None and not credits:
        return Lead(None, (), text)
    return Lead(dateline, credits, body)


def split_wrapped_lead(lines: Sequence[str]) -> Lead:
    """`split_lead` of a paragraph given as its wrapped lines. The lines are read glued, as
    running text wraps anywhere; but a bracketed byline wrapped between two names ("（记者 林海" /
    "冯洁）") then reads as one name of four, "林海冯洁". Where the glued reading gives a name
    that is no Han name's shape (nor a compound surname's four characters, "欧阳海燕", nor a
    transcribed one), the line break is read as the space the extraction dropped, if that
    reading agrees on everything else."""
    glued = split_lead("".join(lines))
    if len(lines) < 2 or not any(_run_on_names(credit.name) for credit in glued.credits):
        return glued
    broken = split_lead(_breaks_inside_brackets(lines))
    if (
        broken.dateline == glued.dateline
        and len(broken.credits) > len(glued.credits)
        and broken.rest.replace("\n", "") == glued.rest
        and all(_han_name_shape(credit.name) for credit in broken.credits)
    ):
        return Lead(broken.dateline, broken.credits, glued.rest)
    return glued


def _breaks_inside_brackets(lines: Sequence[str]) -> str:
    """The lines joined, a line break kept only after the lead's first opening bracket: a
    dateline before it may wrap anywhere, even inside a number ("1月2" / "6日电")."""
    text = lines[0]
    for line in lines[1:]:
        text += ("\n" if any(mark in text for mark in "（(〔［【[") else "") + line
    return text


def _run_on_names(name: str) -> bool:
    """"林海冯洁": two names of two characters run together, no name of one person."""
    return len(name) == 4 and not _han_name_shape(name) and not _is_transcribed(name)


def _split_byline(body: str, *, after_dateline: bool) -> tuple[tuple[Credit, ...], str]:
    """A byline at the start of `body` and what follows it."""
    m = _BRACKET_BYLINE_RE.match(body)
    if m is not None:
        inner = m["body"]
        both = _REPORTED_TAIL_RE.search(inner)  # "（记者 X 报道）", "（记者 X 摄影报道）"
        if both is not None:
            inner = inner[: both.start()]
        slashed = "/" in inner or "／" in inner  # "（记者 王某/文 李某/图）"
        credits = _parse_slash_credits(inner) if slashed else _parse_credit_list(inner)
        if credits and both is not None and "摄影" in both.group():
            credits = _and_photographers(credits)
        if credits:
            return credits, body[m.end() :].lstrip()
        return (), body
    if not _ROLE_RE.match(body, 0) and not _ROLE_RE.search(body, 0, 24):
        return (), body
    m = _REPORTED_BYLINE_RE.match(body)
    if m is not None:
        credits = _parse_credit_list(m["body"])
        if credits:
            return credits, body[m.end() :].lstrip()
    if after_dateline:
        return _split_spaced_byline(body)
    return (), body


def _split_spaced_byline(body: str) -> tuple[tuple[Credit, ...], str]:
    """"记者 王某 通讯员 李某 3月5日，…": a byline in neither brackets nor "…报道：", set
    apart by spaces only.  Taken only when it opens with a role word and every name stands
    alone and has the shape of a Han name (a surname, one or two more characters): body
    text ("记者 近日从…", "记者 王某 全市开展…") must not pass."""
    tokens = list(_TOKEN_RE.finditer(body))
    if not tokens or not _ROLE_SPLIT_RE.match(tokens[0].group()):
        return (), body
    best: tuple[tuple[Credit, ...], int] | None = None
    for n in range(1, min(len(tokens), 10) + 1):
        word = tokens[n - 1].group()
        parts = [p for p in _LIST_SEP_RE.split(word) if p]  # "王某、李某"
        if not all(_ROLE_RE.fullmatch(p) or _han_name_shape(p) or len(p) == 1 for p in parts):
            break
        credits = _parse_credit_list(body[: tokens[n - 1].end()], strict=True)
        if credits:
            best = (credits, tokens[n].start() if n < len(tokens) else len(body))
    if best is None:
        return (), body
    return best[0], body[best[1] :]


# --------------------------------------------------------------------------- whole lines

# "…摄": the names took the photo.  "供图" is left alone: it credits an office or a
# family album far more often than a photographer.
_PHOTO_TAIL_RE = re.compile(rf"{_S}(?:摄影报道|摄影|摄)$")
# One of these is in every byline line (the role words' cores, photo and slash marks).
_BYLINE_MARKS = ("记者", "通讯员", "实习生", "撰稿", "摄", "图", "/", "／", "通通讯讯")
_BYLINE_MARK_RE = re.compile("|".join(map(re.escape, _BYLINE_MARKS)))  # one scan, not nine
_REPORT_TAIL_RE = re.compile(rf"{_SPACE}+报道$")


def _undouble_line(text: str) -> str | None:
    """"记记者者 姬姬慧慧洋洋 摄摄" → "记者 姬慧洋 摄": bold type comes out of the extraction
    with every character doubled.  None unless every word is so doubled."""
    words = text.split()
    if not words or not all(len(w) % 2 == 0 and w[0::2] == w[1::2] for w in words):
        return None
    return " ".join(w[0::2] for w in words)


@lru_cache(maxsize=_LINE_CACHE)
def parse_byline_line(line: str) -> tuple[Credit, ...] | None:
    """The credits of a line that is only a byline, or None.

    "本报记者 王锦鹄 毛磊" → two reporters; "记者 沈 湛" → one (沈湛); "记者 姬慧洋 通讯员 闫文博
    摄" → two photographers; "王某/文 李某/图" → a reporter and a photographer; "记者节到了" →
    None.  A credit in brackets ("（本报记者X）" closing an article) is left to the text; a
    line in bold type, its characters doubled, is read undoubled."""
    text = _strip_leading(line).strip()
    if len(text) > 6 and text[1] == " " and text[3] == " " and _letter_spaced(text):
        text = _unspace_byline(text)  # "本 报 记 者 王 军": its role word shows only closed up
    # Most lines are text: a byline holds a role word, a slash or a 摄 (cheap to test first,
    # as layout asks this of every short line; doubled bold type keeps 摄 and 图 whole).
    if len(text) < 3 or _BYLINE_MARK_RE.search(text) is None:
        return None
    undoubled = _undouble_line(text) if text[0] == text[1] else None
    return _parse_byline_text(undoubled if undoubled is not None else text)


def _parse_byline_text(text: str) -> tuple[Credit, ...] | None:
    if len(text) > 60 or _BYLINE_MARK_RE.search(text) is None:
        return None
    if text[0] in "（(〔［【[":
        # "（本报记者费伟伟）" closing an article, "（本报记者林皎明摄）" under a photo: the page
        # keeps these in the text they close (see `split_trailing_credit` for captions).
        return None
    if _match_dateline(text):
        return None  # a lead cut after its byline: "本报北京一月八日讯新华社记者周志方、"
    if "/" in text or "／" in text or _SLASH_BEFORE_RE.match(text):  # "王某/文", "文：王某"
        return _parse_slash_credits(text)
    tail = _PHOTO_TAIL_RE.search(text)
    if tail is not None:
        return _photo_credits(text[: tail.start()], tail.group(), spaced=tail.group()[0].isspace())
    if text.startswith(("摄影", "图片")) and _SEP_RE.match(text, 2):
        return _parse_credit_list(text[2:], photo=True, unlabelled=CreditRole.PHOTOGRAPHER, strict=True)
    report = _REPORT_TAIL_RE.search(text)  # "本报记者 王某 报道"
    if report is not None:
        text = text[: report.start()]
    return _parse_credit_list(text, strict=True)


def _photo_credits(names: str, tail: str, *, spaced: bool) -> tuple[Credit, ...] | None:
    """"记者 X 通讯员 Y 摄": every name a photographer.  With no role word the names must
    stand apart from the 摄 ("X 摄"): "开始拍摄" does not give a name "开始拍"."""
    sent = _AGENCY_SENT_RE.match(names)
    if sent is not None and not tail.endswith("报道"):
        # "新华社发 王建 摄": the agency that sent the photo is no name; its photographer is
        credits = _credit_body(names, spaced=spaced, strict=True)
        return credits or None
    # "张如亮摄" alone on a line: a Han name glued to 摄 ("开始拍摄" has no name's shape, and
    # "李明拍摄", "李明所摄" end in the verb's own words).
    glued = names.strip()
    alone = _CJK_RUN_RE.fullmatch(glued) is not None and _han_name_shape(glued) and glued[-1] not in "拍所"
    unlabelled = CreditRole.PHOTOGRAPHER if spaced or alone else None
    if tail.endswith("报道"):  # "摄影报道": wrote the text and took the photos
        credits = _parse_credit_list(names, unlabelled=unlabelled and CreditRole.REPORTER, strict=True)
        return _and_photographers(credits) if credits else None
    return _parse_credit_list(names, photo=True, unlabelled=unlabelled, strict=True)


# --------------------------------------------------------------------------- caption tails

# "…国旗。（新华社记者李学仁摄）", "…乐园。 （王丰摄）", "（新华社发 王某摄）"
_TRAIL_BRACKET_RE = re.compile(
    rf"[{_OPEN}](?P<body>[^{_OPEN}{_CLOSE}]{{2,40}}?){_S}摄影?{_S}[{_CLOSE}]\s*$"
)
_TRAIL_PHOTO_RE = re.compile(rf"{_S}摄影?\s*$")
# Where a credit may begin: after a sentence's end, a closing quote or bracket, or a space.
_CREDIT_START_RE = re.compile(rf"(?<=[。！？!?”’」』）)…\s{_SPACE[1:-1]}])")
# "新华社发", "本报发": an agency sending the photo, before the photographer's name.
_AGENCY_SENT_RE = re.compile(rf"^{_S}(?P<agency>[{_CJK}]{{1,10}}?(?:社|报|网|台)){_S}发{_S}")


def split_trailing_credit(text: str) -> tuple[str, tuple[Credit, ...]]:
    """A photo credit at the end of a caption, peeled off: (text before, photographers).

    "志愿者为群众检查口腔。 记者 姬慧洋 摄" → ("志愿者为群众检查口腔。", (姬慧洋,)); a credit
    alone gives ("", credits); (text, ()) when there is none.  A bracket with no 摄
    ("（陆熙沈建波）" closing an article) is left alone."""
    stripped = text.rstrip()
    if "摄" not in stripped[-8:]:
        return text, ()  # cheap: a photo credit ends within a few characters of 摄
    m = _TRAIL_BRACKET_RE.search(stripped)
    if m is not None:
        credits = _credit_body(m["body"], spaced=True, strict=False)
        if credits:
            return stripped[: m.start()].rstrip(), credits
        return text, ()
    found = _plain_trailing_credit(stripped)
    if found is not None:
        return found
    if stripped.endswith("摄摄"):
        # Bold type, every character doubled: "…。。 记记者者 姬姬慧慧洋洋 摄摄".
        starts = [(0, 0), *((m.start(), m.end()) for m in _WHITESPACE_RE.finditer(stripped))]
        for head_end, start in starts:
            undoubled = _undouble_line(stripped[start:])
            found = _plain_trailing_credit(undoubled) if undoubled else None
            if found is not None and not found[0]:
                return stripped[:head_end], found[1]
    return text, ()


def _plain_trailing_credit(text: str) -> tuple[str, tuple[Credit, ...]] | None:
    """"… 记者 X 摄" with no brackets: (text before, credits), or None."""
    tail = _TRAIL_PHOTO_RE.search(text)
    if tail is None:
        return None
    head = text[: tail.start()]
    spaced = tail.group()[0].isspace()
    # The earliest start that gives a credit list wins: "记者 X 通讯员 Y 摄" whole.
    starts = [0, *(b.start() for b in _CREDIT_START_RE.finditer(head))]
    for start in starts:
        candidate = head[start:]
        if not candidate.strip() or len(candidate) > 40:
            continue
        credits = _credit_body(candidate, spaced=spaced, strict=True)
        if credits:
            return head[:start].rstrip(), credits
    return None


def _credit_body(body: str, *, spaced: bool, strict: bool) -> tuple[Credit, ...] | None:
    label = ""
    sent = _AGENCY_SENT_RE.match(body)
    if sent is not None:
        label, body = sent["agency"] + "发", body[sent.end() :]
    credits = _parse_credit_list(
        body, photo=True, unlabelled=CreditRole.PHOTOGRAPHER if spaced or label else None, strict=strict
    )
    if credits and label:
        credits = tuple(Credit(c.name, c.role, c.label or label) for c in credits)
    return credits
