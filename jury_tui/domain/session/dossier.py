"""Candidate dossiers: the report files and their text for reading on screen.

Report files are Markdown, plain text or PDF in
``sessions/<id>/dossiers/<candidate-id>/``.  A file that escapes the session
folder (through ``..`` or a symlink) is refused; text is extracted within
bounded size and time, and every failure is a :class:`JuryError` that says
what to do.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.storage.errors import N_, JuryError, render, system_reason

REPORT_SUFFIXES = (".md", ".markdown", ".txt", ".pdf")
MAX_TEXT_BYTES = 20 * 1024 * 1024
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PDF_PAGES = 2000
PDF_TIME_BUDGET = 20.0
INFO_FILE = "candidate.toml"


@dataclass(frozen=True)
class ReportText:
    path: Path
    text: str
    kind: str  # "markdown", "text", "pdf"
    pages: int = 0
    truncated: bool = False


def inside(folder: Path, path: Path) -> bool:
    """True when ``path`` resolves (symlinks followed) inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def report_files(session_folder: Path, dossier: Path) -> list[Path]:
    """Report files of a dossier, refusing any that escape the session."""
    if not dossier.is_dir():
        return []
    files = []
    for path in sorted(dossier.iterdir()):
        if path.suffix.lower() in REPORT_SUFFIXES and inside(session_folder, path) and path.is_file():
            files.append(path)
    return files


def escaping_files(session_folder: Path, dossier: Path) -> list[Path]:
    """Files in a dossier that point outside the session (refused)."""
    if not dossier.is_dir():
        return []
    return [p for p in sorted(dossier.iterdir()) if not inside(session_folder, p)]


def read_report(path: Path, session_folder: Path | None = None) -> ReportText:
    """Extract the text of one report file."""
    path = Path(path)
    if session_folder is not None and not inside(session_folder, path):
        raise JuryError.at(path, N_("refused: this file is outside the session folder"))
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix not in REPORT_SUFFIXES:
        raise JuryError.at(path, N_("unsupported report type (expected {suffixes})"), suffixes=", ".join(REPORT_SUFFIXES))
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise JuryError.at(path, N_("report too large ({size} MB, limit {limit} MB)"), size=size // (1024 * 1024),
                               limit=MAX_TEXT_BYTES // (1024 * 1024))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise JuryError.at(path, N_("report file not found")) from None
    except PermissionError:
        raise JuryError.at(path, N_("permission denied: cannot read this report")) from None
    except OSError as error:
        raise JuryError.at(path, N_("cannot read this report ({reason})"), reason=system_reason(error)) from None
    if b"\x00" in raw[:8192]:
        raise JuryError.at(path, N_("this file is binary, not text: save the report as Markdown, text or PDF"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    kind = "markdown" if suffix in (".md", ".markdown") else "text"
    return ReportText(path, text, kind)


class PdfPages:
    """A PDF's page texts, yielded as they are extracted (bounded in size, pages and time).

    Opening reads the page count; iterating extracts the text page by page,
    so a reader can show the first pages while the rest is extracted.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            size = path.stat().st_size
        except OSError as error:
            raise JuryError.at(path, N_("cannot read this report ({reason})"), reason=system_reason(error)) from None
        if size > MAX_PDF_BYTES:
            raise JuryError.at(path, N_("PDF too large ({size} MB, limit {limit} MB)"), size=size // (1024 * 1024),
                               limit=MAX_PDF_BYTES // (1024 * 1024))
        import logging

        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        with self._errors():
            self._reader = PdfReader(path)
            if self._reader.is_encrypted:
                try:
                    if not self._reader.decrypt(""):
                        raise JuryError.at(path, N_("this PDF is password-protected: ask the candidate for an unprotected copy"))
                except (PyPdfError, NotImplementedError):
                    raise JuryError.at(path, N_("this PDF is encrypted: ask the candidate for an unprotected copy")) from None
            self.count = len(self._reader.pages)
        self.truncated = self.count > MAX_PDF_PAGES

    def _errors(self) -> contextlib.AbstractContextManager[None]:
        path = self.path

        @contextlib.contextmanager
        def guard() -> Iterator[None]:
            try:
                yield
            except JuryError:
                raise
            except RecursionError:
                raise JuryError.at(path, N_("this PDF is malformed (nested too deeply) and cannot be read")) from None
            except Exception as error:  # noqa: BLE001 - pypdf raises many types on malformed files
                raise JuryError.at(path, N_("this PDF cannot be read ({detail}); ask for another copy"),
                                   detail=type(error).__name__) from None

        return guard()

    def __iter__(self) -> Iterator[str]:
        started = time.monotonic()
        with self._errors():
            for number in range(min(self.count, MAX_PDF_PAGES)):
                if time.monotonic() - started > PDF_TIME_BUDGET:
                    self.truncated = True
                    return
                heading = render(N_("--- page {number} ---"), {"number": number + 1})
                yield f"{heading}\n{self._reader.pages[number].extract_text() or ''}"


def _read_pdf(path: Path) -> ReportText:
    pages = PdfPages(path)
    text = "\n".join(pages)
    return ReportText(path, text, "pdf", pages=pages.count, truncated=pages.truncated)
