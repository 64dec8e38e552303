"""Start Bầu cử Tổ dân phố on this computer with no `make`: Windows, Linux or macOS, online or offline.

    python run.py                      Windows: py run.py      then open http://127.0.0.1:5000
    python run.py --port 8080          another port
    python run.py --host 0.0.0.0       also reachable from phones and laptops on the office network
    python run.py --demo               load the sample ward (dữ liệu mẫu) when the database is empty
    python run.py flask backup         any `flask --app wsgi ...` command inside the app's environment

The first start creates `.venv` beside this file and installs requirements.txt into it: from the `bundle`
folder with no network when it is there (`pip --no-index --find-links bundle`, see `make bundle`), otherwise
from PyPI. Later starts skip that until requirements.txt changes. Every start then compiles the
translations, brings the database up to date (migrations) and serves the app with waitress, a
production WSGI server that is pure Python and runs on Windows (gunicorn does not).

Only the standard library is used until the app's environment exists.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MIN_PYTHON = (3, 11)


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements_stamp(venv: Path) -> Path:
    """A file whose name carries the hash of requirements.txt: present once that exact list is installed."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()[:16]
    return venv / f".installed-{digest}"


def say(text: str) -> None:
    print(text, flush=True)


def prepare(venv: Path, bundle: Path) -> Path:
    """Create the virtual environment if it is missing and install the requirements if they changed.
    Returns its Python. Exits with a Vietnamese message on failure."""
    python = venv_python(venv)
    if not python.exists():
        say(f"Tạo môi trường ảo {venv} …")
        import venv as venv_module

        try:
            venv_module.create(venv, with_pip=True)
        except Exception as error:  # noqa: BLE001 - a message, not a traceback, for ward staff
            sys.exit(f"Không tạo được môi trường ảo ({error}). Trên Debian/Ubuntu hãy cài gói python3-venv.")
    stamp = requirements_stamp(venv)
    if not stamp.exists():
        command = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r",
                   str(ROOT / "requirements.txt")]
        if bundle.is_dir():
            say(f"Cài thư viện từ thư mục {bundle.name} (không cần mạng) …")
            command[4:4] = ["--no-index", "--find-links", str(bundle)]
        else:
            say("Cài thư viện từ Internet (PyPI) …")
        if subprocess.call(command) != 0:
            hint = (f"thư mục {bundle.name} thiếu gói cho Python {sys.version_info.major}.{sys.version_info.minor} "
                    "của máy này: tạo lại bằng `make bundle`") if bundle.is_dir() else "kiểm tra kết nối Internet"
            sys.exit(f"Cài thư viện không thành công: {hint}.")
        for old in venv.glob(".installed-*"):
            old.unlink()
        stamp.touch()
    return python


def compile_translations() -> None:
    """Compile the .po catalogues whose .mo is missing or older (the .mo files are not in git)."""
    stale = [po for po in (ROOT / "app/translations").glob("*/LC_MESSAGES/messages.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    if stale:
        from babel.messages.frontend import CommandLineInterface

        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(ROOT / "app/translations")])


def serve(args: argparse.Namespace) -> int:
    """Inside the app's environment: translations, migrations, optional demo, then the server."""
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    compile_translations()
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    say("Cập nhật cơ sở dữ liệu (migration) …")
    if subprocess.call([*flask, "db", "upgrade"]) != 0:
        return 1
    if args.demo and subprocess.call([*flask, "demo", "load", "--if-empty"]) == 0:
        subprocess.call([*flask, "demo", "logins"])
    from waitress import serve as waitress_serve

    from wsgi import app

    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    say(f"→ http://{shown}:{args.port}   (dừng: Ctrl+C)")
    try:
        waitress_serve(app, host=args.host, port=args.port, threads=args.threads, ident="bau-cu-tdp")
    except OSError as error:
        say(f"Không mở được cổng {args.port} ({error.strerror}). Cổng đang bận? Thử: python run.py --port 8080")
        return 1
    return 0


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"Cần Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} trở lên (máy này: {sys.version.split()[0]}).")
    parser = argparse.ArgumentParser(description="Chạy Bầu cử Tổ dân phố trên máy này.")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--threads", type=int, default=8, help="số yêu cầu phục vụ cùng lúc")
    parser.add_argument("--demo", action="store_true", help="nạp phường mẫu khi cơ sở dữ liệu còn trống")
    parser.add_argument("--venv", type=Path, default=Path(os.environ.get("RUN_VENV", ROOT / ".venv")),
                        help="môi trường ảo dùng để chạy (mặc định .venv bên cạnh run.py)")
    parser.add_argument("--bundle", type=Path, default=ROOT / "bundle", help="thư mục gói cài đặt ngoại tuyến")
    parser.add_argument("--install-only", action="store_true", help="chỉ tạo môi trường ảo và cài thư viện")
    if argv[:1] == ["flask"]:  # python run.py flask backup --out X: the flask CLI inside the environment
        args, rest = parser.parse_args([]), argv[1:]
    else:
        args, rest = parser.parse_args(argv), None
    venv = args.venv.resolve()
    inside = Path(sys.prefix).resolve() == venv
    if not inside:
        python = prepare(venv, args.bundle.resolve())
        if args.install_only:
            return 0
        if rest is not None:
            return subprocess.call([str(python), "-m", "flask", "--app", "wsgi", *rest], cwd=ROOT)
        command = [str(python), str(Path(__file__).resolve()), *argv]
        if os.name != "nt":  # become the server process, so a service manager's signals reach it
            os.execv(command[0], command)
        try:
            return subprocess.call(command)
        except KeyboardInterrupt:
            return 0
    if rest is not None:
        return subprocess.call([sys.executable, "-m", "flask", "--app", "wsgi", *rest], cwd=ROOT)
    if args.install_only:
        return 0
    try:
        return serve(args)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":  # also guards the print job's worker processes, which Windows starts by importing this
    sys.exit(main(sys.argv[1:]))
