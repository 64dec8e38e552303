"""Private files: the instance folder, the database, keys, uploads and backups are readable by the app's
own account only (0700 folders, 0600 files), and keys are created once, atomically, by whichever worker
comes first."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

#: New files 0600 and folders 0700: set once for the process by create_app.
PRIVATE_UMASK = 0o077


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if needed and make it 0700. Returns it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    _chmod_if_owned(path, 0o700)
    return path


def make_private_file(path: Path) -> None:
    """Make an existing file 0600 (a no-op for a missing file or one owned by another account)."""
    _chmod_if_owned(path, 0o600)


def _chmod_if_owned(path: Path, mode: int) -> None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
        path.chmod(mode)


def instance_key(folder: Path, name: str, size: int = 32) -> bytes:
    """The random key kept in `folder/name` (mode 0600), created on first use.

    Several workers may start at once: the key is written to a temporary file and linked into place, so
    exactly one key wins and every worker reads that one. Raises RuntimeError for a file too short to be
    a key (truncated or edited by hand)."""
    make_private_dir(folder)
    path = folder / name
    if not path.exists():
        partial = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(size))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(partial, path)
            except FileExistsError:
                pass  # another worker was first: use its key
        finally:
            partial.unlink(missing_ok=True)
    make_private_file(path)
    key = path.read_bytes()
    if len(key) < size:
        raise RuntimeError(f"{path}: khóa ngắn hơn {size} byte (tệp bị cắt hoặc bị sửa). Khôi phục tệp khóa "
                           f"từ bản sao lưu; chỉ xóa nó nếu chấp nhận mọi người phải đăng nhập lại "
                           f"(secret_key) hoặc nhật ký cũ không còn kiểm được (audit_key).")
    return key
