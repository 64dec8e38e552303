"""Household-roll import: read a spreadsheet, validate it, diff it against the roll, apply it in one transaction.

The modules go from pure to impure: `reader`, `headers`, `cells`, `validate` and `diff` need neither Flask
nor the database; `services` loads the current roll and builds a preview; `apply` writes it.
"""
