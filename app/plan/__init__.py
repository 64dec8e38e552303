"""The election plan (kế hoạch) and its deadline checklist, one row per task and TDP."""
