"""`flask results pair|issue|export|import`: pairing keys and results packages from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.permissions import cli_permission
from app.core.db import utcnow
from app.elections.models import ElectionRound, Position
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.results import packages, pairing
from app.results.copies import refusal as copy_refusal
from app.results.errors import ResultsError
from app.wards.models import Tdp, Ward

results_cli = AppGroup("results", help="Gói kết quả từ máy của tổ (results packages) và mã ghép nối.")


def _ward(name: str | None) -> Ward:
    wards = [w for w in db.session.scalars(select(Ward).order_by(Ward.id)) if name is None or w.name == name]
    if len(wards) != 1:
        raise click.ClickException("Hãy chọn đúng một phường với --ward.")
    return wards[0]


def _tdp(ward: Ward, number: int) -> Tdp:
    tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.number == number))
    if tdp is None:
        raise click.ClickException(f"{ward.name} không có tổ dân phố số {number}.")
    return tdp


def _fail(error: ResultsError):
    db.session.rollback()
    raise click.ClickException(error.message)


def _only_here(action: str) -> None:
    """Refuse a command that does not exist on this copy (COPY_ROLE), with the reason."""
    reason = copy_refusal(action)
    if reason is not None:
        raise click.ClickException(reason)


@results_cli.command("issue")
@cli_permission("results.keys")
@click.option("--tdp", "tdp_number", type=int, required=True)
@click.option("--ward", "ward_name")
@click.option("--replace", is_flag=True, help="Thu hồi mã đang dùng của tổ và cấp mã mới.")
def issue(tdp_number, ward_name, replace):
    """(Máy của phường) Cấp mã kết quả cho một tổ và in mã ra một lần để đọc cho tổ bầu cử."""
    _only_here("issue")
    tdp = _tdp(_ward(ward_name), tdp_number)
    try:
        code = pairing.issue_key(None, tdp, replace=replace)
    except ResultsError as error:
        if error.code == "confirm":
            error.message += " (Thêm --replace.)"
        _fail(error)
    db.session.commit()
    status = pairing.key_statuses([tdp.id])[tdp.id]
    click.echo(f"Mã kết quả của {tdp.name}: {code}")
    click.echo(f"Mã đối chiếu: {status.fingerprint} (mã không hiện lại lần nào nữa)")


@results_cli.command("pair")
@cli_permission("results.pair")
@click.argument("code")
@click.option("--tdp", "tdp_number", type=int, required=True)
@click.option("--ward", "ward_name")
def pair(code, tdp_number, ward_name):
    """(Máy của tổ) Ghép nối với phường: nhập một lần mã kết quả phường đã cấp cho tổ."""
    _only_here("pair")
    tdp = _tdp(_ward(ward_name), tdp_number)
    try:
        pairing.pair(None, tdp, code)
    except ResultsError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Đã ghép nối máy này với {tdp.ward.name} cho {tdp.name}; mã đối chiếu "
               f"{pairing.key_statuses([tdp.id])[tdp.id].fingerprint}.")


@results_cli.command("export")
@cli_permission("results.export")
@click.option("--tdp", "tdp_number", type=int, required=True)
@click.option("--contest", "position", type=click.Choice([p.value for p in Position]), default=Position.LEADER.value,
              show_default=True)
@click.option("--ward", "ward_name")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export(tdp_number, position, ward_name, out):
    """(Máy của tổ) Xuất gói kết quả có chữ ký của lần bầu gần nhất ra tệp JSON."""
    _only_here("export")
    ward = _ward(ward_name)
    tdp, elections = _tdp(ward, tdp_number), elections_for_ward(ward.id)
    round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id,
                                                          ElectionRound.election_id == elections[0].id)
                               .order_by(ElectionRound.number.desc()).limit(1)) if elections else None
    contest = next((c for c in round_.contests if c.position.value == position), None) if round_ else None
    if contest is None:
        raise click.ClickException(f"Lần bầu gần nhất của tổ {tdp_number} không có cuộc bầu {position}.")
    try:
        envelope = packages.build_package(None, contest, utcnow())
    except ResultsError as error:
        _fail(error)
    out.write_text(json.dumps(envelope, ensure_ascii=False, indent=1), encoding="utf-8")
    db.session.commit()
    click.echo(f"Đã xuất gói kết quả {tdp.name}, lần bầu thứ {round_.number} ({position}) vào {out}.")


@results_cli.command("import")
@cli_permission("results.import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ward", "ward_name")
def import_(file, ward_name):
    """(Máy của phường) Kiểm tra và nhập một gói kết quả; từ chối gói sai, trùng hoặc mâu thuẫn."""
    _only_here("import")
    try:
        package = packages.import_package(None, _ward(ward_name), file.read_bytes())
    except ResultsError as error:
        _fail(error)
    db.session.commit()
    body = package.body["body"]
    click.echo(f"Đã nhập gói kết quả tổ {body['tdp']}, lần bầu thứ {body['round']} ({body['position']}): "
               f"{package.outcome}.")
