"""Photo captions: recognising a caption line, peeling its credit, and finding its article.

Takes a caption line (`lines.SourceLine`) and the page's articles; gives a `model.Caption`
and the index of the article it illustrates. A real sample (seed page, line 494)::

    "志志愿愿者者为为群群众众检检查查口口腔腔。。 记者 姬慧洋 摄"
        → Caption("志愿者为群众检查口腔。", photographers=("姬慧洋",))
        attached to "传承雷锋精神 弘扬时代新风" (志愿者, 群众, 口腔 … are its words)

A caption is set apart from running text: in bold (the extraction doubles bold characters),
or closed by a photo credit "记者 X 摄" standing free — not a bracketed "（X摄）" inside a
paragraph, which the page keeps in its text (`layout` lifts such a paragraph when it stands
among its story's others; a credit naming a source and no photographer, "（新华社发美联社照片）",
`picture_source_credit`, stays in the caption's text). The article a caption illustrates is the one
holding the largest share of the caption's character bigrams (its headline and text): cheap,
and captions repeat the words of their story.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from articles.parsing import bylines
from articles.parsing.cleaning import clean_text, undouble
from articles.parsing.model import Caption


def caption_of(text: str, *, bold: bool = False) -> Caption | None:
    """The caption a line is, or None when it is not one (`bold`: the line is set in bold)."""
    if len(text) > 120:
        return None
    single = undouble(text)
    bold, text = bold or single != text, single
    body, credits = bylines.split_trailing_credit(text)
    if not credits and not bold:
        return None
    if credits and text.rstrip().endswith(("）", ")")) and not bold:
        return None  # "…（新华社记者李学仁摄）" closing a paragraph stays in its text
    cleaned = clean_text(body)
    if not cleaned:
        return None  # a credit alone is a byline line, not a caption
    return Caption(cleaned, tuple(credit.name for credit in credits))


# A bracketed credit of a picture that names no photographer the byline parser reads: an
# agency's ("（新华社发美联社照片）", "（路透社传真照片）"), a report in pictures
# ("（本报记者王霞光摄影报道）"), an archive's ("（资料照片）"). Kept in the caption's text.
_PICTURE_SOURCE_RE = re.compile(r"[（(][^（()）]{0,24}(?:照片|摄影报道|传真|供图|摄)\s*[）)]$")


def picture_source_credit(text: str) -> str | None:
    """The bracketed picture credit closing a text ("…危机。（新华社发美联社照片）"), or None."""
    match = _PICTURE_SOURCE_RE.search("".join(text.split()))
    return match.group(0) if match is not None else None


def bigrams(text: str) -> Counter[str]:
    text = "".join(text.split())
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


def best_match(caption: str, article_bigrams: Sequence[Counter[str]]) -> int | None:
    """Index of the article holding the largest share of the caption's bigrams (`article_bigrams`:
    each article's `bigrams`, counted once per page, not once per caption); None if none holds any."""
    wanted = bigrams(caption)
    if not wanted:
        return None
    best, best_score = None, 0.0
    size = sum(wanted.values())
    for index, have in enumerate(article_bigrams):
        shared = sum(min(count, have[gram]) for gram, count in wanted.items() if gram in have)
        # Overlap over the caption's size: a long article must not win by its length alone.
        score = shared / size
        if score > best_score:
            best, best_score = index, score
    return best
