"""Read the parts of a grid that give it its structure: blocks, evaluations, decision rules.

Used by :mod:`jury_tui.domain.grid.loader`.  Each function reads one part of
the parsed TOML through a :class:`Fields` view, records every problem it
finds at the right line, and returns what could be read, so that a
certifier sees every mistake of a file in one ``jury-tui check``.

Both shapes of the format are read here: the first one (``[evaluation]``
and ``[[defence.phases]]``, no blocks) becomes one evaluation assessing every
criterion, so a grid written before blocks and evaluations existed means
exactly what it meant.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jury_tui.domain.grid.model import (
    EACH_BLOCK,
    EVALUATION_KINDS,
    GRID_SCOPE,
    RULE_KINDS,
    Block,
    Competency,
    Criterion,
    DecisionRule,
    Evaluation,
    Outcomes,
    Phase,
    Scale,
)
from jury_tui.domain.storage.fields import Fields
from jury_tui.i18n import N_

# which keys each kind of rule reads (besides kind and scope)
_RULE_KEYS = {
    "all_required_achieved": frozenset(),
    "criteria_achieved": frozenset({"min_ratio"}),
    "competencies_achieved": frozenset({"min_ratio"}),
    "points_at_least": frozenset({"threshold", "percent"}),
    "no_criterion_below": frozenset({"level", "scale"}),
}
_ALL_RULE_KEYS = {"kind", "scope"} | {key for keys in _RULE_KEYS.values() for key in keys}


def known_list(ids: Iterable[str]) -> str:
    """« B1, B2, B3 »: ids listed in an error message (the first and last of a long list)."""
    ordered = list(ids)
    if not ordered:
        return "—"
    if len(ordered) > 8:
        return f"{', '.join(ordered[:3])} … {ordered[-1]}"
    return ", ".join(ordered)


def entries(top: Fields, key: str) -> list[tuple[str, Fields]]:
    """The id and a view of each table of an array the loader has already read (no problem recorded twice)."""
    value = top.data.get(key)
    result: list[tuple[str, Fields]] = []
    if not isinstance(value, list):
        return result
    for index, item in enumerate(value):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            ident = item["id"]
            result.append((ident, Fields(top.source, item, (key, index), f"{key}[{ident}]", top.problems)))
    return result


# -- blocks -------------------------------------------------------------------
def read_blocks(top: Fields) -> list[Block]:
    """``[[blocks]]``: id, title, optional official code and text."""
    result: list[Block] = []
    seen: set[str] = set()
    for bf in top.tables("blocks"):
        bf.unknown_keys({"id", "title", "code", "text"})
        block_id = bf.text("id", required=True)
        title = bf.text("title", required=True)
        if not block_id:
            continue
        if block_id in seen:
            bf.error("id", N_('duplicate block id "{id}"'), id=block_id)
            continue
        seen.add(block_id)
        result.append(Block(block_id, title, bf.text("code"), bf.text("text")))
    return result


def check_competency_blocks(top: Fields, competencies: Sequence[Competency], blocks: Sequence[Block]) -> None:
    """With blocks, each competency names one of them; without, none does."""
    block_ids = [b.id for b in blocks]
    views = dict(entries(top, "competencies"))
    for competency in competencies:
        cf = views.get(competency.id)
        if cf is None:
            continue
        block = competency.block
        if block and block not in block_ids:
            if block_ids:
                cf.error("block", N_('unknown block "{block}" (known: {known})'), block=block,
                         known=known_list(block_ids))
            else:
                cf.error("block", N_('unknown block "{block}": this grid declares no [[blocks]]'), block=block)
        elif not block and block_ids:
            cf.error("block", N_("missing: this grid has blocks, say which one groups this competency "
                                 "(known: {known})"), known=known_list(block_ids))
    used = {c.block for c in competencies}
    for block_id, bf in entries(top, "blocks"):
        if block_id and block_id not in used:
            bf.warn("id", N_('block "{block}" groups no competency (give a competency block = "{block}")'),
                    block=block_id)


# -- evaluations ----------------------------------------------------------------
def read_phases(parent: Fields) -> tuple[Phase, ...]:
    """``phases``: the timed phases of an evaluation (or of the first format's ``[defence]``)."""
    result: list[Phase] = []
    seen: set[str] = set()
    for pf in parent.tables("phases"):
        pf.unknown_keys({"id", "label", "minutes"})
        phase_id = pf.text("id", required=True)
        minutes = pf.number("minutes", 0.0, required=True)
        if isinstance(pf.data.get("minutes"), (int, float)) and minutes <= 0:
            pf.error("minutes", N_("must be more than 0, found {value}"), value=minutes)
        if not phase_id:
            continue
        if phase_id in seen:
            pf.error("id", N_('duplicate phase id "{id}"'), id=phase_id)
            continue
        seen.add(phase_id)
        result.append(Phase(phase_id, pf.text("label", phase_id), minutes))
    return tuple(result)


def read_evaluations(top: Fields, criteria: Sequence[Criterion]) -> tuple[Evaluation, ...]:
    """``[[evaluations]]``, or the first format's ``[evaluation]`` with ``[[defence.phases]]``."""
    all_ids = tuple(c.id for c in criteria)
    if not top.has("evaluations"):
        return (_legacy_evaluation(top, all_ids),)
    if top.has("evaluation"):
        top.error("evaluation", N_("use either [evaluation] (one evaluation) or [[evaluations]] (several), not both"))
    if top.has("defence"):
        top.error("defence", N_("with [[evaluations]], give each evaluation its own phases "
                                "([[evaluations.phases]]) instead of [[defence.phases]]"))
    tables = list(top.tables("evaluations", required=True))
    result: list[Evaluation] = []
    seen: set[str] = set()
    for ef in tables:
        ef.unknown_keys({"id", "title", "text", "kind", "criteria", "phases"})
        evaluation_id = ef.text("id", required=True)
        title = ef.text("title", required=True)
        kind = _kind(ef)
        if not ef.has("criteria") and len(tables) > 1:
            ef.error("criteria", N_("missing: with several evaluations, list the criteria this one assesses "
                                    "(known: {known})"), known=known_list(all_ids))
        assessed = _criterion_refs(ef, "criteria", all_ids) if ef.has("criteria") else all_ids
        phases = read_phases(ef)
        if not evaluation_id:
            continue
        if evaluation_id in seen:
            ef.error("id", N_('duplicate evaluation id "{id}"'), id=evaluation_id)
            continue
        seen.add(evaluation_id)
        result.append(Evaluation(evaluation_id, title, ef.text("text"), kind, phases, assessed))
    if result:
        covered = {cid for e in result for cid in e.criteria}
        for cid, cf in entries(top, "criteria"):
            if cid in all_ids and cid not in covered:
                cf.error(None, N_('criterion "{criterion}" is assessed by no evaluation: list it in the criteria '
                                  'of one of the [[evaluations]] ({known})'),
                         criterion=cid, known=known_list(e.id for e in result))
    return tuple(result)


def _legacy_evaluation(top: Fields, all_ids: tuple[str, ...]) -> Evaluation:
    defence = top.table("defence")
    defence.unknown_keys({"phases"})
    phases = read_phases(defence)
    if not top.has("evaluation"):
        return Evaluation("", "", phases=phases, criteria=all_ids)
    ev = top.table("evaluation")
    ev.unknown_keys({"id", "title", "text", "kind"})
    return Evaluation(ev.text("id", required=True), ev.text("title", required=True), ev.text("text"),
                      _kind(ev), phases, all_ids)


def _kind(ef: Fields) -> str:
    kind = ef.text("kind")
    if kind and kind not in EVALUATION_KINDS:
        ef.error("kind", N_('unknown kind "{kind}" (expected one of: {known})'), kind=kind,
                 known=", ".join(EVALUATION_KINDS))
        return ""
    return kind


def _criterion_refs(fields: Fields, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    """A list of criterion ids, each one checked, in the grid's order, without repeats."""
    named = fields.strings(key)
    for cid in named:
        if cid not in known:
            fields.error(key, N_('unknown criterion "{criterion}" (known: {known})'), criterion=cid,
                         known=known_list(known))
    repeated = sorted({cid for cid in named if named.count(cid) > 1})
    if repeated:
        fields.warn(key, N_("listed more than once: {criteria}"), criteria=", ".join(repeated))
    return tuple(cid for cid in known if cid in named)


def read_question_criteria(qf: Fields, criteria: Sequence[Criterion]) -> tuple[str, ...]:
    """A question's ``criteria``: the criteria its answer informs."""
    return _criterion_refs(qf, "criteria", tuple(c.id for c in criteria)) if qf.has("criteria") else ()


# -- decision -----------------------------------------------------------------
def read_decision(top: Fields, scales: dict[str, Scale], criteria: Sequence[Criterion],
                  competencies: Sequence[Competency], blocks: Sequence[Block],
                  ) -> tuple[tuple[DecisionRule, ...], Outcomes]:
    decision = top.table("decision")
    decision.unknown_keys({"rules", "outcomes"})
    rules = [rule for rf in decision.tables("rules", id_key="kind")
             if (rule := _rule(rf, scales, criteria, competencies, blocks)) is not None]
    if not rules:
        rules = [DecisionRule("all_required_achieved", scope=EACH_BLOCK if blocks else GRID_SCOPE)]
    of = decision.table("outcomes")
    of.unknown_keys({"achieved", "not_achieved", "incomplete", "partial"})
    base = Outcomes()
    outcomes = Outcomes(
        of.text("achieved", base.achieved),
        of.text("not_achieved", base.not_achieved),
        of.text("incomplete", base.incomplete),
        of.text("partial", base.partial),
    )
    return tuple(rules), outcomes


def _rule(rf: Fields, scales: dict[str, Scale], criteria: Sequence[Criterion],
          competencies: Sequence[Competency], blocks: Sequence[Block]) -> DecisionRule | None:
    rf.unknown_keys(_ALL_RULE_KEYS)
    kind = rf.choice("kind", RULE_KINDS, "all_required_achieved", required=True)
    for key in sorted(set(rf.data) & (_ALL_RULE_KEYS - {"kind", "scope"} - _RULE_KEYS[kind])):
        rf.warn(key, N_('not used by a rule of kind "{kind}" (it reads: {keys})'), kind=kind,
                keys=", ".join(sorted(_RULE_KEYS[kind])) or "—")
    scope = _scope(rf, blocks)
    block_ids = {b.id for b in blocks}
    members = {c.id: c.block for c in competencies}

    def scope_criteria(block_id: str | None) -> list[Criterion]:
        return [c for c in criteria if block_id is None or members.get(c.competency) == block_id]

    groups: list[tuple[str | None, list[Criterion]]] = (
        [(None, scope_criteria(None))] if scope == GRID_SCOPE else
        [(b.id, scope_criteria(b.id)) for b in blocks if scope in (EACH_BLOCK, b.id)])
    min_ratio = rf.number("min_ratio", 1.0, minimum=0.0)
    if min_ratio > 1:
        rf.error("min_ratio", N_("must be between 0 and 1, found {value}"), value=min_ratio)
        min_ratio = 1.0
    rule = DecisionRule(kind, min_ratio=min_ratio, scope=scope if scope in block_ids | {EACH_BLOCK} else GRID_SCOPE)
    if kind == "points_at_least":
        return _points_rule(rf, rule, scales, groups)
    if kind == "no_criterion_below":
        return _level_rule(rf, rule, scales, groups)
    return rule


def _scope(rf: Fields, blocks: Sequence[Block]) -> str:
    scope = rf.text("scope", GRID_SCOPE)
    known = [b.id for b in blocks]
    if scope == GRID_SCOPE or scope in known:
        return scope
    if scope == EACH_BLOCK and known:
        return scope
    if not known:
        rf.error("scope", N_('unknown scope "{scope}": this grid has no [[blocks]], so rules apply to the whole '
                             'grid (scope = "grid")'), scope=scope)
    else:
        rf.error("scope", N_('unknown scope "{scope}" (expected "grid", "blocks" or a block id: {known})'),
                 scope=scope, known=known_list(known))
    return GRID_SCOPE


def _points_rule(rf: Fields, rule: DecisionRule, scales: dict[str, Scale],
                 groups: list[tuple[str | None, list[Criterion]]]) -> DecisionRule:
    def maximum(members: list[Criterion]) -> float:
        return sum(scales[c.scale].max_points * c.weight for c in members if c.scale in scales)

    if rf.has("threshold") and rf.has("percent"):
        rf.error("percent", N_("give either threshold (points) or percent (of the maximum), not both"))
    if rf.has("percent"):
        percent = rf.number("percent", 0.0, minimum=0.0)
        if percent > 100:
            rf.error("percent", N_("must be between 0 and 100, found {value}"), value=percent)
            percent = 100.0
        return DecisionRule(rule.kind, min_ratio=rule.min_ratio, scope=rule.scope, percent=percent)
    threshold = rf.number("threshold", 0.0, required=True, minimum=0.0)
    for block_id, members in groups:
        top = maximum(members)
        if threshold > top:
            if block_id is None:
                rf.error("threshold", N_("{threshold} can never be reached: the grid's maximum is {max_points} "
                                         "points"), threshold=threshold, max_points=top)
            else:
                rf.error("threshold", N_("{threshold} can never be reached: block {block}'s maximum is "
                                         "{max_points} points"), threshold=threshold, block=block_id, max_points=top)
    return DecisionRule(rule.kind, threshold, rule.min_ratio, rule.scope)


def _level_rule(rf: Fields, rule: DecisionRule, scales: dict[str, Scale],
                groups: list[tuple[str | None, list[Criterion]]]) -> DecisionRule | None:
    level_id = rf.text("level", required=True)
    scale_id = rf.text("scale")
    if not level_id:
        return None
    if scale_id:
        if scale_id not in scales:
            rf.error("scale", N_('unknown scale "{scale}" (known: {known})'), scale=scale_id,
                     known=known_list(scales))
            return None
        if scales[scale_id].level(level_id) is None:
            rf.error("level", N_('"{level}" is not a level of scale "{scale}" (known: {known})'), level=level_id,
                     scale=scale_id, known=known_list(lv.id for lv in scales[scale_id].levels))
            return None
    else:
        owners = [s.id for s in scales.values() if s.level(level_id) is not None]
        if not owners:
            known = sorted({lv.id for s in scales.values() for lv in s.levels})
            rf.error("level", N_('unknown level "{level}" (known: {known})'), level=level_id, known=known_list(known))
            return None
        if len(owners) > 1:
            rf.error("level", N_('level "{level}" exists in scales {scales}: say which one with scale = "…"'),
                     level=level_id, scales=", ".join(owners))
            return None
        scale_id = owners[0]
    scale = scales[scale_id]
    floor = scale.level(level_id)
    assert floor is not None
    if not any(lv.points < floor.points for lv in scale.levels):
        rf.warn("level", N_('no level of scale "{scale}" is worth fewer points than "{level}": this rule can '
                            'never fail (levels are compared by their points)'), scale=scale_id, level=level_id)
    if not any(c.scale == scale_id for _block, members in groups for c in members):
        rf.warn("scale", N_('no criterion in the rule\'s scope uses scale "{scale}": this rule can never fail'),
                scale=scale_id)
    return DecisionRule(rule.kind, min_ratio=rule.min_ratio, scope=rule.scope, level=level_id, scale=scale_id)
