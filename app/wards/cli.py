"""`flask ward create`, `flask ward tdps import FILE [--dry-run]`, `flask ward tdps add NUMBER NAME`,
`flask ward tdps merge INTO ABSORBED --decision ... --on dd/mm/yyyy`,
`flask ward tdps split SOURCE NEW_NUMBER NEW_NAME --households CODES --decision ... --on dd/mm/yyyy`.

The command line is the machine operator's tool: its operator acts as the ward admin (`wards.manage`)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.permissions import cli_permission
from app.elections.queries import terms_joined
from app.extensions import db
from app.rolls.importing.problems import UnreadableFile
from app.rules import InvalidDate, format_date, parse_date
from app.wards import services
from app.wards.choice import one_ward
from app.wards.merge import merge_tdps
from app.wards.merge import plan_merge as merge_plan
from app.wards.models import Tdp, Ward
from app.wards.services import WardError, WardInput
from app.wards.split import SplitInput, check_split, plan_split, split_tdp
from app.wards.tdp_list import TdpList, check_rows

ward_cli = AppGroup("ward", help="Phường và các tổ dân phố (ward and its TDPs).")
tdps_cli = AppGroup("tdps", help="Danh sách tổ dân phố của phường.")
ward_cli.add_command(tdps_cli)
#: A file over this size is not a TDP list (200 TDPs make an .xlsx of about 10 KB).
MAX_FILE_BYTES = 2 * 1024 * 1024


@ward_cli.command("create")
@cli_permission("wards.manage")
@click.option("--name", required=True, help="Tên phường, xã: “Phường Bồ Đề”.")
@click.option("--province", required=True, help="Tỉnh, thành phố trực thuộc trung ương: “Thành phố Hà Nội”.")
@click.option("--authority", default="", help="Cơ quan ban hành giấy tờ (mặc định: Ủy ban nhân dân + tên phường).")
@click.option("--recipient", default="", help="Nơi nhận báo cáo (mặc định: Ủy ban nhân dân + tỉnh, thành phố).")
def create(name, province, authority, recipient):
    """Tạo phường (không có cấp quận, huyện). Sau đó: `flask users create TÊN --duty ward_admin`."""
    try:
        ward = services.create_ward(None, WardInput(name, province, authority, recipient))
    except WardError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã tạo {ward.name} ({ward.province}).")
    click.echo(f"  Cơ quan ban hành: {ward.issuing_authority}")
    click.echo(f"  Nơi nhận báo cáo: {ward.report_recipient}")


def _report(checked: TdpList) -> None:
    for p in checked.problems:
        where = ", ".join(x for x in (f"dòng {p.row}" if p.row else "", f"cột {p.letter} ({p.column})"
                                      if p.letter else (p.column or "")) if x)
        label = "LỖI" if p.is_error else "cảnh báo"
        click.echo(f"  {label}: {where + ': ' if where else ''}{p.message}", err=p.is_error)


def _apply(ward: Ward, checked: TdpList) -> None:
    try:
        created = services.add_tdps(None, ward, checked.entries)
    except WardError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã tạo {len(created)} tổ dân phố: " + ", ".join(str(t.number) for t in created) + ".")
    for term in terms_joined([t.id for t in created]):
        click.echo(f"  Đã thêm vào cuộc bầu cử nhiệm kỳ {term} (ngày bầu mặc định; sửa ở bảng lịch bầu cử).")


@tdps_cli.command("import")
@cli_permission("wards.manage")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và báo lỗi, không ghi gì.")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
def import_tdps(path: Path, dry_run: bool, ward_name: str | None):
    """Nhập danh sách tổ dân phố từ tệp .xlsx hoặc .csv (cột Số tổ, Tên tổ dân phố, Chi bộ, Ban công tác Mặt
    trận). Tệp có lỗi thì không tổ nào được tạo."""
    ward = one_ward(ward_name)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise click.ClickException(f"Tệp lớn hơn {MAX_FILE_BYTES // 2**20} MB: không phải danh sách tổ dân phố.")
    try:
        checked = services.preview_file(ward.id, path.read_bytes(), path.name)
    except UnreadableFile as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{path.name}: {len(checked.entries)} tổ sẽ được tạo, {checked.errors} lỗi, {checked.warnings} cảnh báo.")
    _report(checked)
    if not checked.can_apply:
        raise click.ClickException("Không tạo tổ nào: hãy sửa các lỗi trên rồi chạy lại.")
    if dry_run:
        click.echo("Chạy thử (--dry-run): không ghi gì.")
        return
    _apply(ward, checked)


@tdps_cli.command("add")
@cli_permission("wards.manage")
@click.argument("number")
@click.argument("name")
@click.option("--party-cell", default="", help="Tên chi bộ.")
@click.option("--front", default="", help="Tên Ban công tác Mặt trận.")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
def add(number: str, name: str, party_cell: str, front: str, ward_name: str | None):
    """Thêm tổ dân phố số NUMBER tên NAME."""
    ward = one_ward(ward_name)
    checked = check_rows([[number, name, party_cell, front]], existing=services.ward_tdp_numbers(ward.id))
    _report(checked)
    if not checked.can_apply:
        raise click.ClickException("Không tạo tổ dân phố.")
    _apply(ward, checked)


def _tdp(ward: Ward, number: int) -> Tdp:
    tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.number == number))
    if tdp is None:
        raise click.ClickException(f"{ward.name} không có tổ dân phố số {number}.")
    return tdp


@tdps_cli.command("merge")
@cli_permission("wards.manage")
@click.argument("into_number", type=int)
@click.argument("absorbed_number", type=int)
@click.option("--decision", required=True, help="Nghị quyết nhập tổ (số, ngày).")
@click.option("--on", "effective_on", required=True, help="Ngày nhập tổ có hiệu lực (dd/mm/yyyy).")
@click.option("--dry-run", is_flag=True, help="Chỉ báo các hộ sẽ chuyển và các hộ trùng, không ghi gì.")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
def merge(into_number: int, absorbed_number: int, decision: str, effective_on: str, dry_run: bool,
          ward_name: str | None):
    """Nhập tổ dân phố số ABSORBED_NUMBER vào tổ số INTO_NUMBER: chuyển các hộ, phát hiện hộ trùng (cùng mã hộ
    hoặc cùng người đại diện), giữ lịch sử của tổ bị nhập."""
    ward = one_ward(ward_name)
    into, absorbed = _tdp(ward, into_number), _tdp(ward, absorbed_number)
    try:
        day = parse_date(effective_on)
    except InvalidDate as error:
        raise click.ClickException(error.message) from None
    plan = merge_plan(into, absorbed)
    click.echo(f"{len(plan.moved)} hộ sẽ chuyển sang {into.name}; {len(plan.duplicates)} hộ trùng được giữ một lần.")
    for dup in plan.duplicates:
        how = "cùng mã hộ" if dup.by == "code" else "cùng người đại diện"
        click.echo(f"  trùng ({how}): hộ {dup.absorbed.code} = hộ {dup.kept.code} của {into.name}")
    if dry_run:
        click.echo("Chạy thử (--dry-run): không ghi gì.")
        return
    try:
        merge_tdps(None, into, absorbed, effective_on=day, decision=decision)
    except WardError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã nhập {absorbed.name} vào {into.name} từ ngày {format_date(day)}.")


@tdps_cli.command("split")
@cli_permission("wards.manage")
@click.argument("source_number", type=int)
@click.argument("new_number")
@click.argument("new_name")
@click.option("--households", "codes", default="",
              help="Mã các hộ chuyển sang tổ mới: “050001, 050003-050010” (khoảng mã được).")
@click.option("--households-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp văn bản liệt kê mã hộ (mỗi dòng một mã hoặc một khoảng).")
@click.option("--decision", required=True, help="Nghị quyết tách tổ (số, ngày).")
@click.option("--on", "effective_on", required=True, help="Ngày tách tổ có hiệu lực (dd/mm/yyyy).")
@click.option("--party-cell", default="", help="Chi bộ của tổ mới.")
@click.option("--front", default="", help="Ban công tác Mặt trận của tổ mới.")
@click.option("--dry-run", is_flag=True, help="Chỉ báo các hộ sẽ chuyển và các hộ nghi trùng, không ghi gì.")
@click.option("--ward", "ward_name", help="Tên phường, khi cơ sở dữ liệu có nhiều phường.")
def split(source_number: int, new_number: str, new_name: str, codes: str, households_file: Path | None,
          decision: str, effective_on: str, party_cell: str, front: str, dry_run: bool, ward_name: str | None):
    """Tách tổ dân phố số SOURCE_NUMBER: các hộ được chọn chuyển (cùng người đại diện) sang tổ mới số NEW_NUMBER
    tên NEW_NAME; lịch sử của cả hai tổ ghi nghị quyết tách tổ."""
    ward = one_ward(ward_name)
    source = _tdp(ward, source_number)
    if households_file is not None:
        if households_file.stat().st_size > MAX_FILE_BYTES:
            raise click.ClickException("Tệp mã hộ quá lớn.")
        codes = codes + "\n" + households_file.read_text(encoding="utf-8-sig", errors="replace")
    try:
        day = parse_date(effective_on)
    except InvalidDate as error:
        raise click.ClickException(error.message) from None
    plan = plan_split(source, codes)
    click.echo(f"{len(plan.moving)} hộ sẽ chuyển sang tổ mới; {plan.staying} hộ ở lại {source.name}.")
    for code in plan.selection.repeated:
        click.echo(f"  mã hộ {code} được ghi nhiều lần: chỉ chuyển một lần")
    for going, staying in plan.duplicates:
        click.echo(f"  nghi trùng (cùng người đại diện): hộ {going.code} chuyển đi, hộ {staying.code} ở lại")
    data = SplitInput(new_number, new_name, day, decision, party_cell, front)
    try:
        if dry_run:
            check_split(source, data, plan)
            click.echo("Chạy thử (--dry-run): không ghi gì.")
            return
        new = split_tdp(None, source, data, plan)
    except WardError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã tách {len(plan.moving)} hộ của {source.name} sang {new.name} (số {new.number}) "
               f"từ ngày {format_date(day)}.")
