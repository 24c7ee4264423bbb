"""Load and validate a grading grid TOML file into a :class:`Grid`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from jury_tui.domain.grid.model import (
    RULE_KINDS,
    Competency,
    Criterion,
    DecisionRule,
    Evaluation,
    Grid,
    JuryQuestion,
    JuryRules,
    Level,
    Outcomes,
    Phase,
    PresentationItem,
    Scale,
)
from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.domain.storage.fields import Fields, root
from jury_tui.domain.storage.tomlsource import TomlSource, read_toml

TOP_KEYS = {
    "grid", "certification", "evaluation", "scales", "competencies", "criteria",
    "presentations", "questions", "defence", "decision", "jury",
}


def content_hash(data: dict[str, Any]) -> str:
    """A hash of the grid's meaning, insensitive to comments and layout."""

    def default(value: object) -> str:
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return value.isoformat()
        raise TypeError(type(value).__name__)

    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=default)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def load_grid(path: Path) -> Grid:
    """Read ``path`` and return the grid, or raise :class:`JuryError`."""
    return grid_from_source(read_toml(Path(path)))


def grid_from_source(source: TomlSource) -> Grid:
    problems: list[Problem] = []
    grid = _build(root(source, problems))
    errors = [p for p in problems if p.severity == "error"]
    if errors or grid is None:
        raise JuryError(errors or [Problem.of(source.path, N_("not a grid"))])
    return grid


def grid_warnings(source: TomlSource) -> list[Problem]:
    problems: list[Problem] = []
    _build(root(source, problems))
    return [p for p in problems if p.severity == "warning"]


_DUPLICATES = {
    "level": N_('duplicate level id "{id}"'),
    "scale": N_('duplicate scale id "{id}"'),
    "competency": N_('duplicate competency id "{id}"'),
    "criterion": N_('duplicate criterion id "{id}"'),
    "presentation item": N_('duplicate presentation item id "{id}"'),
    "question": N_('duplicate question id "{id}"'),
    "phase": N_('duplicate phase id "{id}"'),
}


def _unique(fields: Fields, key: str, seen: set[str], ident: str, what: str) -> bool:
    if ident in seen:
        fields.error(key, _DUPLICATES[what], id=ident)
        return False
    seen.add(ident)
    return True


def _build(top: Fields) -> Grid | None:
    top.unknown_keys(TOP_KEYS)
    meta = top.table("grid", required=True)
    meta.unknown_keys({"id", "title", "version", "language", "certification_code"})
    grid_id = meta.text("id", required=True)
    title = meta.text("title", required=True)
    version = meta.text("version", required=True)
    language = meta.text("language", "fr")
    code = meta.text("certification_code")

    cert = top.table("certification")
    cert.unknown_keys({"audience", "prerequisites", "prerequisites_check", "disability_policy", "accommodations"})
    evaluation = None
    if top.has("evaluation"):
        ev = top.table("evaluation")
        ev.unknown_keys({"id", "title", "text"})
        evaluation = Evaluation(ev.text("id", required=True), ev.text("title", required=True), ev.text("text"))

    scales = _scales(top)
    competencies = _competencies(top)
    criteria = _criteria(top, scales, competencies)
    presentations = _presentations(top)
    questions = _questions(top)
    phases = _phases(top)
    rules, outcomes = _decision(top, scales, criteria)
    jury_rules = _jury_rules(top)

    return Grid(
        id=grid_id,
        title=title,
        version=version,
        language=language,
        certification_code=code,
        content_hash=content_hash(top.data),
        scales=scales,
        competencies=tuple(competencies),
        criteria=tuple(criteria),
        presentations=tuple(presentations),
        questions=tuple(questions),
        phases=tuple(phases),
        rules=rules,
        outcomes=outcomes,
        jury_rules=jury_rules,
        evaluation=evaluation,
        audience=cert.text("audience"),
        prerequisites=cert.text("prerequisites"),
        prerequisites_check=cert.text("prerequisites_check"),
        disability_policy=cert.text("disability_policy"),
        accommodations=cert.strings("accommodations"),
    )


def _scales(top: Fields) -> dict[str, Scale]:
    scales: dict[str, Scale] = {}
    for sf in top.tables("scales", required=True):
        sf.unknown_keys({"id", "label", "levels"})
        sid = sf.text("id", required=True)
        levels: list[Level] = []
        ids: set[str] = set()
        keys: set[str] = set()
        for lf in sf.tables("levels", required=True):
            lf.unknown_keys({"id", "key", "label", "symbol", "points", "achieved"})
            lid = lf.text("id", required=True)
            key = lf.text("key", required=True)
            if key and (len(key) != 1 or not key.isalnum()):
                lf.error("key", N_('expected one letter or digit, found "{value}"'), value=key)
            elif key and key in keys:
                lf.error("key", N_('key "{value}" is already used by another level of this scale'), value=key)
            keys.add(key)
            if lid and not _unique(lf, "id", ids, lid, "level"):
                continue
            levels.append(
                Level(
                    id=lid,
                    key=key,
                    label=lf.text("label", required=True),
                    symbol=lf.text("symbol"),
                    points=lf.number("points", 0.0),
                    achieved=lf.boolean("achieved", required=True),
                )
            )
        if len(levels) < 2:
            sf.error("levels", N_("a scale needs at least two levels"))
        elif not any(lv.achieved for lv in levels):
            sf.error("levels", N_("no level counts as achieved (set achieved = true on one)"))
        if sid in scales:
            sf.error("id", _DUPLICATES["scale"], id=sid)
            continue
        scales[sid] = Scale(sid, sf.text("label", sid), tuple(levels))
    return scales


def _competencies(top: Fields) -> list[Competency]:
    result: list[Competency] = []
    seen: set[str] = set()
    for cf in top.tables("competencies", required=True):
        cf.unknown_keys({"id", "title", "text"})
        cid = cf.text("id", required=True)
        if cid and _unique(cf, "id", seen, cid, "competency"):
            result.append(Competency(cid, cf.text("text", required=True), cf.text("title")))
    return result


def _known(ids: list[str] | set[str]) -> str:
    ordered = list(ids)
    if len(ordered) > 6:
        return f"{ordered[0]}…{ordered[-1]}"
    return ", ".join(ordered)


def _criteria(top: Fields, scales: dict[str, Scale], competencies: list[Competency]) -> list[Criterion]:
    result: list[Criterion] = []
    seen: set[str] = set()
    comp_ids = [c.id for c in competencies]
    default_scale = next(iter(scales), "")
    for cf in top.tables("criteria", required=True):
        cf.unknown_keys({"id", "competency", "title", "text", "indicators", "scale", "weight", "required"})
        cid = cf.text("id", required=True)
        competency = cf.text("competency", required=True)
        if competency and competency not in comp_ids:
            cf.error("competency", N_('unknown competency "{competency}" (known: {known})'), competency=competency,
                     known=_known(comp_ids))
        scale = cf.text("scale", default_scale)
        if scale and scale not in scales:
            cf.error("scale", N_('unknown scale "{scale}" (known: {known})'), scale=scale, known=_known(list(scales)))
        if cid and _unique(cf, "id", seen, cid, "criterion"):
            result.append(
                Criterion(
                    id=cid,
                    competency=competency,
                    title=cf.text("title", cid),
                    text=cf.text("text", required=True),
                    indicators=cf.strings("indicators"),
                    scale=scale,
                    weight=cf.number("weight", 1.0, minimum=0.0),
                    required=cf.boolean("required", True),
                )
            )
    return result


def _presentations(top: Fields) -> list[PresentationItem]:
    result: list[PresentationItem] = []
    seen: set[str] = set()
    for pf in top.tables("presentations"):
        pf.unknown_keys({"id", "text", "required"})
        pid = pf.text("id", required=True)
        if pid and _unique(pf, "id", seen, pid, "presentation item"):
            result.append(PresentationItem(pid, pf.text("text", required=True), pf.boolean("required", False)))
    return result


def _questions(top: Fields) -> list[JuryQuestion]:
    result: list[JuryQuestion] = []
    seen: set[str] = set()
    for qf in top.tables("questions"):
        qf.unknown_keys({"id", "text", "optional", "topic"})
        qid = qf.text("id", required=True)
        if qid and _unique(qf, "id", seen, qid, "question"):
            result.append(JuryQuestion(qid, qf.text("text", required=True), qf.boolean("optional", True), qf.text("topic")))
    return result


def _phases(top: Fields) -> list[Phase]:
    defence = top.table("defence")
    defence.unknown_keys({"phases"})
    result: list[Phase] = []
    seen: set[str] = set()
    for pf in defence.tables("phases"):
        pf.unknown_keys({"id", "label", "minutes"})
        pid = pf.text("id", required=True)
        minutes = pf.number("minutes", 0.0, required=True)
        if isinstance(pf.data.get("minutes"), (int, float)) and minutes <= 0:
            pf.error("minutes", N_("must be more than 0, found {value}"), value=minutes)
        if pid and _unique(pf, "id", seen, pid, "phase"):
            result.append(Phase(pid, pf.text("label", pid), minutes))
    return result


def _decision(top: Fields, scales: dict[str, Scale], criteria: list[Criterion]) -> tuple[tuple[DecisionRule, ...], Outcomes]:
    decision = top.table("decision")
    decision.unknown_keys({"rules", "outcomes"})
    rules: list[DecisionRule] = []
    max_points = sum(scales[c.scale].max_points * c.weight for c in criteria if c.scale in scales)
    for rf in decision.tables("rules", id_key="kind"):
        rf.unknown_keys({"kind", "threshold", "min_ratio"})
        kind = rf.choice("kind", RULE_KINDS, "all_required_achieved", required=True)
        threshold = rf.number("threshold", 0.0, required=kind == "points_at_least", minimum=0.0)
        if kind == "points_at_least" and threshold > max_points:
            rf.error("threshold", N_("{threshold} can never be reached: the grid's maximum is {max_points} points"),
                     threshold=threshold, max_points=max_points)
        min_ratio = rf.number("min_ratio", 1.0, minimum=0.0)
        if min_ratio > 1:
            rf.error("min_ratio", N_("must be between 0 and 1, found {value}"), value=min_ratio)
        rules.append(DecisionRule(kind, threshold, min_ratio))
    of = decision.table("outcomes")
    of.unknown_keys({"achieved", "not_achieved", "incomplete"})
    base = Outcomes()
    outcomes = Outcomes(
        of.text("achieved", base.achieved),
        of.text("not_achieved", base.not_achieved),
        of.text("incomplete", base.incomplete),
    )
    return (tuple(rules) or (DecisionRule("all_required_achieved"),)), outcomes


def _jury_rules(top: Fields) -> JuryRules:
    jf = top.table("jury")
    jf.unknown_keys({"min_jurors", "president_required", "min_external_ratio"})
    ratio = jf.number("min_external_ratio", 0.0, minimum=0.0)
    if ratio > 1:
        jf.error("min_external_ratio", N_("must be between 0 and 1, found {value}"), value=ratio)
    return JuryRules(
        min_jurors=jf.integer("min_jurors", 1, minimum=1),
        president_required=jf.boolean("president_required", False),
        min_external_ratio=ratio,
    )
