"""Measure the entity stage: scores on the gold pages, on the annotated corpus, and speed.

Takes the shared data beside the repo (../shared/pages/*/*.gold.json,
../shared/corpora/pfr-199801-days01-10.jsonl, ../shared/tools/score_parse.py); gives the
scorer's entity metrics averaged per page set, corpus precision/recall/F1 of persons,
organizations and places (article-level sets, as the page scorer counts them), and chars/s::

    $ .venv/bin/python bench/bench_entities.py
    seed  people_f1 1.000 people_title_recall 1.000 org_recall 1.000 org_precision 1.000 place_recall 1.000 ...
    dev   people_f1 0.891 people_title_recall 1.000 org_recall 0.890 org_precision 0.838 place_recall 0.871 ...
    corpus PER p=0.913 r=0.782 f=0.842 | ORG p=0.558 r=0.693 f=0.618 | LOC p=0.523 r=0.855 f=0.649
    speed 65,000 chars/s (20 dev pages/s)

Predictions are built from the gold blocks (the gold entities replaced by ours), so the
stage can be measured before the layout stage works. `--diff` prints misses and extras.

`--sets` parses every page set whole (layout and entities, `parse_page`), split by date as
`bench/score_sets.py` splits it (`--pages-from/--pages-until` score only the pages of those days,
and `--diff` refuses the held-out days): the learned model (`articles/parsing/crf.py`) is trained on the
corpus days 01-06 only, so the pages of 1998-01-07 on ("held") are text it never saw.
`--corpus-from 1998-01-07 --rules-only` measures the corpus days after the training days with
the model and without it (the rules alone), the comparison that decides whether it is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import logging
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))


def _bare_package() -> None:
    """Import the parsing modules without the package's __init__ (which pulls in every stage:
    this measures the entity stage alone, even while another stage is being edited)."""
    import types

    if "articles.parsing" not in sys.modules:
        pkg = types.ModuleType("articles.parsing")
        pkg.__path__ = [str(REPO / "articles" / "parsing")]
        sys.modules["articles.parsing"] = pkg


if "--sets" not in sys.argv:  # the whole parse needs the whole package
    _bare_package()

from articles.parsing.entities import find_entities  # noqa: E402
from articles.parsing.model import Block, BlockType, Caption  # noqa: E402

METRICS = ("people_f1", "people_title_recall", "org_recall", "org_precision", "place_recall",
           "place_precision", "event_recall", "event_precision")
SET_METRICS = ("people_f1", "org_recall", "org_precision", "place_recall", "place_precision", "event_recall")
PAGE_SETS = {"seed": "seed", "dev": "dev", "dev-wide": "dev-wide", "pdftotext": "pdf-dev/pdftotext",
             "pymupdf": "pdf-dev/pymupdf", "pdfminer": "pdf-dev/pdfminer"}
#: The first day the learned model never saw (it is trained on the corpus days before it).
HELD_OUT_FROM = "19980107"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_parse", SHARED / "tools" / "score_parse.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def entities_for(article: dict, page_date: dt.date | None):
    blocks = [Block(BlockType(b.get("type", "paragraph")), b["text"]) for b in article.get("blocks") or []]
    captions = [Caption(c["text"], tuple(c.get("photographers") or ())) for c in article.get("captions") or []]
    credits = frozenset(article.get("reporters", []) + article.get("correspondents", [])
                        + article.get("photographers", []))
    return find_entities(headline=article.get("headline"), blocks=blocks, captions=captions,
                         dateline=article.get("dateline"), page_date=page_date, credit_names=credits)


def predict_page(gold: dict) -> dict:
    page_date = gold["page"].get("date")
    page_date = dt.date.fromisoformat(page_date) if page_date else None
    pred = json.loads(json.dumps(gold))
    for art in pred["articles"]:
        for key in ("optional_people", "optional_organizations"):
            art.pop(key, None)
        e = entities_for(art, page_date)
        art["people"] = [{"name": p.name, "titles": list(p.titles)} for p in e.people]
        art["organizations"] = [{"name": o.name, "aliases": list(o.aliases)} for o in e.organizations]
        art["places"] = [{"name": p.name} for p in e.places]
        art["events"] = [{"name": v.name, "date": v.date, "time_of_day": v.time_of_day, "location": v.location,
                          "organizers": list(v.organizers), "participants": list(v.participants)} for v in e.events]
        art["keywords"] = list(e.keywords)
    return pred


def score_pages(paths: list[Path], diff: bool = False) -> dict[str, float]:
    scorer = load_scorer()
    totals = dict.fromkeys(METRICS, 0.0)
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        pred = predict_page(gold)
        res = scorer.score(gold, pred)
        for k in METRICS:
            totals[k] += res[k]
        if diff:
            print_diff(path.name, gold, pred)
    return {k: v / len(paths) for k, v in totals.items()}


def print_diff(name: str, gold: dict, pred: dict) -> None:
    gp = {p["name"] for a in gold["articles"] for p in a["people"]}
    opt = {n for a in gold["articles"] for n in a.get("optional_people") or []}
    pp = {p["name"] for a in pred["articles"] for p in a["people"]}
    go = {f for a in gold["articles"] for o in a["organizations"] for f in [o["name"], *o.get("aliases", [])]}
    go_opt = {f for a in gold["articles"] for f in a.get("optional_organizations") or []}
    po = {o["name"] for a in pred["articles"] for o in a["organizations"]}
    gl = {p for a in gold["articles"] for p in a["places"]}
    gl_opt = {p for a in gold["articles"] for p in a.get("optional_places") or []}
    pl = {p["name"] for a in pred["articles"] for p in a["places"]}
    print(f"--- {name}")
    print("  people missed:", sorted(gp - pp), " extra:", sorted(pp - gp - opt))
    print("  orgs missed:", sorted({o["name"] for a in gold["articles"] for o in a["organizations"]
                                    if not ({o["name"], *o.get("aliases", [])} & po)}),
          " extra:", sorted(po - go - go_opt))
    print("  places missed:", sorted(gl - pl), " extra:", sorted(pl - gl - gl_opt))
    for a, g in zip(pred["articles"], gold["articles"], strict=True):
        if a["events"] or g.get("events"):
            print("  events gold:", [(e["key"], e["date"]) for e in g.get("events") or []],
                  " pred:", [(e["name"], e["date"], e["time_of_day"], e["location"], e["organizers"],
                              e["participants"]) for e in a["events"]])
        if any(p["titles"] for p in g["people"]):
            print("  titles gold:", [(p["name"], p["titles"]) for p in g["people"]])
            print("  titles pred:", [(p["name"], p["titles"]) for p in a["people"]])


def in_days(path: Path, since: str | None, until: str | None) -> bool:
    """The page's date (its file name's first eight digits) lies between `since` and `until`."""
    day = path.name[:8]
    if not day.isdigit():
        return since is None and until is None
    return (since is None or day >= since) and (until is None or day <= until)


def score_sets(names: list[str], since: str | None = None, until: str | None = None) -> None:
    """The whole parse of every page set, scored by split (all pages, tuning days, held-out days,
    and the pages of `since`..`until` when given)."""
    from articles.parsing import parse_page

    scorer = load_scorer()
    for name in names:
        src = SHARED / "pages" / PAGE_SETS[name]
        rows: dict[str, list[dict[str, float]]] = {"all": [], "tune": [], "held": [], "days": []}
        t0 = time.process_time()
        for txt in sorted(src.glob("*.txt")):
            gold = json.loads((src / f"{txt.stem}.gold.json").read_text(encoding="utf-8"))
            res = scorer.score(gold, parse_page(txt.read_text(encoding="utf-8"), file=txt.name).to_dict())
            rows["all"].append(res)
            if txt.stem[:8].isdigit():
                rows["held" if txt.stem[:8] >= HELD_OUT_FROM else "tune"].append(res)
            if (since or until) and in_days(txt, since, until):
                rows["days"].append(res)
        rate = len(rows["all"]) / (time.process_time() - t0)
        for split, rs in rows.items():
            if rs:
                print(f"{name:9} {split:4} n={len(rs):3} "
                      + " ".join(f"{k} {sum(r[k] for r in rs) / len(rs):.3f}" for k in SET_METRICS)
                      + (f"  ({rate:.1f} pages/s whole parse)" if split == "all" else ""), flush=True)


def score_corpus(path: Path, limit: int | None = None, diff: bool = False, since: str | None = None,
                 until: str | None = None) -> dict[str, tuple[float, float, float]]:
    """Article-level set P/R/F1 per entity type over the annotated corpus (from `since` to `until`)."""
    counts = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC")}  # tp, pred, gold
    misses: dict[str, dict[str, int]] = {t: {} for t in counts}
    extras: dict[str, dict[str, int]] = {t: {} for t in counts}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                break
            row = json.loads(line)
            if (since and row["date"] < since) or (until and row["date"] > until):
                continue
            blocks = [Block(BlockType.PARAGRAPH, p) for p in row["paragraphs"]]
            e = find_entities(headline=None, blocks=blocks, captions=[], dateline=None,
                              page_date=dt.date.fromisoformat(row["date"]), credit_names=frozenset())
            gold = {t: {x["text"].replace(" ", "") for x in row["entities"] if x["type"] == t} for t in counts}
            pred = {
                "PER": {p.name for p in e.people},
                "ORG": {f for o in e.organizations for f in (o.name,)},
                "LOC": {p.name for p in e.places},
            }
            # an organization counts when any of its forms is a gold organization
            org_forms = [{o.name, *o.aliases} for o in e.organizations]
            for t in counts:
                if t == "ORG":
                    tp = sum(1 for forms in org_forms if forms & gold[t])
                    counts[t][0] += min(tp, len(gold[t]))
                    counts[t][1] += len(org_forms)
                else:
                    counts[t][0] += len(gold[t] & pred[t])
                    counts[t][1] += len(pred[t])
                counts[t][2] += len(gold[t])
                for x in gold[t] - pred[t]:
                    misses[t][x] = misses[t].get(x, 0) + 1
                for x in pred[t] - gold[t]:
                    extras[t][x] = extras[t].get(x, 0) + 1
    if diff:
        for t in counts:
            print(t, "missed:", sorted(misses[t].items(), key=lambda kv: -kv[1])[:60])
            print(t, "extra:", sorted(extras[t].items(), key=lambda kv: -kv[1])[:60])
    out = {}
    for t, (tp, npred, ngold) in counts.items():
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        out[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def speed(paths: list[Path]) -> tuple[float, float]:
    """(chars/s, pages/s) of find_entities over the pages' gold blocks, dictionary loaded, in
    CPU seconds of one core."""
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    predict_page(pages[0])  # load the dictionary outside the clock
    chars = sum(len(b["text"]) for pg in pages for a in pg["articles"] for b in a["blocks"])
    # CPU time of this process: other jobs on the machine do not count against the stage
    t0 = time.process_time()
    for pg in pages:
        predict_page(pg)
    elapsed = time.process_time() - t0
    return chars / elapsed, len(pages) / elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--diff", action="store_true", help="print misses and extras")
    ap.add_argument("--corpus-diff", action="store_true")
    ap.add_argument("--no-corpus", action="store_true")
    ap.add_argument("--limit", type=int, default=None, help="corpus articles to read")
    ap.add_argument("--corpus-from", default=None, help="corpus articles from this date on (1998-01-07: held out)")
    ap.add_argument("--corpus-until", default=None,
                    help="corpus articles to this date (tuning: a day the model never saw)")
    ap.add_argument("--model", type=Path, default=None,
                    help="another model file (one trained on fewer days, to tune)")
    ap.add_argument("--rules-only", action="store_true", help="also measure the corpus without the learned model")
    ap.add_argument("--pages-from", default=None,
                    help="score only the pages of this day on (YYYYMMDD; 19980105: the tuning days)")
    ap.add_argument("--pages-until", default=None, help="score only the pages to this day (YYYYMMDD)")
    ap.add_argument("--sets", nargs="?", const=",".join(PAGE_SETS), default=None,
                    help="parse the page sets whole, by split (default: all of them)")
    args = ap.parse_args()
    if args.model:
        import articles.parsing.crf as crf

        crf.MODEL_PATH = args.model
    if args.diff and (args.pages_until or "99999999") >= HELD_OUT_FROM:
        ap.error(f"--diff prints errors: give --pages-until before {HELD_OUT_FROM} (the held-out days stay unseen)")
    if args.sets:
        score_sets(args.sets.split(","), args.pages_from, args.pages_until)
        return
    seed = sorted((SHARED / "pages" / "seed").glob("000_*.gold.json"))
    dev = [p for p in sorted((SHARED / "pages" / "dev").glob("*.gold.json"))
           if in_days(p, args.pages_from, args.pages_until)]
    for label, paths in (("seed", seed), ("dev", dev)):
        if paths:
            res = score_pages(paths, diff=args.diff and label == "seed")
            print(label.ljust(5), " ".join(f"{k} {v:.3f}" for k, v in res.items()))
    if args.diff and dev:
        for p in dev:
            print_diff(p.name, json.loads(p.read_text()), predict_page(json.loads(p.read_text())))
    if dev:
        cps, pps = speed(dev)
        print(f"speed {cps:,.0f} chars/s ({pps:.1f} dev pages/s)")
    corpus = SHARED / "corpora" / "pfr-199801-days01-10.jsonl"
    if corpus.exists() and not args.no_corpus:
        res = score_corpus(corpus, args.limit, diff=args.corpus_diff, since=args.corpus_from,
                           until=args.corpus_until)
        print("corpus", " | ".join(f"{t} p={p:.3f} r={r:.3f} f={f:.3f}" for t, (p, r, f) in res.items()))
        if args.rules_only:
            import articles.parsing.crf as crf

            crf._tagger.cache_clear()
            crf.MODEL_PATH = crf.MODEL_PATH.with_name("absent.crfsuite")  # no model: the rules alone
            logging.getLogger("articles.parsing.crf").setLevel(logging.ERROR)
            res = score_corpus(corpus, args.limit, since=args.corpus_from, until=args.corpus_until)
            print("rules ", " | ".join(f"{t} p={p:.3f} r={r:.3f} f={f:.3f}" for t, (p, r, f) in res.items()))


if __name__ == "__main__":
    main()
