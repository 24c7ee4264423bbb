"""The whole workspace: where sessions are, lists, check, consolidation, privacy and statistics."""
