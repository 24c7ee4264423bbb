"""Agreement statistics between jurors (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def krippendorff_alpha_nominal(units: Iterable[Sequence[str]]) -> float | None:
    """Krippendorff's alpha for nominal data; None when it is undefined.

    ``units`` holds, per rated item (a candidate), the values the jurors gave.
    Units with fewer than two values carry no information and are ignored.
    """
    coincidences: dict[tuple[str, str], float] = {}
    pairable = 0
    for values in units:
        m = len(values)
        if m < 2:
            continue
        pairable += m
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidences[(a, b)] = coincidences.get((a, b), 0.0) + 1 / (m - 1)
    if pairable < 2:
        return None
    totals: dict[str, float] = {}
    for (a, _b), weight in coincidences.items():
        totals[a] = totals.get(a, 0.0) + weight
    observed = sum(w for (a, b), w in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b) / (pairable - 1)
    if expected == 0:
        return None  # a single category: agreement cannot be told from chance
    return 1 - observed / expected
