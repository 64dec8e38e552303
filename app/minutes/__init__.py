"""Biên bản: the zero report, the counting minutes and the meeting minutes, and the check of a paper copy."""
