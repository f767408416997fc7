"""Score the parser on every page set of ../shared/pages, split by date into tuning and held-out.

    .venv/bin/python bench/score_sets.py [--split tune|held|all] [--sets dev,dev-wide,...] [--worst N]
                                         [--dates 19980105,19980106]

The pages of 1998-01-01 to 1998-01-06 are what the parser's rules were tuned on; the pages of
1998-01-07 to 1998-01-10 are only measured (`HELD_OUT_FROM`). Prints the scorer's averages for
each set and split, without entity extraction (the parse's layout is what this measures).
`--dates` keeps only the pages of the days named (a leave-days-out check inside the tune split:
a rule that holds only on the days it was made on is fitted to them, not general).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_page  # noqa: E402

PAGES = ROOT.parent / "shared" / "pages"
SETS = {
    "seed": PAGES / "seed",
    "dev": PAGES / "dev",
    "dev-wide": PAGES / "dev-wide",
    "pdftotext": PAGES / "pdf-dev" / "pdftotext",
    "pymupdf": PAGES / "pdf-dev" / "pymupdf",
    "pdfminer": PAGES / "pdf-dev" / "pdfminer",
}
#: Pages from this date on were never looked at while tuning the rules.
HELD_OUT_FROM = "19980107"
KEYS = ("segmentation_f1", "headline_accuracy", "headline_meta_accuracy", "byline_accuracy",
        "paragraph_f1", "body_cer", "caption_found", "caption_attached", "page_meta", "artifacts")
SHORT = {"segmentation_f1": "seg", "headline_accuracy": "head", "headline_meta_accuracy": "hmeta",
         "byline_accuracy": "byl", "paragraph_f1": "para", "body_cer": "cer", "caption_found": "capf",
         "caption_attached": "capa", "page_meta": "meta", "artifacts": "art"}


def load_scorer():
    path = ROOT.parent / "shared" / "tools" / "score_parse.py"
    if not path.exists():
        path = ROOT / "tests" / "data" / "score_parse.py"
    spec = importlib.util.spec_from_file_location("score_parse", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def in_split(name: str, split: str) -> bool:
    if split == "all" or not name[:8].isdigit():
        return True
    return (name[:8] >= HELD_OUT_FROM) == (split == "held")


def score_set(scorer, src: Path, split: str, worst: int,
              dates: tuple[str, ...] = ()) -> dict[str, float] | None:
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir, pred_dir = Path(tmp) / "gold", Path(tmp) / "pred"
        gold_dir.mkdir()
        pred_dir.mkdir()
        rows = []
        for txt in sorted(src.glob("*.txt")):
            if not in_split(txt.stem, split) or (dates and not txt.stem.startswith(dates)):
                continue
            gold = src / f"{txt.stem}.gold.json"
            (gold_dir / gold.name).write_bytes(gold.read_bytes())
            pred = parse_page(txt.read_text(encoding="utf-8"), file=txt.name, entities=False).to_dict()
            (pred_dir / f"{txt.stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
            if worst:
                r = scorer.score(json.loads(gold.read_text(encoding="utf-8")), pred)
                rows.append((r["segmentation_f1"] + r["headline_accuracy"] + r["byline_accuracy"], txt.stem, r))
        if not rows and not any(gold_dir.iterdir()):
            return None
        for _, stem, r in sorted(rows)[:worst]:
            print("    ", stem, " ".join(f"{SHORT[k]}={r[k]:.2f}" for k in KEYS[:6]))
        return scorer.score_dirs(gold_dir, pred_dir)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="both", choices=("tune", "held", "all", "both"))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--worst", type=int, default=0, help="print the N worst pages of each set")
    ap.add_argument("--dates", default="", help="only the pages of these days (comma-separated YYYYMMDD)")
    args = ap.parse_args()
    dates = tuple(d for d in args.dates.split(",") if d)
    if not PAGES.is_dir():
        print(f"{PAGES} absent: nothing to score")
        return 0
    scorer = load_scorer()
    splits = ("tune", "held") if args.split == "both" else (args.split,)
    for name in args.sets.split(","):
        for split in splits:
            res = score_set(scorer, SETS[name], split, args.worst, dates)
            if res is not None:
                print(f"{name:9} {split:4} " + " ".join(f"{SHORT[k]}={res.get(k, 0):.3f}" for k in KEYS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
