"""Interface translations through gettext catalogs (French first, English).

Source strings in the code are English; ``locale/fr`` translates them and
``locale/en`` exists so that English is an explicit choice.  The grid's own
texts are never translated: they are shown as the certifier wrote them.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import os

from jury_tui.locations import locale_dir

DOMAIN = "jury_tui"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
_chosen = False  # whether set_language ran in this process


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
    global _translation, _language, _chosen
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    _translation = _gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)
    _language, _chosen = language, True
    return language


def current_language() -> str:
    return _language


def language_was_chosen() -> bool:
    """Whether a language was set in this process (the workbench sets one as it starts, and on Ctrl+L)."""
    return _chosen


def N_(message: str) -> str:
    """Mark a message for the catalogs without translating it here; it is translated where shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for the catalogs (translated elsewhere with ``ngettext``)."""
    return singular, plural


def _(message: str) -> str:
    """Translate an interface string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


set_language(DEFAULT_LANGUAGE)
_chosen = False  # the default, not a choice


class Translator:
    """A gettext function for one language, whatever the interface uses; it knows its language."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else DEFAULT_LANGUAGE
        self._catalog = _gettext.translation(DOMAIN, localedir=locale_dir(), languages=[self.language], fallback=True)

    def __call__(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalog.ngettext(singular, plural, count)


def translator(language: str) -> Translator:
    """A gettext function for one language, whatever the interface uses."""
    return Translator(language)


# -- dates, times and numbers in the interface language (Babel) --------------
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _locale(language: str | None) -> str:
    return _LOCALES.get(language or _language, "fr_FR")


def format_date(value: dt.date | None, language: str | None = None) -> str:
    """« 14/12/2026 » in French, « 14/12/2026 » in British English; "" for None."""
    if value is None:
        return ""
    # Babel's "dd/MM/yyyy" in fr_FR and en_GB: the same Latin digits in both, so written directly here
    # (loading Babel's locale data on the first list shown costs the workbench's start ~10 ms)
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_datetime(value: dt.datetime | None, language: str | None = None) -> str:
    """« 14/12/2026 09:06 »: the wall-clock time recorded, in the user's local time when it has an offset."""
    if value is None:
        return ""
    from babel.dates import format_datetime as babel_datetime

    if value.tzinfo is not None:
        value = value.astimezone()
    return str(babel_datetime(value.replace(tzinfo=None), "dd/MM/yyyy HH:mm", locale=_locale(language)))


def format_time(value: dt.time | dt.datetime | None, language: str | None = None) -> str:
    """« 09:06 »."""
    if value is None:
        return ""
    from babel.dates import format_time as babel_time

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return str(babel_time(value, "HH:mm", locale=_locale(language)))


def format_number(value: float, language: str | None = None, *, digits: int = 2) -> str:
    """« 21,6 » in French, « 21.6 » in English; trailing zeros dropped."""
    from babel.numbers import format_decimal

    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(language))


def format_percent(value: float, language: str | None = None) -> str:
    """« 75 % » in French, « 75% » in English."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, locale=_locale(language))
