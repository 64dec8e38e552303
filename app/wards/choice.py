"""The one ward a command-line command acts on: the only ward, or the one named by --ward."""

from __future__ import annotations

import click
from sqlalchemy import select

from app.extensions import db
from app.rules import fold
from app.wards.models import Ward


def one_ward(name: str | None) -> Ward:
    """The ward named `name` (with or without "Phường", tones and case ignored), or the only ward when no
    name is given. Raises click.UsageError listing the wards otherwise."""
    wards = list(db.session.scalars(select(Ward).order_by(Ward.id)))
    if name:
        wards = [w for w in wards if fold(w.name) in (fold(name), fold("Phường " + name))]
    if len(wards) != 1:
        known = (", ".join(w.name for w in db.session.scalars(select(Ward).order_by(Ward.id)))
                 or "chưa có phường nào (hãy mở ứng dụng để thiết lập phường, hoặc chạy `flask --app wsgi ward create`)")
        raise click.UsageError(f"Hãy chỉ rõ phường bằng --ward (các phường: {known}).")
    return wards[0]
