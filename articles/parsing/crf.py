"""A character CRF that marks persons, organizations and places in a text.

Takes a text; gives its (kind, name) spans, kind one of PER, ORG, LOC::

    >>> tag_spans("国务院总理李鹏在北京会见了日本客人")
    [('ORG', '国务院'), ('PER', '李鹏'), ('LOC', '北京'), ('LOC', '日本')]

The model (`data/ner.crfsuite`) is learned by `data/build_crf.py` from the annotated 1998
corpus (days 01-06; days 07-10 measure it) and opened once per process (1.9 MB). Each
character is described by itself, its neighbours two either side, the pairs around it and its
kind (digit, punctuation, Latin); by its place in the segmenter's word and that word's dictionary
class; and by its place in the names jieba's dictionary lists (ns, nt, nr ...) that cover it and
whether it is a common surname. So it learns how names are built and what stands around them (a
title before a person, 省/市/县 closing a place, 委员会/局 closing a body) and how far to trust the
dictionary. Labels are B/I/E/S per kind (a name's first, inner, last character, or a name of one).
Returns [] when python-crfsuite or the model is missing: the rules then work alone.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from articles.parsing.lexicon import Lexicon, get_lexicon
from articles.parsing.tokenizer import Tokenizer, cut_form, get_tokenizer

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).with_name("data") / "ner.crfsuite"
KINDS = ("PER", "ORG", "LOC")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_NUMERALS = frozenset("一二三四五六七八九十百千万亿零〇两")
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")
_PUNCT = frozenset("，。、；：？！“”‘’（）《》〈〉【】—…·,.;:?!\"'()[]- \u3000\n\t")


# str.translate tables: a character's kind (C for any other) and its normal form, in C speed
_KIND = str.maketrans({**dict.fromkeys(_PUNCT, "P"), **dict.fromkeys(_LATIN, "L"),
                       **dict.fromkeys(_NUMERALS, "N"), **dict.fromkeys(_DIGITS, "D")})
_NOT_KIND = re.compile("[^PLND]")
_NORM = str.maketrans({**dict.fromkeys(_LATIN, "a"), **dict.fromkeys(_DIGITS, "0")})


def word_class(word: str, tag: str | None, lex: Lexicon) -> str:
    """A word's dictionary tag (x: no dictionary knows it, jieba's HMM made it, often a name),
    marked P when it ends like a place (路, 村, 省), O like a body (局, 委员会), T like a title."""
    out = tag or "x"
    if len(word) >= 1 and lex.place_suffix(word):
        out += "P"
    if lex.org_suffix(word):
        out += "O"
    if lex.title_head(word):
        out += "T"
    return out


def word_classes(tok: Tokenizer) -> Callable[[str], str]:
    """`word_class` with the tokenizer's tags, memoized per word (what `char_features` takes)."""
    lex = get_lexicon()
    tok.memoized(_word_class, "", tok, lex)  # makes the rule's table
    table = cast(dict[str, str], tok.memo[_word_class])  # read directly: this runs for every word

    def word_class_of(word: str) -> str:
        value = table.get(word)
        if value is None:
            value = table[word] = _word_class(word, tok, lex)
        return value

    return word_class_of


def _word_class(word: str, tok: Tokenizer, lex: Lexicon) -> str:
    return word_class(word, tok.tag(word), lex)


def word_features(words: list[str], tag: Callable[[str], str | None]) -> list[str]:
    """Per character: its place in its word (B, M, E, S) with the word's dictionary tag (x for a
    word no dictionary knows: jieba's HMM made it, often a name)."""
    out: list[str] = []
    for w in words:
        t = tag(w) or "x"
        if len(w) == 1:
            out.append("S" + t)
        else:
            out.extend(["B" + t, *(["M" + t] * (len(w) - 2)), "E" + t])
    return out


#: Dictionary tags of names, by the kind the features give them: ns place, nt body, nr/nrt/nrfg
#: person, nz other proper name, j abbreviation (中共, 人大)
_NAME_TAGS = {"ns": "S", "nt": "T", "nr": "R", "nrt": "R", "nrfg": "R", "nz": "Z", "j": "J"}
#: The longest dictionary name looked for at each character (longer ones are rare and slow to seek)
MAX_DICT_NAME = 6


@dataclass(frozen=True)
class NameTables:
    """What the dictionary features read: the tokenizer's word → tag table, jieba's table of
    words and their prefixes (a look-up for longer names stops where no word goes on), and the
    common surnames."""

    tags: Mapping[str, str]
    prefixes: Mapping[str, int]
    surnames: frozenset[str]


def dictionary_features(text: str, names: NameTables) -> dict[int, list[str]]:
    """Per character (by index; the characters without any are left out): where it stands (B, M,
    E) in each dictionary name of two to six characters that covers it, whatever the segmenter's
    cut (云南/省 and 云南省 alike), and whether it is a common surname. A name jieba's dictionary
    lists is a clue, not an answer: it also tags ordinary words as names (文明 nr), and the model
    learns how far to trust each kind."""
    n = len(text)
    out: dict[int, list[str]] = {i: ["sur"] for i, ch in enumerate(text) if ch in names.surnames}
    tag_of, prefixes, kinds = names.tags.get, names.prefixes, _NAME_TAGS
    for i in range(n - 1):
        word = text[i:i + 2]
        k = 2
        while word in prefixes:  # no dictionary word starts so: no longer one either
            kind = kinds.get(tag_of(word, ""))
            if kind is not None:
                out.setdefault(i, []).append("dB" + kind)
                for j in range(i + 1, i + k - 1):
                    out.setdefault(j, []).append("dM" + kind)
                out.setdefault(i + k - 1, []).append("dE" + kind)
            k += 1
            if k > MAX_DICT_NAME or i + k > n:
                break
            word = text[i:i + k]
    return out


def char_features(text: str, words: list[str] | None = None,
                  tag: Callable[[str], str | None] | None = None,
                  names: NameTables | None = None) -> list[list[str]]:
    """The features of each character of `text` (the same for training and tagging); with the
    text's `words` (which must join to `text`) and a `tag` look-up, the word features too; with
    `names` (the dictionary's word → tag table and the surnames), the dictionary features."""
    # digits and Latin letters are one class each: "１９９８年" and "１９９７年" look alike
    norm = text.translate(_NORM)
    kinds = _NOT_KIND.sub("C", text.translate(_KIND))
    n = len(text)
    p = ["^", "^", *norm, "$", "$"]
    pk = "^" + kinds + "$"
    # shifted copies zipped together: one pass builds every character's features
    out = [
        ["c=" + c, "l=" + lf, "r=" + r, "ll=" + ll, "rr=" + rr, "lc=" + lf + c, "cr=" + c + r,
         "k=" + ka + kb + kc]
        for ll, lf, c, r, rr, ka, kb, kc in zip(p[0:n], p[1:n + 1], p[2:n + 2], p[3:n + 3], p[4:n + 4],
                                               pk[0:n], pk[1:n + 1], pk[2:n + 2], strict=True)
    ]
    if words is not None and tag is not None:
        wf = word_features(words, tag)
        if len(wf) == len(out):
            for feats, w, wl, wr in zip(out, wf, ["^", *wf[:-1]], [*wf[1:], "$"], strict=True):
                feats.extend(("w=" + w, "wl=" + wl, "wr=" + wr, "wc=" + w + feats[0]))
    if names is not None:
        for i, extra in dictionary_features(text, names).items():
            out[i].extend(dict.fromkeys(extra))
    return out


def spans_of(text: str, labels: list[str]) -> list[tuple[str, str]]:
    """The (kind, name) spans of BIOES labels over `text` (B begins, I continues, E ends, S is a
    name of one character; BIO labels read the same), in order."""
    out: list[tuple[str, str]] = []
    if labels.count("O") == len(labels):
        return out
    start, kind, closed = -1, "", False
    for i, lab in enumerate([*labels, "O"]):
        if i < len(text) and text[i].isspace():
            lab = "O"  # a space separates names in a list (院团名单), never joins two
        if start >= 0 and not closed and lab[:2] in ("I-", "E-") and lab[2:] == kind:
            closed = lab[0] == "E"
            continue
        if start >= 0:
            name = text[start:i].strip()
            if name:
                out.append((kind, name))
            start, kind = -1, ""
        if lab != "O":
            start, kind, closed = i, lab[2:], lab[0] in "SE"
    return out


@functools.cache
def _tagger() -> Any:
    try:
        import pycrfsuite
    except ImportError:  # pragma: no cover - the dependency is installed with the app
        log.warning("python-crfsuite is not installed: entities come from the rules alone")
        return None
    if not MODEL_PATH.is_file():
        log.warning("%s is missing: entities come from the rules alone", MODEL_PATH)
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


@functools.cache
def _labels_of(tagger: Any) -> dict[str, tuple[str, ...]]:
    """The model's labels of each kind: B-, I- (BIO) and E-, S- (BIOES) where it learned them."""
    labels = tagger.labels()
    return {kind: tuple(lab for lab in labels if lab.endswith("-" + kind)) for kind in KINDS}


def tag_spans(text: str) -> list[tuple[str, str]]:
    """The (kind, name) spans the model finds in `text`, segmented here ([] without a model)."""
    tok = get_tokenizer()
    form = cut_form(text)
    tagging = tag_text(form, tok.cut(form), word_classes(tok), names=name_tables(tok))
    return [(kind, name) for kind, name, _ in tagging.spans] if tagging else []


@dataclass(frozen=True)
class Tagging:
    """What the model says of one text: its spans, and how far it sees the given names as
    persons, bodies or places (`support`: the highest, over the name's occurrences, of the mean
    probability that its characters are inside a span of that kind)."""

    spans: list[tuple[str, str, float]]
    support: dict[tuple[str, str], float]


def name_tables(tok: Tokenizer) -> NameTables:
    """The dictionary features' tables of the tokenizer (shared, not copied)."""
    return NameTables(tok.tags, tok.jieba.FREQ, get_lexicon().surnames)


def tag_text(text: str, words: list[str] | None, tag: Callable[[str], str | None] | None,
             probes: Iterable[tuple[str, str]] = (),
             names: NameTables | None = None) -> Tagging | None:
    """Tag `text`; `probes` are (kind, name) pairs whose support is wanted. None without a model."""
    tagger = _tagger()
    if tagger is None:
        return None
    if not text:
        return Tagging([], {})
    labels = tagger.tag(char_features(text, words, tag, names))
    spans = []
    pos = 0
    for kind, name in spans_of(text, labels):
        start = text.find(name, pos)
        pos = start + len(name)
        conf = min(tagger.marginal(labels[i], i) for i in range(start, pos))
        spans.append((kind, name, conf))
    support: dict[tuple[str, str], float] = {}
    labels_of = _labels_of(tagger)
    inside: dict[tuple[str, int], float] = {}  # P(character i is inside a name of the kind)

    def p_inside(kind: str, i: int) -> float:
        key = (kind, i)
        if key not in inside:
            inside[key] = sum(tagger.marginal(label, i) for label in labels_of[kind])
        return inside[key]

    for kind, name in probes:
        best = 0.0
        start = text.find(name)
        while start >= 0 and best < 0.999:
            best = max(best, sum(p_inside(kind, i) for i in range(start, start + len(name))) / len(name))
            start = text.find(name, start + 1)
        if best:
            support[kind, name] = best
    return Tagging(spans, support)

