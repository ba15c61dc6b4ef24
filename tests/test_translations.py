"""Every interface string has a Thai translation (Thai first, English through i18n)."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "th" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~") or "msgid" not in block:
            continue
        yield block


def test_every_string_has_a_thai_translation():
    untranslated = []
    for block in entries():
        assert "#, fuzzy" not in block, block
        msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', block, re.M)
        if not msgstrs or any(first == "" and rest == "" for first, rest in msgstrs):
            untranslated.append(block.splitlines()[-2])
    assert not untranslated, untranslated


def test_catalogue_is_compiled_and_active():
    with translation.override("th"):
        assert translation.gettext("Villages") == "หมู่บ้าน"
    with translation.override("en"):
        assert translation.gettext("Villages") == "Villages"
