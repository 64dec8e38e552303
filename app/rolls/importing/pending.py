"""The one file a user has uploaded and not yet confirmed or cancelled: kept in the session between preview and
confirm (the roll import, the ward's TDP list import)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask import abort, session
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from app.rolls.importing import uploads


class PendingUpload:
    """The pending upload stored under session key `key`, its bytes in `folder()` (read per request: the folder
    comes from the app's config)."""

    def __init__(self, key: str, folder: Callable[[], Path]):
        self.key = key
        self.folder = folder

    def keep(self, file: FileStorage, **details) -> str:
        """Keep `file` for this user in place of any earlier one, with `details` for the preview; its token."""
        self.forget()
        session[self.key] = {"token": uploads.save(self.folder(), file.read()), "name": file.filename,
                             "user": current_user.id, **details}
        return session[self.key]["token"]

    def get(self, token: str) -> tuple[dict, bytes]:
        """The pending upload's details (the session's own dict: set `session.modified` after changing it) and
        its bytes; 404 unless `token` names this user's file and the file is still there."""
        pending = session.get(self.key)
        if not pending or pending["token"] != token or pending["user"] != current_user.id:
            abort(404)
        data = uploads.load(self.folder(), token)
        if data is None:
            abort(404)
        return pending, data

    def forget(self) -> None:
        """Drop the pending upload, file included (nothing happens when there is none)."""
        pending = session.pop(self.key, None)
        if pending:
            uploads.discard(self.folder(), pending["token"])
