"""Ballot printing: print runs, their serials, the per-election signing key, and the ballot ledger."""
