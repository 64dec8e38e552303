"""One check for the `next` targets the app redirects to after a form: only same-site relative paths."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_safe_next(target: str | None) -> bool:
    """A path on this site: starts with one `/`, no `\\` (browsers read it as `/`), no control or space
    characters (Werkzeug and browsers drop some of them, turning `/\\t/evil` into `//evil`), no scheme or host."""
    if not target or not target.startswith("/") or len(target) > 2000:
        return False
    if "\\" in target or any(ord(c) < 0x21 or 0x7F <= ord(c) <= 0x9F for c in target):
        return False
    if target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a safe same-site path, else `default`."""
    return target if is_safe_next(target) else default
