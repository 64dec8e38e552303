"""Checklist attachments on disk: random names under one folder, never a path the user chose."""

from __future__ import annotations

import mimetypes
import re
import secrets
import unicodedata
from pathlib import Path

_KEY = re.compile(r"[A-Za-z0-9_-]{32}")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")
DEFAULT_NAME = "tep-dinh-kem"
#: Types served as themselves; anything else (HTML, SVG, XML, scripts…) is served as octet-stream, so a browser
#: saves it instead of rendering it.
SAFE_TYPES = frozenset({
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv",
    "application/msword", "application/vnd.ms-excel", "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
})


def save(folder: Path, data: bytes) -> str:
    """Write the bytes under a new unguessable key (32 URL-safe characters) and return the key."""
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(24)
    (folder / key).write_bytes(data)
    return key


def path_for(folder: Path, key: str | None) -> Path | None:
    """The stored file, or None for a missing or malformed key (never a path outside `folder`)."""
    if not key or not _KEY.fullmatch(key):
        return None
    path = folder / key
    return path if path.is_file() else None


def delete(folder: Path, key: str | None) -> None:
    path = path_for(folder, key)
    if path is not None:
        path.unlink(missing_ok=True)


def clean_filename(name: str | None) -> str:
    """The user's file name in NFC without folders, characters file systems refuse or invisible format
    characters (Unicode Cf: "\\u202egnp.exe" would display as "exe.png"), at most 200 characters."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch) != "Cf")
    base = _UNSAFE.sub("_", base).strip(" ._")
    if len(base) > 200:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else base[:200]
    return base or DEFAULT_NAME


def content_type(name: str) -> str:
    """The type to store and serve for a file name: its guessed type if on SAFE_TYPES, else octet-stream."""
    return served_type(mimetypes.guess_type(name)[0])


def served_type(stored: str | None) -> str:
    """The Content-Type for a stored type (rows stored before the allow-list may say text/html)."""
    return stored if stored in SAFE_TYPES else "application/octet-stream"
