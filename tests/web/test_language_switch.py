"""The interface ships in English, Albanian and Serbian (Latin), with a switch."""

import re
from pathlib import Path

import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "src" / "reintegra" / "locale"


@pytest.mark.django_db
@pytest.mark.parametrize("code,expected", [("sq", "Rastet e mia"), ("sr-latn", "Moji predmeti"), ("en", "My cases")])
def test_switching_language_translates_the_pages(world, code, expected):
    client = Client()
    client.force_login(world.coordinator)
    response = client.post("/i18n/setlang/", {"language": code, "next": "/"}, follow=True)
    assert expected in response.content.decode()


@pytest.mark.parametrize("lang", ["sq", "sr_Latn"])
def test_every_string_is_translated(lang):
    text = (LOCALE / lang / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    untranslated = [
        e for e in entries
        if e.strip() and not e.lstrip().startswith("#~")
        and (re.search(r'^msgstr ""\n?$', e, re.M) and not re.search(r'^msgstr ""\n"', e, re.M))
    ]
    assert not untranslated, f"{len(untranslated)} untranslated strings in {lang}, e.g. {untranslated[:1]}"
    assert (LOCALE / lang / "LC_MESSAGES" / "django.mo").exists(), "run `make messages` to compile"
