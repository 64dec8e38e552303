"""Candidates: nomination, vetting, consultation, the final list, the election team."""
