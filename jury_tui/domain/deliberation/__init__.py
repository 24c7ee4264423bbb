"""The jury's deliberation for one candidate: the model and its file."""
