"""Read and write ``deliberation/<candidate-id>.toml``."""

from __future__ import annotations

from pathlib import Path

from jury_tui.domain.deliberation.model import (
    OUTCOMES,
    Deliberation,
    Settlement,
    SignOff,
    unsigned_content,
)
from jury_tui.domain.sheet.model import Reopening
from jury_tui.domain.storage.durable import write_atomic
from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.domain.storage.fields import root
from jury_tui.domain.storage.tomlsource import TomlSource, read_toml


def load_deliberation(path: Path) -> Deliberation:
    return deliberation_from_source(read_toml(Path(path)))


def deliberation_from_source(source: TomlSource) -> Deliberation:
    problems: list[Problem] = []
    top = root(source, problems)
    meta = top.table("deliberation", required=True)
    based = top.table("based_on")
    settlements = {}
    levels = top.table("levels")
    for cid in levels.data:
        entry = levels.table(cid)
        settlements[cid] = Settlement(entry.text("level") or None, entry.text("reason"))
    signoffs = []
    for sf in top.tables("signoffs", id_key="juror"):
        at = sf.datetime("at")
        if at is not None:
            signoffs.append(SignOff(sf.text("juror", required=True), at, sf.text("record_hash")))
    reopenings = []
    for rf in top.tables("reopenings", id_key="by"):
        at = rf.datetime("at")
        if at is not None:
            reopenings.append(Reopening(at, rf.text("by"), rf.text("reason")))
    outcome = meta.text("final_outcome")
    if outcome and outcome not in OUTCOMES:
        meta.error("final_outcome", N_('unknown outcome "{outcome}" (expected one of: {choices})'), outcome=outcome,
                   choices=", ".join(OUTCOMES))
    deliberation = Deliberation(
        session_id=meta.text("session", required=True),
        candidate_id=meta.text("candidate", required=True),
        grid_hash=meta.text("grid_hash", required=True),
        based_on={j: based.text(j) for j in based.data},
        settlements=settlements,
        final_outcome=outcome,
        motivation=meta.text("motivation"),
        signoffs=tuple(signoffs),
        content_hash=meta.text("content_hash"),
        reopenings=tuple(reopenings),
    )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise JuryError(errors)
    return deliberation


def save_deliberation(path: Path, deliberation: Deliberation) -> None:
    import tomlkit  # only when writing: it costs the workbench's start

    doc = tomlkit.document()
    doc.add(tomlkit.comment("jury-tui deliberation: the jury's decision for one candidate."))
    meta = tomlkit.table()
    meta["session"] = deliberation.session_id
    meta["candidate"] = deliberation.candidate_id
    meta["grid_hash"] = deliberation.grid_hash
    meta["final_outcome"] = deliberation.final_outcome
    meta["motivation"] = deliberation.motivation
    if deliberation.content_hash:
        meta["content_hash"] = deliberation.content_hash
    doc["deliberation"] = meta
    doc["based_on"] = dict(deliberation.based_on)
    levels = tomlkit.table(is_super_table=True)
    for cid, settlement in deliberation.settlements.items():
        entry = tomlkit.table()
        if settlement.level:
            entry["level"] = settlement.level
        if settlement.reason:
            entry["reason"] = settlement.reason
        levels[cid] = entry
    doc["levels"] = levels
    if deliberation.signoffs:
        array = tomlkit.aot()
        for signoff in deliberation.signoffs:
            array.append(tomlkit.item({"juror": signoff.juror, "at": signoff.at, "record_hash": signoff.record_hash}))
        doc["signoffs"] = array
    if deliberation.reopenings:
        reopenings = tomlkit.aot()
        for record in deliberation.reopenings:
            reopenings.append(tomlkit.item({"at": record.at, "by": record.by, "reason": record.reason}))
        doc["reopenings"] = reopenings
    write_atomic(path, tomlkit.dumps(doc))


def integrity_problem(path: Path, deliberation: Deliberation) -> Problem | None:
    """A signed deliberation whose content no longer matches what was signed."""
    if unsigned_content(deliberation):
        return Problem.of(
            path,
            N_("signed deliberation was changed outside jury-tui (its content no longer matches "
               "the hash its signatures cover)"),
            key="deliberation.content_hash",
        )
    return None
