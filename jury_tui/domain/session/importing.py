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
from typing import Self

from jury_tui.domain.session.loader import normalise_slot
from jury_tui.domain.session.model import Accommodations, Candidate
from jury_tui.domain.storage.errors import N_, JuryError, Msg, Translate, render, system_reason
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
    warnings: list[Rejected] = field(default_factory=list)  # imported rows with something to check


FIELD_NAMES = {
    "id": N_("candidate id"), "last_name": N_("last name"), "first_name": N_("first name"), "email": N_("email"),
    "slot": N_("time slot"), "date": N_("date"), "accommodations": N_("accommodations"),
    "prerequisites": N_("prerequisites"),
}
# a « ? » or a replacement character where a letter belongs: characters lost on the way (Nguy?n)
_LOST = re.compile(r"[^\W\d_]\?|\?[^\W\d_]|\ufffd")


def column_letter(position: int) -> str:
    """« A » for the first column, « AA » for the 27th."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


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


class FormulaCell(str):
    """An xlsx cell holding a formula whose result was not saved in the file: it reads as ""."""

    formula: str

    def __new__(cls, formula: str) -> Self:
        cell = super().__new__(cls, "")
        cell.formula = formula
        return cell


def _formula_text(value: object) -> str:
    """The formula of a cell read with data_only=False ("" when it holds a value)."""
    text = getattr(value, "text", value)  # openpyxl's ArrayFormula keeps it in .text
    return text if isinstance(text, str) and text.startswith("=") else ""


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
    """The cached values of the first sheet; a formula without a saved result is a :class:`FormulaCell`."""
    import openpyxl

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types on bad files
        raise JuryError.at(path, N_("cannot read this workbook ({detail}); save it again as .xlsx"),
                           detail=type(error).__name__) from None
    try:
        rows: list[list[str]] = []
        pairs = zip(values.worksheets[0].iter_rows(values_only=True),
                    formulas.worksheets[0].iter_rows(values_only=True), strict=False)
        for index, (row, raw) in enumerate(pairs):
            if index >= MAX_ROWS:
                raise JuryError.at(path, N_("more than {count} rows: split the file"), count=MAX_ROWS)
            cells: list[str] = []
            for position, value in enumerate(row):
                formula = _formula_text(raw[position]) if value is None and position < len(raw) else ""
                cells.append(FormulaCell(formula) if formula else _cell_text(value))
            rows.append(cells)
        return rows
    finally:
        values.close()
        formulas.close()


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


_NOTHING = {"non", "no", "aucun", "aucune", "none", "neant", "sans", "-", "—", "/"}
# a phrase is split at ; + , newlines, « et », « and », and a slash that is not in 1/3
_PARTS = re.compile(r"\s*(?:[;+,\n]|(?<!\d)/(?!\d)|\bet\b|\band\b)\s*")
_PERCENT = re.compile(r"(\d{1,3})\s*%")
_THIRD = ("tiers temps", "tiers-temps", "1/3", "temps majore", "majoration", "temps supplementaire")
_DOUBLE = ("double temps", "temps double")
_ASSISTANCE = ("assistance", "assistant", "secretaire", "aesh", "avs", "lecteur", "scripteur", "interprete",
               "lsf", "accompagnant", "tiers")
_MATERIAL = ("materiel", "support", "gros caracteres", "braille", "agrandi", "adapte", "ordinateur", "logiciel",
             "clavier", "loupe", "police", "ecran", "synthese vocale", "a3", "audio")


def _extra_time(folded: str) -> float | None:
    percent = _PERCENT.search(folded)
    if percent:
        return 1 + int(percent.group(1)) / 100
    if any(w in folded for w in _DOUBLE):
        return 2.0
    if any(w in folded for w in _THIRD):
        return 1.33
    return None


def parse_accommodations(text: str) -> Accommodations:
    """Split a phrase (« Tiers temps + secrétaire ; sujet en A3 ; salle isolée ») into what it grants.

    Each part is recognised as extra time, assistance by a third person or adapted material (kept in
    its own words); the rest is kept as « other », in the candidate's words: nothing is dropped.
    """
    if fold(text).strip(" .") in _NOTHING or not text.strip():
        return Accommodations()
    factor = 1.0
    assistance = False
    material: list[str] = []
    other: list[str] = []
    for part in (p.strip(" .") for p in _PARTS.split(text)):
        if not part or fold(part) in _NOTHING:
            continue
        folded = fold(part)
        time = _extra_time(folded)
        if time is not None:
            factor = max(factor, time)
            continue
        words = folded.replace("tiers temps", "")
        if any(w in words for w in _MATERIAL):  # first: « lecteur d'écran » is software, not a person
            material.append(part)
        elif any(re.search(rf"\b{w}\b", words) for w in _ASSISTANCE):
            assistance = True
        else:
            other.append(part)
    return Accommodations(
        extra_time_factor=min(factor, 3.0),
        third_party_assistance=assistance,
        adapted_material="; ".join(material),
        other="; ".join(other),
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

        def formula(name: str, row: list[str] = row, number: int = number) -> dict[str, object] | None:
            """Where and which formula, when ``name``'s cell holds one whose result was not saved."""
            position = columns.get(name)
            value = row[position] if position is not None and position < len(row) else ""
            if position is None or not isinstance(value, FormulaCell):
                return None
            return {"field": Msg(FIELD_NAMES[name]), "cell": f"{column_letter(position)}{number}",
                    "formula": value.formula}

        if not any(c.strip() or isinstance(c, FormulaCell) for c in row):
            continue
        candidate_id, last_name = cell("id"), cell("last_name")
        blocking = next((why for name in ("id", "last_name") if (why := formula(name)) is not None), None)
        if blocking is not None:
            result.rejected.append(Rejected.of(number, N_(
                "{field}: cell {cell} holds a formula ({formula}) whose result was not saved in the file; open the "
                "file in Excel or LibreOffice, save it, and import it again"), **blocking))
            continue
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
        for name in FIELDS:
            where = formula(name)
            if where is not None:
                result.warnings.append(Rejected.of(number, N_(
                    "{field}: cell {cell} holds a formula ({formula}) whose result was not saved in the file, so it "
                    "is left empty; open the file in Excel or LibreOffice, save it, and import it again"), **where))
        for name in ("last_name", "first_name"):
            if _LOST.search(cell(name)):
                result.warnings.append(Rejected.of(
                    number, N_("{field} « {value} » has « ? » where a letter belongs: characters were probably lost "
                               "before the file reached you (check the name and correct it in session.toml)"),
                    field=Msg(FIELD_NAMES[name]), value=cell(name)))
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
