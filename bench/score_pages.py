"""Parse the seed and dev pages and score them with score_parse.py.

    .venv/bin/python bench/score_pages.py [--entities] [--out DIR] [--per-page]

Writes NAME.json predictions to DIR (default var/pred/{seed,dev}) and prints the scorer's
summary for the seed page and the average over the dev pages (skipped when ../shared is absent).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.parsing import parse_page  # noqa: E402

SHARED = ROOT.parent / "shared" / "pages"
SEED = ROOT / "tests" / "data" / "seed"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_parse", ROOT / "tests" / "data" / "score_parse.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def predict(src: Path, out: Path, entities: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for txt in sorted(src.glob("*.txt")):
        page = parse_page(txt.read_text(encoding="utf-8"), file=txt.name, entities=entities)
        (out / f"{txt.stem}.json").write_text(json.dumps(page.to_dict(), ensure_ascii=False, indent=1),
                                             encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "var" / "pred"))
    ap.add_argument("--per-page", action="store_true", help="print the worst dev pages")
    args = ap.parse_args()
    scorer = load_scorer()
    keys = ("segmentation_f1", "headline_accuracy", "headline_meta_accuracy", "byline_accuracy",
            "subhead_recall", "caption_found", "caption_attached", "paragraph_f1", "body_cer",
            "artifacts", "page_meta")
    for name, src in (("seed", SEED), ("dev", SHARED / "dev")):
        if not src.is_dir():
            print(f"{name}: {src} absent, skipped")
            continue
        out = Path(args.out) / name
        predict(src, out, args.entities)
        res = scorer.score_dirs(src, out)
        print(name, " ".join(f"{k}={res[k]:.4f}" for k in keys))
        if args.per_page and name == "dev":
            rows = []
            for gold in sorted(src.glob("*.gold.json")):
                pred = json.loads((out / gold.name.replace(".gold.json", ".json")).read_text(encoding="utf-8"))
                r = scorer.score(json.loads(gold.read_text(encoding="utf-8")), pred)
                rows.append((r["segmentation_f1"], r["headline_accuracy"], r["byline_accuracy"],
                             r["paragraph_f1"], r["body_cer"], gold.name))
            for seg, head, by, para, cer, page in sorted(rows)[:15]:
                print(f"  seg={seg:.2f} head={head:.2f} by={by:.2f} para={para:.2f} cer={cer:.4f} {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
