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

    def translated(entry) -> bool:
        text = entry.string if entry is not None else ""
        return all(text) if isinstance(text, tuple) else bool(text)

    missing = [m for m in messages if not translated(french.get(m))]
    assert missing == []
    for message in messages:
        translation = french.get(message).string
        if isinstance(message, tuple):  # plural: every form keeps the singular's or the plural's placeholders
            assert fields(translation[0]) == fields(message[0]), message
            assert all(fields(form) == fields(message[1]) for form in translation[1:]), message
        else:
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
            if message.id and isinstance(message.id, tuple):
                assert compiled.ngettext(*message.id, 1) == message.string[0], (language, message.id)
            elif message.id and message.string:
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
