"""Who signs: a juror types their own initials or id, as they would initial a paper PV.

Typing is a deliberate act, unlike picking a line in a list.  Initials are the
first letter of each part of the juror's name (« Claire Martin » → CM,
« Jean-Pierre Dupont » → JPD); case, accents, dots and spaces do not matter.
When two jurors of the jury share initials, only the id identifies them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.session.model import Juror
from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.domain.storage.text import fold

_PARTS = re.compile(r"[\w]+", re.UNICODE)
_NOISE = re.compile(r"[\s.\-_'’]+")


def initials(name: str) -> str:
    """« CM » for « Claire Martin », « JPD » for « Jean-Pierre Dupont »."""
    return "".join(part[0] for part in _PARTS.findall(name) if part[0].isalpha()).upper()


def _key(text: str) -> str:
    return _NOISE.sub("", fold(text.strip()))


def identify_signer(jury: Sequence[Juror], typed: str, deliberation: Deliberation) -> Juror:
    """The juror of ``jury`` whose id or initials were typed; a clear refusal otherwise.

    Refused: nothing typed, no such juror in this candidate's jury, initials
    shared by several jurors (type the id), a juror who already signed.
    """
    key = _key(typed)
    if not key:
        raise JuryError(Problem.of(None, N_("Type your initials or your juror id to sign.")))
    by_id = [j for j in jury if _key(j.id) == key]
    matches = by_id or [j for j in jury if _key(initials(j.name)) == key]
    if not matches:
        raise JuryError(Problem.of(None, N_("No juror of this jury has the initials or id \"{typed}\"."),
                                   typed=typed.strip()))
    if len(matches) > 1:
        raise JuryError(Problem.of(None, N_("Several jurors have the initials \"{typed}\": type your juror id."),
                                   typed=typed.strip()))
    juror = matches[0]
    if deliberation.signoff(juror.id) is not None:
        raise JuryError(Problem.of(None, N_("{name} has already signed: a juror signs once."), name=juror.name))
    return juror
