"""Keep an uploaded roll file between preview and confirm, under the instance folder, by random token."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

#: Files left behind by abandoned previews are deleted after this many seconds.
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def save(folder: Path, data: bytes) -> str:
    """Store the bytes and return an unguessable token naming them (32 URL-safe characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / token).write_bytes(data)
    return token


def load(folder: Path, token: str) -> bytes | None:
    """The stored bytes, or None for an unknown, expired or malformed token (never a path outside `folder`)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = folder / token
    return path.read_bytes() if path.is_file() else None


def discard(folder: Path, token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        (folder / token).unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if _TOKEN.fullmatch(path.name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
