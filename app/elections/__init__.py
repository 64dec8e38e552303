"""Elections, per-TDP rounds and contests."""
