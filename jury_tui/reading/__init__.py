"""Reading many sessions fast: a cache of parsed files and a process pool.

The consolidation (:mod:`jury_tui.domain.workspace.consolidate`) reads every
sheet and deliberation of every session.  This package makes that cheap at a
national certifier's scale without changing what it finds:

- :mod:`.cache` keeps parsed files in the user's cache folder, keyed by the
  SHA-256 of their bytes (a changed file is simply not found);
- :mod:`.pool` consolidates batches of candidates in worker processes, in the
  same order as a serial run.

:func:`reader` gives what the export should use.
"""

from __future__ import annotations

from jury_tui.reading.pool import Reader, reader

__all__ = ["Reader", "reader"]
