"""Storage: located errors, TOML reading, durable writes, the journal, locks and ids.

The bottom layer: it imports nothing else of the domain."""
