"""`flask comparison publish|draw|show CONTEST_ID`: the comparison audit from the command line."""

from __future__ import annotations

from fractions import Fraction

import click
from flask.cli import AppGroup

from app.auth.permissions import cli_permission
from app.comparison import services
from app.elections.models import Contest
from app.extensions import db

comparison_cli = AppGroup("comparison", help="Kiểm tra đối chiếu phiếu sau kiểm phiếu.")


def _contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise click.ClickException(f"Không có cuộc bầu số {contest_id}.")
    return contest


def _show(audit) -> None:
    click.echo(f"N={audit.papers} m={audit.margin} α={audit.risk_limit} k={audit.draws} trạng thái={audit.status.value}")
    if audit.seed:
        click.echo(f"Số gieo: {audit.seed}")
    for d in audit.drawn:
        click.echo(f"{d.ticket_order:>3}. {d.where}  {d.ticket[:16]}  {d.lean or '-'}")


@comparison_cli.command("publish")
@cli_permission("comparison.run")
@click.argument("contest_id", type=int)
@click.option("--risk", default=5, show_default=True, type=click.IntRange(1, 50), help="Mức rủi ro α, tính bằng %.")
def publish(contest_id, risk):
    """Công bố N, m, k và α của cuộc bầu đã chốt kết quả."""
    try:
        audit = services.publish(None, _contest(contest_id), Fraction(risk, 100))
    except services.ComparisonError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    _show(audit)


@comparison_cli.command("draw")
@cli_permission("comparison.run")
@click.argument("contest_id", type=int)
@click.option("--seed", required=True, help="Số gieo: ít nhất 20 chữ số.")
@click.option("--witness", "witnesses", multiple=True, required=True, help="Người gieo; lặp lại cho mỗi người.")
def draw(contest_id, seed, witnesses):
    """Rút phiếu theo số gieo; in các phiếu cần tìm (xấp, vị trí; hoặc xấp ảnh quét và số phiếu)."""
    audit = services.audit_of(_contest(contest_id))
    if audit is None:
        raise click.ClickException("Chưa công bố cỡ mẫu: chạy `flask comparison publish` trước.")
    try:
        services.draw_papers(None, audit, seed, witnesses)
    except services.ComparisonError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    _show(audit)


@comparison_cli.command("show")
@cli_permission("comparison.run")
@click.argument("contest_id", type=int)
def show(contest_id):
    """In số liệu và các vị trí đã rút của lần kiểm tra đối chiếu."""
    audit = services.audit_of(_contest(contest_id))
    if audit is None:
        raise click.ClickException("Cuộc bầu này chưa có lần kiểm tra đối chiếu.")
    _show(audit)
