"""Read score sheets (tomllib, validated against the grid) and write them.

Writing goes through :class:`SheetFile`, which keeps the tomlkit document of
the file so that comments a person added survive every save, and writes
through the durable path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.model import (
    STATUSES,
    CriterionScore,
    QuestionAnswer,
    Reopening,
    ScoreSheet,
    sheet_digest,
)
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.domain.storage.errors import N_, JuryError, Msg, Problem
from jury_tui.domain.storage.fields import Fields, root
from jury_tui.domain.storage.tomlsource import TomlSource, parse_toml_text, read_toml

if TYPE_CHECKING:  # tomlkit is imported only when a sheet is written (it costs the workbench's start)
    import tomlkit
    from tomlkit.items import Table

HEADER_COMMENT = "jury-tui score sheet: written by the app at every change."


def load_sheet(path: Path, grid: Grid) -> ScoreSheet:
    """Load and validate a sheet against ``grid``; raise :class:`JuryError`."""
    return sheet_from_source(read_toml(Path(path)), grid)


def sheet_from_text(path: Path, text: str, grid: Grid) -> ScoreSheet:
    return sheet_from_source(TomlSource(path, text, parse_toml_text(path, text)), grid)


def sheet_from_source(source: TomlSource, grid: Grid) -> ScoreSheet:
    problems: list[Problem] = []
    sheet = _build(root(source, problems), grid)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise JuryError(errors)
    return sheet


def _known(ids: set[str]) -> str | Msg:
    return ", ".join(sorted(ids)) or Msg(N_("none"))


def integrity_problem(path: Path, sheet: ScoreSheet) -> Problem | None:
    """A submitted sheet whose content no longer matches its digest."""
    if sheet.is_submitted and sheet.content_hash != sheet_digest(sheet):
        return Problem.of(
            path,
            N_("submitted sheet was changed outside jury-tui after submission "
               "(its content no longer matches its recorded hash)"),
            key="sheet.content_hash",
        )
    return None


def _build(top: Fields, grid: Grid) -> ScoreSheet:
    top.unknown_keys({"sheet", "scores", "presented", "answers", "reopenings"})
    meta = top.table("sheet", required=True)
    meta.unknown_keys({
        "format", "session", "candidate", "juror", "grid", "grid_version", "grid_hash",
        "status", "comment", "submitted_at", "submitted_by", "content_hash",
    })
    grid_id = meta.text("grid", required=True)
    version = meta.text("grid_version", required=True)
    grid_hash = meta.text("grid_hash", required=True)
    if grid_id and grid_id != grid.id:
        meta.error("grid", N_('sheet is for grid "{grid}", the session uses "{session_grid}"'), grid=grid_id,
                   session_grid=grid.id)
    elif grid_hash and grid_hash != grid.content_hash:
        meta.error(
            "grid_hash",
            N_("sheet is pinned to grid version {version} ({hash}), "
               "but the grid now is version {grid_version} ({grid_hash}); "
               "restore the grid the sheet was scored with"),
            version=version, hash=grid_hash, grid_version=grid.version, grid_hash=grid.content_hash,
        )

    scores: dict[str, CriterionScore] = {}
    table = top.table("scores")
    known_criteria = [c.id for c in grid.criteria]
    for cid in table.data:
        sf = table.table(cid, display=f"scores.{cid}")
        criterion = grid.criterion(cid)
        if criterion is None:
            sf.error(None, N_('unknown criterion "{criterion}" (known: {known})'), criterion=cid,
                     known=", ".join(known_criteria))
            continue
        sf.unknown_keys({"level", "note", "changed_at"})
        level = sf.text("level") or None
        scale = grid.scale_of(criterion)
        if level is not None and scale.level(level) is None:
            known = ", ".join(lv.id for lv in scale.levels)
            sf.error("level", N_('"{level}" is not a level of scale "{scale}" (known: {known})'), level=level,
                     scale=scale.id, known=known)
            level = None
        scores[cid] = CriterionScore(level, sf.text("note"), sf.datetime("changed_at"))

    presented: set[str] = set()
    pf = top.table("presented")
    known_items = {p.id for p in grid.presentations}
    for item_id in pf.data:
        if item_id not in known_items:
            pf.error(item_id, N_("unknown presentation item (known: {known})"), known=_known(known_items))
        elif pf.boolean(item_id):
            presented.add(item_id)

    answers: dict[str, QuestionAnswer] = {}
    af = top.table("answers")
    known_questions = {q.id for q in grid.questions}
    for qid in af.data:
        qf = af.table(qid)
        if qid not in known_questions:
            qf.error(None, N_("unknown question (known: {known})"), known=_known(known_questions))
            continue
        qf.unknown_keys({"asked", "answer"})
        answers[qid] = QuestionAnswer(qf.boolean("asked"), qf.text("answer"))

    reopenings = []
    for rf in top.tables("reopenings", id_key="by"):
        at = rf.datetime("at")
        if at is not None:
            reopenings.append(Reopening(at, rf.text("by"), rf.text("reason")))

    return ScoreSheet(
        session_id=meta.text("session", required=True),
        candidate_id=meta.text("candidate", required=True),
        juror_id=meta.text("juror", required=True),
        grid_id=grid_id,
        grid_version=version,
        grid_hash=grid_hash,
        scores=scores,
        presented=frozenset(presented),
        answers=answers,
        comment=meta.text("comment"),
        status=meta.choice("status", STATUSES, "draft"),
        submitted_at=meta.datetime("submitted_at"),
        submitted_by=meta.text("submitted_by"),
        content_hash=meta.text("content_hash"),
        reopenings=tuple(reopenings),
    )


def _set(table: Any, key: str, value: Any) -> None:
    """Set or remove a key, leaving the rest of the table (and comments) alone."""
    if value is None or value == "":
        if key in table:
            del table[key]
        return
    if key in table and table[key] == value:
        return
    table[key] = value


def _sub(parent: Any, key: str) -> Table:
    """The table at ``key``, created if missing (or if something else than a table was written there)."""
    import tomlkit
    from tomlkit.items import Table

    value = parent.get(key)
    if not isinstance(value, Table):
        value = tomlkit.table()
        parent[key] = value
    return value


def update_document(doc: tomlkit.TOMLDocument, sheet: ScoreSheet) -> tomlkit.TOMLDocument:
    """Write ``sheet`` into ``doc`` in place, keeping unrelated content."""
    import tomlkit

    if not doc.body:
        doc.add(tomlkit.comment(HEADER_COMMENT))
    meta = _sub(doc, "sheet")
    _set(meta, "format", 1)
    for key, value in (
        ("session", sheet.session_id),
        ("candidate", sheet.candidate_id),
        ("juror", sheet.juror_id),
        ("grid", sheet.grid_id),
        ("grid_version", sheet.grid_version),
        ("grid_hash", sheet.grid_hash),
        ("status", sheet.status),
        ("comment", sheet.comment),
        ("submitted_at", sheet.submitted_at),
        ("submitted_by", sheet.submitted_by),
        ("content_hash", sheet.content_hash),
    ):
        _set(meta, key, value)

    if sheet.scores or "scores" in doc:
        scores = _sub(doc, "scores")
        scores.is_super_table()
        for cid, score in sheet.scores.items():
            entry = _sub(scores, cid)
            _set(entry, "level", score.level)
            _set(entry, "note", score.note)
            _set(entry, "changed_at", score.changed_at)

    if sheet.presented or "presented" in doc:
        presented = _sub(doc, "presented")
        for key in list(presented.keys()):
            if key not in sheet.presented:
                del presented[key]
        for item in sorted(sheet.presented):
            _set(presented, item, True)

    if sheet.answers or "answers" in doc:
        answers = _sub(doc, "answers")
        for qid, answer in sheet.answers.items():
            entry = _sub(answers, qid)
            entry["asked"] = answer.asked
            _set(entry, "answer", answer.answer)

    if sheet.reopenings:
        array = tomlkit.aot()
        for record in sheet.reopenings:
            array.append(tomlkit.item({"at": record.at, "by": record.by, "reason": record.reason}))
        doc["reopenings"] = array
    return doc


def render_sheet(sheet: ScoreSheet) -> str:
    import tomlkit

    return tomlkit.dumps(update_document(tomlkit.document(), sheet))


class SheetFile:
    """One sheet on disk, keeping its tomlkit document between saves."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._doc: tomlkit.TOMLDocument | None = None

    def _document(self) -> tomlkit.TOMLDocument:
        import tomlkit

        if self._doc is None:
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                self._doc = tomlkit.document()
                return self._doc
            try:
                self._doc = tomlkit.parse(raw.decode("utf-8"))
            except (UnicodeDecodeError, tomlkit.exceptions.ParseError):
                # never overwrite what we cannot read: keep a copy beside it
                stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
                write_atomic(self.path.with_name(f"{self.path.name}.unreadable-{stamp}"), raw)
                self._doc = tomlkit.document()
        return self._doc

    def save(self, sheet: ScoreSheet) -> None:
        import tomlkit

        doc = update_document(self._document(), sheet)
        write_atomic(self.path, tomlkit.dumps(doc))


def save_sheet(path: Path, sheet: ScoreSheet) -> None:
    SheetFile(path).save(sheet)

