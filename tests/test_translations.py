"""The admin in Chinese: every string a user sees is in the zh_Hans catalogue, translated.

Strings are written in English in the code and templates (`gettext`, `{% translate %}`); the
catalogue locale/zh_Hans/LC_MESSAGES/django.po is made by `makemessages` and compiled by `make
install`. This test runs makemessages over a copy of the sources, so a new string with no
translation (or a fuzzy one) fails here, naming it. Error messages made where no request's language
is known (the parser, the services, the history's reasons) are English source strings marked with
`gettext_noop` and translated where they are shown (newsroom/i18n.py): they are in the catalogue too."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCES = ("articles", "people", "newsroom", "templates")


def untranslated(po_text: str) -> list[str]:
    """The msgids of a .po file's entries that have no translation or a fuzzy one."""
    missing = []
    for entry in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n)+)', entry + "\n", re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        if not msgid:
            continue  # the header
        strings = re.findall(r'^msgstr(?:\[\d+\])? ((?:".*"\n?)+)', entry + "\n", re.M)
        texts = ["".join(re.findall(r'"(.*)"', s)) for s in strings]
        if "#, fuzzy" in entry or not texts or not all(texts):
            missing.append(msgid)
    return missing


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext (xgettext)")
def test_every_user_visible_string_has_a_chinese_translation(tmp_path, settings, monkeypatch):
    for name in SOURCES:
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(CATALOGUE, tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    updated = (tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    # Messages made where no language is known are extracted too: the parser's errors (pure Python,
    # marked with its own no-op `gettext_noop`), the services' (Django's), the history's stored reasons.
    for source in ("articles/parsing/__init__.py", "articles/parsing/pdf/document.py", "articles/page_text.py",
                   "articles/services/importing.py", "newsroom/history.py"):
        assert f"{source}:" in updated, f"no message of {source} was extracted"
    missing = untranslated(updated)
    assert not missing, (f"{len(missing)} string(s) have no Chinese translation: run `manage.py makemessages "
                         f"-l zh_Hans --ignore=.venv --ignore=tests --ignore=bench` and translate them in "
                         f"{CATALOGUE.relative_to(REPO)}: " + " | ".join(missing[:20]))


def test_the_catalogue_is_complete_and_compiles():
    text = CATALOGUE.read_text(encoding="utf-8")
    assert untranslated(text) == []
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(CATALOGUE)], check=True)


def test_the_model_names_and_choices_read_in_chinese_where_the_catalogue_is_compiled():
    if not CATALOGUE.with_suffix(".mo").exists():
        pytest.skip("the catalogue is not compiled: `make install` compiles it (pybabel)")
    from articles.models import Article, PageImport

    with translation.override("zh-hans"):
        assert str(Article._meta.verbose_name_plural) == "稿件"
        assert str(PageImport._meta.verbose_name_plural) == "版面导入记录"
        assert dict(Article.Status.choices)["review"] == "审核中"
        assert dict(Article.Kind.choices)["photo"] == "图片新闻"
