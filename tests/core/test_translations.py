"""The English catalogue stays a catalogue the tools accept: parallel branches append to it and git merges it
with merge=union, which can leave one msgid twice; msgfmt refuses such a file (and pybabel keeps the first)."""

from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[2] / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _msgids(text: str) -> list[str]:
    ids, current, in_id = [], [], False
    for line in text.splitlines():
        if line.startswith("msgid "):
            current, in_id = [line[6:]], True
        elif in_id and line.startswith('"'):
            current.append(line)
        elif in_id:
            ids.append("".join(current))
            in_id = False
    return [i for i in ids if i != '""']


def test_no_message_is_defined_twice():
    twice = [m for m, n in Counter(_msgids(PO.read_text(encoding="utf-8"))).items() if n > 1]
    assert twice == [], f"defined more than once in {PO.name}: {twice[:10]}"


def test_the_catalogue_parses_and_every_entry_has_an_english_text():
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    empty = [m.id for m in catalog if m.id and not m.string]
    assert len(catalog) > 1000
    assert empty == [], f"untranslated: {empty[:10]}"
