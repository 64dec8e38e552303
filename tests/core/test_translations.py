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


def test_a_language_chosen_with_lang_stays_for_the_session_and_others_keep_vietnamese(app, client):
    """?lang=en switches this session to English (the choice is kept for its next pages); a session that never
    chose stays Vietnamese, and an unknown language changes nothing."""
    assert '<html lang="vi">' in client.get("/setup/").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/setup/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/setup/").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/setup/?lang=xx").get_data(as_text=True)
    assert '<html lang="vi">' in client.get("/setup/?lang=vi").get_data(as_text=True)
    other = app.test_client()
    assert '<html lang="vi">' in other.get("/setup/").get_data(as_text=True)
