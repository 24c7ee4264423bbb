"""Every interface string has a French translation, and the shipped catalogs are current."""

from __future__ import annotations

import gettext
import re
import string

import i18n as catalogs  # scripts/i18n.py
from babel.messages.pofile import read_po

from jury_tui.i18n import _, set_language


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def po(language: str):
    with catalogs.po_path(language).open("rb") as handle:
        return read_po(handle)


def test_every_interface_string_is_translated_to_french_with_the_same_placeholders():
    messages = catalogs.extract_messages()
    assert len(messages) > 150
    french = po("fr")
    missing = [m for m in messages if not (french.get(m) and french.get(m).string)]
    assert missing == []
    for message in messages:
        translation = french.get(message).string
        assert fields(translation) == fields(message), message


def test_english_catalog_lists_every_string():
    english = po("en")
    assert all(english.get(m) is not None for m in catalogs.extract_messages())


def test_compiled_catalogs_match_the_po_files():
    for language in ("fr", "en"):
        catalog = po(language)
        with catalogs.po_path(language).with_suffix(".mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        for message in catalog:
            if message.id and message.string:
                assert compiled.gettext(message.id) == message.string, (language, message.id)


def test_language_switch_at_runtime():
    set_language("fr")
    assert _("Help") == "Aide"
    set_language("en")
    assert _("Help") == "Help"
    set_language("fr")


def test_no_interface_string_is_left_untranslated_in_the_ui_sources():
    """Notifications and labels must go through _(): find bare French-looking literals."""
    root = catalogs.PACKAGE / "ui"
    offenders = []
    for path in root.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"notify\(\s*[\"']", line):
                offenders.append(f"{path.name}:{number}")
    assert offenders == []
