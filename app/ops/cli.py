"""`flask backup [--out FILE]` and `flask restore FILE [--yes]`."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.audit.services import record
from app.auth.permissions import cli_permission
from app.core.time import local_now
from app.extensions import db
from app.ops import checks, services


def _now() -> datetime:
    return local_now()


def _backups_folder() -> Path:
    return Path(current_app.config.get("BACKUP_FOLDER") or Path(current_app.instance_path) / "backups")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",") if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


@click.command("backup")
@cli_permission("ops.backup")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp sao lưu (mặc định: instance/backups/bau-cu-tdp-NGÀY-GIỜ.sqlite3 hoặc .dump).")
@with_appcontext
def backup_command(out: Path | None):
    """Sao lưu toàn bộ cơ sở dữ liệu; an toàn khi ứng dụng đang chạy."""
    url = db.engine.url
    try:
        out = out or services.default_backup_path(_backups_folder(), url, _now())
        result = services.backup(url, out)
    except services.OpsError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã sao lưu vào {result.path} ({_size(result.size)}), SHA-256 {result.sha256}.")


@click.command("restore")
@cli_permission("ops.backup")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Không hỏi lại (dùng trong kịch bản).")
@with_appcontext
def restore_command(file: Path, yes: bool):
    """Khôi phục cơ sở dữ liệu từ một bản sao lưu: THAY TOÀN BỘ dữ liệu hiện tại."""
    url = db.engine.url
    try:
        report = _inspect(url, file)
    except services.OpsError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Bản sao lưu {file}: phiên bản lược đồ {report.revision}, lược đồ đúng như phần mềm tạo ra"
               + (f", nhật ký {report.audit_events} bản ghi nguyên vẹn." if report.audit_events is not None else "."))
    for label, count in report.counts:
        click.echo(f"  {label}: {count:,}".replace(",", "."))
    if not yes:
        click.confirm(f"Khôi phục sẽ thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {file}. "
                      "Dữ liệu hiện tại được sao lưu trước vào thư mục backups. Tiếp tục?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the tables while they are replaced
    try:
        safety = services.backup(url, services.default_backup_path(_backups_folder(), url, _now(),
                                                                   prefix="truoc-khoi-phuc"))
        services.restore(url, file)
    except services.OpsError as error:
        raise click.ClickException(error.message) from None
    db.engine.dispose()
    try:
        record(None, "ops.restore", "database", file.name, after={"file": str(file), "before_restore": str(safety.path)})
        db.session.commit()
    except Exception as error:  # an older backup may predate the audit tables' current shape
        db.session.rollback()
        click.echo(f"Chưa ghi được nhật ký việc khôi phục ({type(error).__name__}).", err=True)
    click.echo(f"Đã khôi phục từ {file}. Dữ liệu trước khi khôi phục được giữ ở {safety.path}.")


def _inspect(url, file: Path) -> checks.BackupReport:
    """Every check before anything changes: the file's kind, revision, schema, users and audit chain."""
    services.check_backup(url, file)
    expected = checks.expected_for(current_app)
    if services.backend(url) == "sqlite":
        return checks.check_sqlite_backup(file, expected, current_app.config["AUDIT_KEY"])
    program = shutil.which("pg_restore")
    if program is None:
        raise services.ToolMissing("Không tìm thấy chương trình pg_restore: hãy cài gói postgresql-client rồi chạy "
                                   "lại. Chưa có gì thay đổi.")
    return checks.check_pg_dump(program, file, expected)
