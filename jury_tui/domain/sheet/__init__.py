"""A juror's score sheet: the model, its files and the keeper that saves every edit."""
