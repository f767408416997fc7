"""The entity stage: persons with titles, organizations with aliases, places, events, keywords.

Takes one article's headline, blocks, captions, dateline, the page date and the byline names;
gives `Entities`. Pure Python (no Django)::

    >>> e = find_entities(headline="推动示范区经济社会高质量发展",
    ...                   blocks=[Block(BlockType.PARAGRAPH, "3月1日，市城乡一体化示范区党工委（扩大）会议"
    ...                           "召开。市政协副主席、示范区党工委书记宋力主持会议并讲话。")],
    ...                   captions=[], dateline="本报讯", page_date=None, credit_names=frozenset({"姬慧洋"}))
    >>> e.people
    (PersonMention(name='宋力', titles=('市政协副主席', '示范区党工委书记')),)
    >>> e.organizations[0]
    OrganizationMention(name='市城乡一体化示范区党工委', aliases=('示范区党工委',))
    >>> e.events[0].name, e.events[0].date
    ('市城乡一体化示范区党工委（扩大）会议', '--03-01')

The text is segmented once (one explicit jieba tokenizer, `tokenizer.get_tokenizer`); the
rule modules (`persons`, `organizations`, `places`, `events`, `keywords`) share the words.
Dates: "今天"/"日前"/"昨天" count from the dateline's month and day ("本报北京１２月３０日讯"),
else from the page date; the year comes from the page date, else dates are "--MM-DD".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from articles.parsing.dates import find_month_day, resolve_month_day
from articles.parsing.events import PARAGRAPH_BREAK, find_events, split_sentences
from articles.parsing.keywords import keywords
from articles.parsing.model import Block, Caption, Entities, PersonMention
from articles.parsing.organizations import find_organizations
from articles.parsing.persons import find_people, names_in_parentheses
from articles.parsing.places import find_places
from articles.parsing.tokenizer import clean_for_cut, cut_form, get_tokenizer

CLAUSE_END = frozenset("。！？；!?;\n")


def _clauses(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    cur: list[str] = []
    for w in words:
        if w.isspace():
            if cur and cur[-1] != " ":
                cur.append(" ")
            continue
        cur.append(w)
        if w in CLAUSE_END:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def reference_date(dateline: str | None, page_date: dt.date | None) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The date "今天" means: the dateline's month/day in the page's year, else the page date."""
    md = find_month_day(dateline) if dateline else None
    if md is None:
        return page_date, (page_date.month, page_date.day) if page_date else None
    if page_date is None:
        return None, md
    iso = resolve_month_day(md[0], md[1], reference=page_date)
    try:
        return dt.date.fromisoformat(iso), md
    except ValueError:
        return page_date, md


def find_entities(
    *,
    headline: str | None,
    blocks: Sequence[Block],
    captions: Sequence[Caption],
    dateline: str | None,
    page_date: dt.date | None,
    credit_names: frozenset[str],
) -> Entities:
    tok = get_tokenizer()
    texts = [t for t in [headline or ""] + [b.text for b in blocks] + [c.text for c in captions] if t]
    texts = [clean_for_cut(t) for t in texts]
    words_per_text = [tok.cut(cut_form(t)) for t in texts]
    clauses = [c for words in words_per_text for c in _clauses(words)]

    credits = frozenset(n.replace(" ", "") for n in credit_names)
    people = find_people(clauses, credits, tok)
    known = {p.name for p in people}
    people += [PersonMention(name) for name in names_in_parentheses(texts, credits, tok) if name not in known]
    person_words = frozenset(p.name for p in people) | credits
    organizations = find_organizations(clauses, person_words, tok)
    places = find_places(clauses, person_words, tok)

    reference, ref_md = reference_date(dateline, page_date)
    body_texts = texts[1:] if headline else texts
    sentences = [s for t in body_texts for s in (*split_sentences(t), PARAGRAPH_BREAK)]
    org_forms = [f for o in organizations for f in (o.name, *o.aliases)]
    events = find_events(
        sentences,
        reference=reference,
        year=page_date.year if page_date else None,
        ref_md=ref_md,
        organizations=org_forms,
        persons=[p.name for p in people],
        places=[p.name for p in places],
    )
    all_words = [w for words in words_per_text for w in words]
    return Entities(
        people=tuple(people),
        organizations=tuple(organizations),
        places=tuple(places),
        events=tuple(events),
        keywords=tuple(keywords(all_words, exclude=credits)),
    )
