"""Agreement statistics between jurors (pure functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence


class AlphaNominal:
    """Krippendorff's alpha for nominal data, accumulated one unit (a candidate) at a time.

    Only counts are kept (how many times each ordered pair of values was
    given within a unit of m values), so an export can stream candidates
    through it without holding them, and partial counts made apart (in
    worker processes) merge into exactly the value a single pass gives.
    """

    def __init__(self) -> None:
        self.pairs: Counter[tuple[str, str, int]] = Counter()
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
                    self.pairs[(a, b, m)] += 1

    def merge(self, other: AlphaNominal) -> None:
        """Add the units ``other`` counted."""
        self.pairs.update(other.pairs)
        self.pairable += other.pairable

    def value(self) -> float | None:
        """The alpha of the units added so far; None when it is undefined."""
        if self.pairable < 2:
            return None
        coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
        for (a, b, m), count in sorted(self.pairs.items()):  # one order, however the counts were gathered
            coincidences[(a, b)] += count / (m - 1)
        totals: defaultdict[str, float] = defaultdict(float)
        for (a, _b), weight in coincidences.items():
            totals[a] += weight
        observed = sum(w for (a, b), w in coincidences.items() if a != b)
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
