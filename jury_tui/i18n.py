"""Interface translations through gettext catalogs (French first, English).

Source strings in the code are English; ``locale/fr`` translates them and
``locale/en`` exists so that English is an explicit choice.  The grid's own
texts are never translated: they are shown as the certifier wrote them.
"""

from __future__ import annotations

import gettext as _gettext
import os

from jury_tui.locations import locale_dir

DOMAIN = "jury_tui"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def detect_language() -> str:
    """French unless the environment explicitly asks for English."""
    for var in ("JURY_TUI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def set_language(language: str) -> str:
    """Switch the interface language; returns the language in effect."""
    global _translation, _language
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    _translation = _gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)
    _language = language
    return language


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """Translate an interface string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


set_language(DEFAULT_LANGUAGE)


def translator(language: str):  # noqa: ANN201 - a gettext function
    """A gettext function for one language, whatever the interface uses."""
    return _gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True).gettext
