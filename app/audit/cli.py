"""`flask audit verify`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.audit.services import verify_chain
from app.auth.permissions import cli_permission

audit_cli = AppGroup("audit", help="Nhật ký kiểm tra (audit trail).")


@audit_cli.command("verify")
@cli_permission("ops.backup")
def verify():
    """Kiểm tra chuỗi băm của nhật ký; báo mắt xích hỏng đầu tiên."""
    report = verify_chain()
    if report.broken_at is not None:
        raise click.ClickException(f"Nhật ký bị hỏng tại bản ghi số {report.broken_at}: {report.problem} "
                                   f"({report.checked} bản ghi trước đó hợp lệ.)")
    click.echo(f"Nhật ký nguyên vẹn: {report.checked} bản ghi.")
