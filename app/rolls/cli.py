"""`flask rolls import`: the household-roll import without a browser."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.auth.permissions import cli_permission
from app.core.time import local_today
from app.extensions import db
from app.rolls.importing.headers import parse_map_options
from app.rolls.importing.problems import MappingError, UnreadableFile
from app.rolls.importing.services import ImportPreview, ImportTarget, apply_import, preview_import
from app.rules import InvalidDate, parse_date
from app.wards.choice import one_ward
from app.wards.models import Tdp

rolls_cli = AppGroup("rolls", help="Danh sách hộ gia đình (household rolls).")




def _today():
    return local_today()


def _print(preview: ImportPreview) -> None:
    diff = preview.diff
    click.echo(f"Tệp {preview.file_name} (SHA-256 {preview.file_sha256[:16]}…), dòng tiêu đề "
               f"{preview.parsed.header.row_index + 1}.")
    mapped = ", ".join(f"{f.value}={preview.parsed.header.column(f).letter}" for f in preview.parsed.header.mapping)
    click.echo(f"Cột: {mapped or '(chưa nhận ra cột nào)'}")
    for column in preview.parsed.header.columns if preview.needs_mapping else ():
        click.echo(f"  {column.label}")
    click.echo(f"Thêm {len(diff.additions)}, thay đổi {len(diff.changes)}, bỏ {len(diff.removals)}, "
               f"giữ nguyên {diff.unchanged}; {preview.errors} lỗi, {preview.warnings} cảnh báo.")
    for number, (before, after) in sorted(diff.fingerprints.items()):
        click.echo(f"Tổ {number}: mã đối chiếu {before.short} ({before.households} hộ) → {after.short} "
                   f"({after.households} hộ)")
    for p in preview.problems:
        where = f"Dòng {p.row}" if p.row else "Tệp"
        column = f", cột {p.letter} “{p.column}”" if p.letter else ""
        level = "LỖI" if p.is_error else "cảnh báo"
        click.echo(f"{where}{column}: {level} [{p.code}] {p.message}")


@rolls_cli.command("import")
@cli_permission("rolls.import_ward")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tdp", "tdp_number", type=int, help="Số tổ dân phố; bỏ trống khi tệp có cột Tổ dân phố (cả phường).")
@click.option("--ward", help="Tên phường (khi cơ sở dữ liệu có nhiều phường).")
@click.option("--dry-run", is_flag=True, help="Chỉ kiểm tra và in kết quả, không ghi gì.")
@click.option("--map", "maps", multiple=True, metavar="TRƯỜNG=CỘT",
              help="Chỉ cột cho một trường, theo chữ cái hoặc tiêu đề: code=B, name=\"Họ tên\", gender= (bỏ). "
                   "Trường: code name address birth_year birth_date gender sub_group tdp citizen_id.")
@click.option("--as-of", help="Tính tuổi người đại diện vào ngày này (dd/mm/yyyy); mặc định hôm nay.")
def import_command(file: Path, tdp_number: int | None, ward: str | None, dry_run: bool, maps: tuple[str, ...],
                   as_of: str | None):
    """Nhập danh sách hộ từ tệp .xlsx hoặc .csv. In số hộ thêm/thay đổi/bỏ và các vấn đề; có lỗi thì không
    ghi gì và thoát với mã 1."""
    target_ward = one_ward(ward)
    target = ImportTarget(target_ward.id)
    if tdp_number is not None:
        tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == target_ward.id, Tdp.number == tdp_number))
        if tdp is None:
            raise click.UsageError(f"{target_ward.name} không có tổ dân phố số {tdp_number}.")
        if tdp.dissolved_on is not None:
            raise click.UsageError(f"{tdp.name} đã giải thể từ ngày {tdp.dissolved_on:%d/%m/%Y}: không nhập danh "
                                   "sách hộ vào tổ này được nữa.")
        target = ImportTarget(target_ward.id, tdp.id)
    try:
        reference = parse_date(as_of) if as_of else None
        options = {"today": _today(), "reference_date": reference, "mapping": parse_map_options(maps)}
        if dry_run:
            preview, result = preview_import(file.read_bytes(), file.name, target, **options), None
        else:  # read, check and write in one pass (the new households are written while the file is checked)
            preview, result = apply_import(file.read_bytes(), file.name, target, None, **options)
    except (UnreadableFile, MappingError, InvalidDate) as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    except Exception:
        db.session.rollback()
        raise
    _print(preview)
    if not preview.can_apply:
        click.echo("Có lỗi: chưa ghi gì vào cơ sở dữ liệu." if not preview.needs_mapping else
                   "Thiếu cột bắt buộc: hãy chỉ cột bằng --map (ví dụ --map code=B --map name=C). Chưa ghi gì.",
                   err=True)
        sys.exit(1)
    if dry_run:
        click.echo("Chạy thử (--dry-run): chưa ghi gì.")
        return
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(f"Đã nhập: thêm {result.added}, thay đổi {result.changed}, bỏ {result.removed}, "
               f"giữ nguyên {result.unchanged} hộ.")
