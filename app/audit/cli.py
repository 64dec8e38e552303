"""`flask audit verify [--anchor SEQ:HEX ...]`, `flask audit head` and `flask audit seal`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.audit.services import anchor_chains, chain_head, parse_anchor, record, verify_chain
from app.auth.permissions import cli_permission
from app.extensions import db

audit_cli = AppGroup("audit", help="Nhật ký kiểm tra (audit trail).")


@audit_cli.command("verify")
@cli_permission("ops.backup")
@click.option("--anchor", "anchors", multiple=True,
              help="Mốc đã công bố (in trên biên bản, gói kết quả) dạng SỐ:MÃ; lặp lại được.")
def verify(anchors):
    """Kiểm tra chuỗi băm và mã khóa (HMAC) của nhật ký, và các mốc cho trước; báo mắt xích hỏng đầu tiên."""
    try:
        parsed = tuple(parse_anchor(a) for a in anchors)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--anchor") from None
    report = verify_chain(anchors=parsed)
    if report.broken_at is not None:
        raise click.ClickException(f"Nhật ký bị hỏng tại bản ghi số {report.broken_at}: {report.problem} "
                                   f"({report.checked} bản ghi trước đó hợp lệ.)")
    legacy = f" ({report.legacy} bản ghi cũ từ trước khi có khóa)" if report.legacy else ""
    chains = f", {report.chains} chuỗi của tổ dân phố" if report.chains else ""
    click.echo(f"Nhật ký nguyên vẹn: {report.checked} bản ghi{legacy}{chains}. Mốc hiện tại: {chain_head().anchor}")


@audit_cli.command("head")
@cli_permission("ops.backup")
def head():
    """In mốc hiện tại của nhật ký (SỐ:MÃ) để ghi lại hoặc gửi phường; mốc này chốt cả chuỗi của từng tổ."""
    if anchor_chains() is not None:  # the TDP chains' heads go into the main chain first
        db.session.commit()
    click.echo(str(chain_head().anchor))


@audit_cli.command("seal")
@cli_permission("ops.backup")
def seal():
    """Sau khi nâng cấp: kiểm chuỗi băm cũ rồi ghi bản ghi có khóa đầu tiên, bảo vệ các bản ghi cũ."""
    report = verify_chain(allow_unkeyed_tail=True)
    if report.broken_at is not None:
        raise click.ClickException(f"Không khóa được: nhật ký bị hỏng tại bản ghi số {report.broken_at}: "
                                   f"{report.problem}")
    if not report.legacy or report.legacy < report.checked:
        click.echo("Nhật ký đã có khóa; không cần làm gì.")
        return
    record(None, "audit.seal", "audit", report.checked, after={"legacy_events": report.legacy})
    db.session.commit()
    click.echo(f"Đã khóa nhật ký: {report.legacy} bản ghi cũ được bảo vệ. Mốc: {chain_head().anchor}")
