"""First run: on an empty database every page leads here, to set up the ward and its first admin (or load the demo).

How the permission table covers it: the set-up pages declare the action "setup", Scope.PUBLIC, because on
an empty database nobody can log in yet. They are public only in that state: as soon as any ward exists,
every set-up URL answers 404 (checked before each of its views), so a stranger can never add an admin to a
ward that is running. The permission walk runs in a world that has a ward, so it sees these routes answer
404: "not refused" for everyone, which is what PUBLIC means in the table, and nothing more.
"""
