"""Agreement statistics between jurors (pure functions)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence


class AlphaNominal:
    """Krippendorff's alpha for nominal data, accumulated one unit (a candidate) at a time.

    Only the coincidence matrix is kept, so an export can stream candidates
    through it without holding them.
    """

    def __init__(self) -> None:
        self.coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
        self.pairable = 0

    def add(self, values: Sequence[str]) -> None:
        """The values the jurors gave one unit; a unit with fewer than two values carries no information."""
        m = len(values)
        if m < 2:
            return
        self.pairable += m
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    self.coincidences[(a, b)] += 1 / (m - 1)

    def value(self) -> float | None:
        """The alpha of the units added so far; None when it is undefined."""
        if self.pairable < 2:
            return None
        totals: defaultdict[str, float] = defaultdict(float)
        for (a, _b), weight in self.coincidences.items():
            totals[a] += weight
        observed = sum(w for (a, b), w in self.coincidences.items() if a != b)
        expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (self.pairable - 1)
        if expected == 0:
            return None  # a single category: agreement cannot be told from chance
        return 1 - observed / expected


def krippendorff_alpha_nominal(units: Iterable[Sequence[str]]) -> float | None:
    """Krippendorff's alpha for nominal data; None when it is undefined.

    ``units`` holds, per rated item (a candidate), the values the jurors gave.
    Units with fewer than two values carry no information and are ignored.
    """
    alpha = AlphaNominal()
    for values in units:
        alpha.add(values)
    return alpha.value()
