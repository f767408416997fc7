"""The parser is pure Python: importing it must not import Django (the importer, the API and
the worker all call it; a stray Django import would tie it to settings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_parser_pulls_in_no_django() -> None:
    code = (
        "import sys\n"
        "import articles.parsing\n"
        "from articles.parsing import parse_page\n"
        "page = parse_page(open('tests/data/seed/000_c583b74fb9e7868d.txt', encoding='utf-8').read(),"
        " entities=True)\n"
        "assert page.articles\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"django modules imported: {result.stdout.strip()}"


def test_no_module_of_the_parser_names_django() -> None:
    for path in (REPO / "articles" / "parsing").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import django" not in source and "from django" not in source, path.name
