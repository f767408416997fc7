"""Score the PDF front end on ../shared/pages/pdf-dev/pdf, split by date into tuning and held-out.

    .venv/bin/python bench/score_pdf.py [--split tune|held|all|both] [--worst N] [--keep DIR]

Runs `parse_pdf` (no entities, no rendering) over every `*.pdf`, writes each page's JSON
(`PdfPage.to_dict()`; a one-page PDF gives one page) as `NAME.json` into a temporary folder (or
`--keep DIR`), and scores it against `NAME.gold.json` with ../shared/tools/score_parse.py. The
pages of 1998-01-01 to 1998-01-06 are what the rules were tuned on; from 1998-01-07 on they are
only measured. Prints the scorer's averages for each split, and the pages read per
second (wall clock, and per second of this process's CPU time, which other processes on the
machine do not slow).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_pdf  # noqa: E402
from bench.score_sets import HELD_OUT_FROM, load_scorer  # noqa: E402

PDFS = ROOT.parent / "shared" / "pages" / "pdf-dev" / "pdf"
KEYS = ("segmentation_f1", "headline_accuracy", "headline_meta_accuracy", "byline_accuracy",
        "paragraph_f1", "body_cer", "subhead_recall", "caption_found", "caption_attached",
        "image_found", "image_attached", "image_precision", "page_meta", "artifacts")
SHORT = {"segmentation_f1": "seg", "headline_accuracy": "head", "headline_meta_accuracy": "hmeta",
         "byline_accuracy": "byl", "paragraph_f1": "para", "body_cer": "cer", "subhead_recall": "sub",
         "caption_found": "capf", "caption_attached": "capa", "image_found": "imgf",
         "image_attached": "imga", "image_precision": "imgp", "page_meta": "meta", "artifacts": "art"}


def in_split(name: str, split: str) -> bool:
    if split == "all":
        return True
    return (name[:8] >= HELD_OUT_FROM) == (split == "held")


def predict(pdf: Path) -> dict[str, object]:
    pages = list(parse_pdf(pdf.read_bytes(), file=pdf.name, entities=False, render=False))
    return pages[0].to_dict()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="both", choices=("tune", "held", "all", "both"))
    ap.add_argument("--worst", type=int, default=0, help="print the N worst pages of each split")
    ap.add_argument("--keep", type=Path, help="write the predictions here and keep them")
    args = ap.parse_args()
    if not PDFS.is_dir():
        print(f"{PDFS} absent: nothing to score")
        return 0
    scorer = load_scorer()
    splits = ("tune", "held") if args.split == "both" else (args.split,)
    out = Path(tempfile.mkdtemp()) if args.keep is None else args.keep
    seconds, cpu, count = 0.0, 0.0, 0
    try:
        for split in splits:
            gold_dir, pred_dir = out / split / "gold", out / split / "pred"
            gold_dir.mkdir(parents=True, exist_ok=True)
            pred_dir.mkdir(parents=True, exist_ok=True)
            rows = []
            for pdf in sorted(PDFS.glob("*.pdf")):
                if not in_split(pdf.stem, split):
                    continue
                gold = PDFS / f"{pdf.stem}.gold.json"
                if not gold.exists():
                    continue
                shutil.copyfile(gold, gold_dir / gold.name)
                start, cpu_start = time.perf_counter(), time.process_time()
                pred = predict(pdf)
                seconds += time.perf_counter() - start
                cpu += time.process_time() - cpu_start
                count += 1
                (pred_dir / f"{pdf.stem}.json").write_text(json.dumps(pred, ensure_ascii=False), encoding="utf-8")
                if args.worst:
                    r = scorer.score(json.loads(gold.read_text(encoding="utf-8")), pred)
                    rows.append((sum(r.get(k, 0) for k in KEYS[:5]) - r.get("body_cer", 0), pdf.stem, r))
            for _, stem, r in sorted(rows)[: args.worst]:
                print("    ", stem, " ".join(f"{SHORT[k]}={r.get(k, 0):.2f}" for k in KEYS))
            res = scorer.score_dirs(gold_dir, pred_dir)
            print(f"pdf {split:4} " + " ".join(f"{SHORT[k]}={res.get(k, 0):.3f}" for k in KEYS), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    if count:
        print(f"{count} pages in {seconds:.1f} s: {count / seconds:.1f} pages/s, {count / cpu:.1f} pages per CPU "
              "second (one core; no entities, no rendering)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
