"""Import candidate lists exported from training-management systems.

Reads .xlsx (first sheet, title rows above the header allowed) and .csv
(UTF-8 with or without BOM, or Windows-1252; comma or semicolon), finds the
header row, maps columns from common French and English headers (or from the
caller's mapping), and returns the candidates plus every rejected row with
its number as the spreadsheet shows it (header = its own row number).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from jury_tui.domain.session.loader import normalise_slot
from jury_tui.domain.session.model import Accommodations, Candidate
from jury_tui.domain.storage.errors import N_, JuryError, Translate, render, system_reason
from jury_tui.domain.storage.ids import SAFE_ID_HINT, is_safe_id
from jury_tui.domain.storage.text import fold

FIELDS = ("id", "last_name", "first_name", "email", "slot", "date", "accommodations", "prerequisites")
HEADERS = {
    "id": ("n candidat", "no candidat", "numero candidat", "num candidat", "numero", "n", "id", "identifiant",
           "candidate id", "candidate number", "candidate no", "matricule", "n inscription", "code candidat"),
    "last_name": ("nom", "nom de famille", "nom d usage", "last name", "surname", "family name", "name"),
    "first_name": ("prenom", "prenoms", "first name", "given name", "firstname"),
    "email": ("email", "e mail", "courriel", "mail", "adresse email", "adresse e mail", "adresse mail"),
    "slot": ("horaire", "heure", "creneau", "heure de passage", "slot", "time", "time slot"),
    "date": ("date", "date de passage", "date d evaluation", "date de soutenance", "exam date"),
    "accommodations": ("amenagements", "amenagement", "accommodations", "adaptations", "amenagements accordes"),
    "prerequisites": ("prerequis", "prerequis verifies", "prerequisites", "prerequisites verified"),
}
MAX_ROWS = 20000
TRUE_WORDS = {"oui", "o", "yes", "y", "x", "1", "vrai", "true", "ok"}


@dataclass(frozen=True)
class Rejected:
    """A row left out of the import: its number as the spreadsheet shows it, and why (a message id)."""

    row: int
    message: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, row: int, message: str, **params: object) -> Rejected:
        return cls(row, message, tuple(params.items()))

    def text(self, translate: Translate | None = None) -> str:
        """Why, in the current (or given) language."""
        return render(self.message, self.params, translate)

    @property
    def reason(self) -> str:
        return self.text()


@dataclass
class ImportResult:
    file: Path
    header_row: int
    mapping: dict[str, str]
    candidates: list[Candidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text))).strip()


def read_rows(path: Path) -> list[list[str]]:
    """Every row of the file as strings (row 1 first)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path)
    raise JuryError.at(path, N_("unsupported file type (expected .xlsx or .csv)"))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types on bad files
        raise JuryError.at(path, N_("cannot read this workbook ({detail}); save it again as .xlsx"),
                           detail=type(error).__name__) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for index, row in enumerate(sheet.iter_rows(values_only=True)):
            if index >= MAX_ROWS:
                raise JuryError.at(path, N_("more than {count} rows: split the file"), count=MAX_ROWS)
            rows.append([_cell_text(v) for v in row])
        return rows
    finally:
        workbook.close()


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise JuryError.at(path, N_("cannot read this file ({reason})"), reason=system_reason(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel in France saves CSV in Windows-1252
    sample = text[:4096]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def find_header(rows: list[list[str]], overrides: dict[str, str]) -> tuple[int, dict[str, int]]:
    wanted = {f: header_key(h) for f, h in overrides.items()}
    for index, row in enumerate(rows[:30]):
        keys = [header_key(cell) for cell in row]
        mapping: dict[str, int] = {}
        for position, key in enumerate(keys):
            if not key:
                continue
            for name in FIELDS:
                if name in mapping:
                    continue
                if (name in wanted and key == wanted[name]) or (name not in wanted and key in HEADERS[name]):
                    mapping[name] = position
                    break
        if ("id" in mapping or "last_name" in mapping) and len(mapping) >= 2:
            return index, mapping
    raise JuryError.at(Path("."), N_("no header row found"))


def parse_accommodations(text: str) -> Accommodations:
    folded = fold(text)
    if not folded.strip() or folded.strip() in {"non", "no", "aucun", "aucune", "none", "-", "—"}:
        return Accommodations()
    factor = 1.0
    percent = re.search(r"(\d{1,3})\s*%", folded)
    if percent:
        factor = 1 + int(percent.group(1)) / 100
    elif "tiers temps" in folded or "tiers-temps" in folded or "1/3" in folded or "temps majore" in folded:
        factor = 1.33
    elif "double temps" in folded:
        factor = 2.0
    without_time = folded.replace("tiers temps", "").replace("tiers-temps", "")
    assistance = any(w in without_time for w in ("assistance", "tiers", "secretaire", "aesh", "lecteur", "scripteur"))
    material = any(w in folded for w in ("materiel", "support", "gros caracteres", "braille", "agrandi", "adapte"))
    recognised = factor > 1 or assistance or material
    return Accommodations(
        extra_time_factor=min(factor, 3.0),
        third_party_assistance=assistance,
        adapted_material=text.strip() if material else "",
        other="" if recognised else text.strip(),
    )


def import_candidates(path: Path, overrides: dict[str, str] | None = None,
                      session_date: dt.date | None = None, existing: set[str] | None = None) -> ImportResult:
    path = Path(path)
    overrides = overrides or {}
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        raise JuryError.at(path, N_("unknown field(s) {fields} (expected: {choices})"), fields=", ".join(sorted(unknown)),
                           choices=", ".join(FIELDS))
    rows = read_rows(path)
    try:
        header_index, columns = find_header(rows, overrides)
    except JuryError:
        raise JuryError.at(path, N_("no header row found: expected columns such as « N° candidat », « Nom », "
                                    "« Prénom » (or use --column FIELD=HEADER)")) from None
    header = rows[header_index]
    if "id" not in columns:
        raise JuryError.at(path, N_("row {row}: no candidate id column (expected « N° candidat » or use --column id=HEADER)"),
                           row=header_index + 1)
    if "last_name" not in columns:
        raise JuryError.at(path, N_("row {row}: no last name column (expected « Nom » or use --column last_name=HEADER)"),
                           row=header_index + 1)
    result = ImportResult(path, header_index + 1, {f: header[i] for f, i in columns.items()})
    seen = set(existing or ())
    for offset, row in enumerate(rows[header_index + 1:]):
        number = header_index + 2 + offset  # as the spreadsheet shows it

        def cell(name: str, row: list[str] = row) -> str:
            position = columns.get(name)
            return row[position].strip() if position is not None and position < len(row) else ""

        if not any(c.strip() for c in row):
            continue
        candidate_id, last_name = cell("id"), cell("last_name")
        if not candidate_id:
            result.rejected.append(Rejected.of(number, N_("missing candidate id")))
            continue
        if not is_safe_id(candidate_id):
            result.rejected.append(Rejected.of(number, N_('candidate id "{id}" is not usable ({hint})'), id=candidate_id,
                                               hint=SAFE_ID_HINT))
            continue
        if candidate_id in seen:
            result.rejected.append(Rejected.of(number, N_('duplicate candidate id "{id}"'), id=candidate_id))
            continue
        if not last_name:
            result.rejected.append(Rejected.of(number, N_("missing last name")))
            continue
        slot = ""
        if cell("slot"):
            slot = normalise_slot(cell("slot")[:5] if re.match(r"^\d\d:\d\d:\d\d$", cell("slot")) else cell("slot")) or ""
            if not slot:
                result.rejected.append(Rejected.of(number, N_('bad time "{value}" (expected like 09:30)'), value=cell("slot")))
                continue
        if cell("date"):
            try:
                date = _parse_date(cell("date"))
            except ValueError:
                result.rejected.append(Rejected.of(number, N_('bad date "{value}" (expected like 14/12/2026)'), value=cell("date")))
                continue
            if session_date is not None and date != session_date:
                result.rejected.append(Rejected.of(number, N_("date {date} is not the session's date {session_date}"),
                                                   date=date, session_date=session_date))
                continue
        seen.add(candidate_id)
        result.candidates.append(Candidate(
            id=candidate_id,
            last_name=last_name,
            first_name=cell("first_name"),
            email=cell("email"),
            slot=slot,
            prerequisites_verified=fold(cell("prerequisites")) in TRUE_WORDS,
            accommodations=parse_accommodations(cell("accommodations")),
        ))
    return result


def _parse_date(text: str) -> dt.date:
    text = text.strip().split(" ")[0]
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)
