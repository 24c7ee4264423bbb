"""The grading grid: its model, its TOML loader and the decision rules."""
