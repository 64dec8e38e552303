"""The count at the polling station: ballot and bundle entry, double entry, reconciliation, result, lock."""
