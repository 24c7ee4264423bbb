"""An A4 document with the shipped font, page « n/N », a records hash and a PROVISOIRE mark.

Every text printed goes through :meth:`Document.clean`: it is put in Unicode
composed form (NFC, so « Nguyễn » typed with combining accents uses the
font's precomposed letters) and each character the font cannot draw — or an
invisible control or direction character — is printed as a visible
``[U+XXXX]`` and recorded in :attr:`Document.fallbacks`.  fpdf2 alone would
drop such a character with a log line; here nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from fpdf.table import Table

from jury_tui import __version__
from jury_tui.domain.storage.durable import atomic_output

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

BODY = 9.5  # points
SMALL = 7.5
LINE = 4.6  # mm, for BODY
MARGIN = 18.0  # mm
FOOTER_SPACE = 20.0  # mm kept free at the bottom of each page
GREY = (90, 90, 90)
PALE = (225, 225, 225)


@dataclass(frozen=True)
class Fallback:
    """A text the font could not print entirely; ``missing`` are the characters shown as ``[U+XXXX]``."""

    text: str
    missing: tuple[str, ...]

    def codes(self) -> str:
        return ", ".join(f"{char} U+{ord(char):04X}" for char in self.missing)


@cache
def font_characters(style: str) -> frozenset[int]:
    """The code points the shipped font (regular or bold) can draw."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(str(FONTS / FONT_FILES[style]), lazy=True)
    return frozenset(font.getBestCmap())


def _printable(char: str, available: frozenset[int]) -> bool:
    if char == "\n":
        return True
    if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Cn"):
        return False  # control, format (bidi, zero-width), private, unassigned: never silently invisible
    return ord(char) in available


class Document(FPDF):
    """A4 portrait page furniture shared by the PV and the letters."""

    def __init__(self, *, title: str, footer_left: str, records_hash: str, page_label: str,
                 hash_label: str, made_label: str, language: str,
                 provisional: str = "", provisional_note: str = "",
                 made_at: dt.datetime | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, name in FONT_FILES.items():
            self.add_font(FAMILY, style, str(FONTS / name))
        self.doc_title = title
        self.footer_left = footer_left
        self.records_hash = records_hash
        self.page_label = page_label  # "page {page}/{pages}"
        self.hash_label = hash_label  # "records: {hash}"
        self.made_label = made_label  # "made on … by jury-tui …"
        self.provisional = provisional  # the stamp word, "" when final
        self.provisional_note = provisional_note
        self.fallbacks: list[Fallback] = []
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=FOOTER_SPACE)
        self.alias_nb_pages()
        self.set_title(self.clean(title))
        self.set_author(f"jury-tui {__version__}")
        self.set_creator(f"jury-tui {__version__}")
        self.set_lang(language)
        if made_at is not None:
            self.set_creation_date(made_at.astimezone())
        self.set_font(FAMILY, "", BODY)

    # -- text ---------------------------------------------------------------
    def line_count(self, width: float, height: float, text: str) -> int:
        """How many lines ``text`` (already cleaned) takes in a multi-cell of ``width``."""
        lines = self.multi_cell(width, height, text, dry_run=True, output="LINES")
        return len(lines) if isinstance(lines, list) else 1

    def clean(self, text: object, style: str | None = None) -> str:
        """``text`` as printable with the font: NFC, missing characters as a visible [U+XXXX] (reported)."""
        raw = "" if text is None else str(text)
        composed = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\t", " "))
        available = font_characters("B" if "B" in (self.font_style if style is None else style) else "")
        missing = [char for char in composed if not _printable(char, available)]
        if not missing:
            return composed
        self.fallbacks.append(Fallback(raw, tuple(dict.fromkeys(missing))))
        return "".join(char if _printable(char, available) else f"[U+{ord(char):04X}]" for char in composed)

    def font(self, size: float = BODY, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)

    def heading(self, text: str, size: float = 13.0, space_after: float = 1.5, keep: float = 30.0) -> None:
        """A bold heading kept with at least ``keep`` mm of what follows."""
        if self.get_y() + keep > self.page_break_trigger:
            self.add_page()
        elif self.get_y() > self.t_margin + 1:
            self.ln(2)
        self.font(size, bold=True)
        self.multi_cell(0, size * 0.45, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(space_after)
        self.font()

    def paragraph(self, text: str, size: float = BODY, bold: bool = False, space_after: float = 1.5) -> None:
        self.font(size, bold)
        self.multi_cell(0, size * 0.48, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(space_after)
        self.font()

    def fields(self, pairs: Sequence[tuple[str, str]], label_width: float = 52.0) -> None:
        """Label: value lines (bold labels), values wrapped."""
        with self.table(col_widths=(label_width, self.epw - label_width), first_row_as_headings=False,
                        borders_layout="NONE", text_align="LEFT", align="LEFT", line_height=LINE,
                        padding=(0.4, 1, 0.4, 0), v_align="TOP") as table:
            for label, value in pairs:
                row = table.row()
                row.cell(self.clean(label, "B"), style=FontFace(emphasis="BOLD"))
                row.cell(self.clean(value, ""))
        self.ln(1.5)

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
             size: float = BODY) -> None:
        """A bordered table with a bold heading row repeated on every page."""
        with self.table_for(headers, widths, size) as table:
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.clean(value, ""))

    @contextmanager
    def table_for(self, headers: Sequence[str], widths: Sequence[float], size: float = SMALL + 1) -> Iterator[Table]:
        """A bordered table whose rows the caller adds (cleaned text), heading row repeated on every page."""
        self.font(size)
        with self.table(col_widths=tuple(widths), text_align="LEFT", align="LEFT", line_height=size * 0.47,
                        padding=(0.8, 1.2), v_align="TOP", headings_style=FontFace(emphasis="BOLD", fill_color=PALE),
                        repeat_headings=1, width=self.epw) as table:
            heading = table.row()
            for header in headers:
                heading.cell(self.clean(header, "B"))
            yield table
        self.ln(2)
        self.font()

    # -- page furniture ------------------------------------------------------
    def header(self) -> None:
        if not self.provisional:
            return
        with self.local_context():
            self.set_text_color(*PALE)
            self.font(72, bold=True)
            width = self.get_string_width(self.provisional)
            x, y = self.w / 2, self.h / 2
            with self.rotation(50, x, y):
                self.text(x - width / 2, y + 10, self.provisional)
        with self.local_context():
            self.set_y(7)
            self.font(9, bold=True)
            self.cell(0, 5, self.clean(f"{self.provisional} — {self.provisional_note}"), border="B", align="C",
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(MARGIN)

    def footer(self) -> None:
        with self.local_context():
            self.set_y(-FOOTER_SPACE + 6)
            self.set_draw_color(*GREY)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.set_text_color(*GREY)
            self.font(SMALL)
            page = self.page_label.format(page=self.page_no(), pages=self.str_alias_nb_pages)
            self.cell(self.epw * 0.75, 4, self.clean(self.footer_left), align="L")
            self.cell(self.epw * 0.25, 4, page, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.cell(0, 3.6, self.hash_label.format(hash=self.records_hash), align="L",
                      new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.cell(0, 3.6, self.clean(self.made_label), align="L")

    def save(self, path: Path) -> None:
        """Write through the durable path: owner-only, atomic, the previous file intact on failure."""
        with atomic_output(Path(path)) as temporary:
            self.output(str(temporary))
