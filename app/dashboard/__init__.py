"""The ward dashboard: one row per TDP, one column per stage, and the ward's headline counters."""
