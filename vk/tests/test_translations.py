from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "vk" / "locale"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # An empty msgstr that is not continued on the next line is an untranslated entry;
    # the header (msgid "") is the only one allowed.
    empty = re.findall(r'^msgid (".*")\nmsgstr ""\n(?!")', text, re.M)
    assert empty == []
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    entries = len(re.findall(r"^msgid ", text, re.M)) - 1  # minus the header
    # Plural entries are stored once per form, as (msgid, index): count distinct msgids.
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalogue}
    assert len(compiled_ids) - 1 == entries, "run `make messages` to recompile the .mo file"


def test_dutch_and_french_are_served() -> None:
    with translation.override("nl-be"):
        assert translation.gettext("Log in") == "Aanmelden"
    with translation.override("fr-be"):
        assert translation.gettext("Log in") == "Se connecter"
