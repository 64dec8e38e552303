"""Candidates (người ứng cử): nomination, vetting by the party cell, consultation, the final list, the election team."""
