"""The `<id:...>` URL converter: a database id that fits PostgreSQL's INTEGER, else 404."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Positive 32-bit ids only, so a huge number in a URL is "not found", never a database error."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def id_schema(_converter) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
