"""Train the character CRF of the entity stage on the annotated 1998 corpus.

    .venv/bin/python articles/parsing/data/build_crf.py [--corpus PATH] [--train-until 1998-01-06]
                                                       [--out articles/parsing/data/ner.crfsuite]

Takes ../shared/corpora/pfr-199801-days01-10.jsonl (articles with PER/ORG/LOC character spans);
trains on the articles dated up to `--train-until` only (days 01-06), so the days after it stay
unseen material to measure on; writes the model file `articles.parsing.crf` loads, and prints
span precision/recall/F1 per type on the held-out days (the model is kept only if it beats the
rules there: see `bench/bench_entities.py --corpus`). The defaults build the committed model.

To choose features or settings without looking at the held-out days, leave training days out
instead and measure on them, one model per fold (written beside `--out` as NAME.foldN.crfsuite,
which `bench/bench_entities.py --model` takes to tune the rules on those days)::

    .venv/bin/python articles/parsing/data/build_crf.py --eval-day 1998-01-05 --eval-day 1998-01-06 \
        --out /tmp/ner.crfsuite [--plain] [--scheme bio] [--min-freq 2]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

import pycrfsuite  # noqa: E402

from articles.parsing.crf import MODEL_PATH, char_features, name_tables, spans_of, word_classes  # noqa: E402
from articles.parsing.tokenizer import cut_form, get_tokenizer  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpora" / "pfr-199801-days01-10.jsonl"


def _normalised(text: str, labels: list[str]) -> tuple[str, list[str]]:
    """The text as the entity stage tags it (`cut_form`: runs of spaces as one, none at the ends,
    full-width digits and letters as ASCII), its labels carried along."""
    chars: list[str] = []
    labs: list[str] = []
    for ch, lab in zip(text, labels, strict=True):
        if ch in " \t\u3000":
            if not chars or chars[-1] == " ":
                continue
            ch = " "
        chars.append(ch)
        labs.append(lab)
    while chars and chars[-1] == " ":
        chars.pop()
        labs.pop()
    out = cut_form("".join(chars))
    assert len(out) == len(labs), text
    return out, labs


SCHEME = "bioes"  # --scheme: how a name's characters are labelled
PLAIN = False  # --plain: without the dictionary features (to measure what they bring)


def features(text: str) -> list[list[str]]:
    tok = get_tokenizer()
    return char_features(text, tok.cut(text), word_classes(tok), None if PLAIN else name_tables(tok))


def labelled(row: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(paragraph, BIO labels) per paragraph of a corpus article, as the entity stage reads it."""
    out = []
    for n, text in enumerate(row["paragraphs"]):
        labels = ["O"] * len(text)
        for e in row["entities"]:
            if e["paragraph"] != n or text[e["start"]:e["end"]] != e["text"]:
                continue
            if SCHEME == "bioes" and e["end"] - e["start"] == 1:
                labels[e["start"]] = "S-" + e["type"]
                continue
            labels[e["start"]] = "B-" + e["type"]
            for i in range(e["start"] + 1, e["end"]):
                labels[i] = "I-" + e["type"]
            if SCHEME == "bioes":
                labels[e["end"] - 1] = "E-" + e["type"]
        out.append(_normalised(text, labels))
    return out


def evaluate(tagger: pycrfsuite.Tagger, rows: list[dict[str, Any]], counts_only: bool = False) -> dict[str, Any]:
    counts = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC")}
    for row in rows:
        gold: dict[str, set[str]] = {t: set() for t in counts}
        pred: dict[str, set[str]] = {t: set() for t in counts}
        for text, labels in labelled(row):
            for kind, name in spans_of(text, labels):
                gold[kind].add(name)
            for kind, name in spans_of(text, tagger.tag(features(text))):
                pred[kind].add(name)
        for t in counts:
            counts[t][0] += len(gold[t] & pred[t])
            counts[t][1] += len(pred[t])
            counts[t][2] += len(gold[t])
    if counts_only:
        return counts
    out = {}
    for t, (tp, npred, ngold) in counts.items():
        p, r = tp / max(npred, 1), tp / max(ngold, 1)
        out[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--train-until", default="1998-01-06")
    ap.add_argument("--eval-until", default="9999-12-31",
                    help="measure on the days after --train-until up to this one (tuning: a later day stays unseen)")
    ap.add_argument("--eval-day", action="append", default=[],
                    help="days (comma-separated) of the training days to leave out and measure on instead "
                         "(repeat: one model each, the figures summed; to compare features without looking at "
                         "the held-out days)")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=200)
    ap.add_argument("--min-freq", type=int, default=1)
    ap.add_argument("--scheme", choices=("bio", "bioes"), default="bioes",
                    help="labels: B/I/O, or with E (a name's last character) and S (a one-character name)")
    ap.add_argument("--plain", action="store_true", help="without the dictionary features (to compare)")
    args = ap.parse_args()
    global PLAIN, SCHEME
    PLAIN, SCHEME = args.plain, args.scheme
    if not args.corpus.is_file():
        print(f"{args.corpus} absent: the committed model stays as it is")
        return 0
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8")]
    if args.eval_day:
        folds = [([r for r in rows if r["date"] <= args.train_until and r["date"] not in days.split(",")],
                  [r for r in rows if r["date"] in days.split(",")]) for days in args.eval_day]
        totals = {t: [0, 0, 0] for t in ("PER", "ORG", "LOC")}
        for n, (train, held) in enumerate(folds):
            out = args.out.with_name(f"{args.out.stem}.fold{n}{args.out.suffix}")
            tagger = train_model(train, out, args)
            for t, c in evaluate(tagger, held, counts_only=True).items():
                totals[t] = [a + b for a, b in zip(totals[t], c, strict=True)]
        for t, (tp, npred, ngold) in totals.items():
            p, r = tp / max(npred, 1), tp / max(ngold, 1)
            print(f"days {','.join(args.eval_day)} {t} p={p:.3f} r={r:.3f} f={2 * p * r / (p + r) if p + r else 0:.3f}")
        return 0
    train = [r for r in rows if r["date"] <= args.train_until]
    held = [r for r in rows if args.train_until < r["date"] <= args.eval_until]
    tagger = train_model(train, args.out, args)
    print(f"trained on {len(train)} articles (to {args.train_until}); {args.out} "
          f"{args.out.stat().st_size / 1e6:.1f} MB")
    for t, (p, r, f) in evaluate(tagger, held).items():
        print(f"held-out {len(held)} articles {t} p={p:.3f} r={r:.3f} f={f:.3f}")
    return 0


def train_model(train: list[dict[str, Any]], out: Path, args: argparse.Namespace) -> pycrfsuite.Tagger:
    trainer = pycrfsuite.Trainer(verbose=False)
    for row in train:
        for text, labels in labelled(row):
            if text:
                trainer.append(features(text), labels)
    # L1 keeps the model small (most features get a zero weight); feature.minfreq drops the
    # features seen once (a character pair of one article)
    trainer.set_params({"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
                        "feature.minfreq": args.min_freq, "feature.possible_transitions": True})
    trainer.train(str(out))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(out))
    return tagger


if __name__ == "__main__":
    sys.exit(main())
