"""`flask reader evaluate FOLDER`: read a ward's own labelled scans or photos and print the reader's figures,
so a ward can check the reader on its own paper and pens before it trusts it. Writes nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import click
from flask.cli import AppGroup

from app.auth.permissions import cli_permission
from app.elections.models import Contest, Position
from app.printing import services as printing
from app.printing.cli import cli_contest
from app.wards.choice import one_ward
from ballots.manifest import LAYOUT_VERSION

reader_cli = AppGroup("reader", help="Đọc phiếu từ ảnh quét, ảnh chụp (read ballots from images).")

TRUTH_FILE = "truth.csv"
#: How a ward may label a name in truth.csv, Vietnamese or English.
LABELS = {"gach": "struck", "gạch": "struck", "struck": "struck", "giu": "untouched", "giữ": "untouched",
          "untouched": "untouched", "xem": "review", "review": "review"}


@reader_cli.command("evaluate")
@cli_permission("reader.evaluate")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--tdp", "tdp_number", type=int, required=True)
@click.option("--contest", "position", type=click.Choice([p.value for p in Position]), required=True)
@click.option("--ward", "ward_name")
def evaluate(folder: Path, tdp_number: int, position: str, ward_name: str | None):
    """Đọc mọi ảnh trong THƯ MỤC và so với truth.csv bên cạnh (cột: tệp, rồi mỗi người ứng cử theo thứ tự
    trên phiếu: gạch / giữ / xem), in số đọc sai, tỉ lệ chuyển người xem, chụp lại, đọc mã QR."""
    from reader import available

    if not available():
        raise click.ClickException("Chưa cài gói đọc phiếu: chạy `pip install -r requirements-reader.txt`.")
    from reader.evaluate import Score
    from reader.folder import read_file
    from reader.read import Sheet
    from reader.template import build

    contest = _contest(tdp_number, position, ward_name)
    runs = [r for r in printing.active_runs(contest) if r.definition.get("layout") == LAYOUT_VERSION]
    if not runs:
        raise click.ClickException("Chưa có đợt in nào của cuộc bầu này có dấu định vị cho máy đọc "
                                   f"(bố cục phiên bản {LAYOUT_VERSION}): hãy in phiếu mới.")
    if len({r.definition_hash for r in runs}) > 1:
        raise click.ClickException("Các đợt in của cuộc bầu này có danh sách khác nhau: hãy hủy đợt in cũ trước.")
    truth = _truth(folder / TRUTH_FILE, len(runs[0].definition["candidates"]))
    key = printing.ballot_key(contest.round.election)
    sheets = {contest.id: Sheet(build(printing.ballot_spec(runs[0])), key, runs[0].definition_hash)}
    score = Score()
    for name, labels in truth.items():
        path = folder / name
        if not path.is_file():
            raise click.ClickException(f"{TRUTH_FILE}: không có tệp ảnh {name!r} trong thư mục.")
        score.add("images", labels, labels, read_file(path, sheets))
    for line in score.lines(("struck", "untouched"), ("review",)):
        click.echo(line)


def _contest(tdp_number: int, position: str, ward_name: str | None) -> Contest:
    return cli_contest(one_ward(ward_name), tdp_number, position)


def _truth(path: Path, names: int) -> dict[str, tuple[str, ...]]:
    """file -> label per name, from truth.csv; ClickException naming the row and the column on a mistake."""
    if not path.is_file():
        raise click.ClickException(f"Không thấy {TRUTH_FILE} trong thư mục ảnh (cột: tệp, rồi từng tên).")
    truth: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row or (number == 1 and row[0].strip().lower() in ("tệp", "tep", "file")):
                continue
            if len(row) != names + 1:
                raise click.ClickException(f"{TRUTH_FILE} dòng {number}: cần tên tệp và {names} ô (mỗi ứng cử "
                                           f"viên một ô), có {len(row)} ô.")
            labels = []
            for column, cell in enumerate(row[1:], start=2):
                label = LABELS.get(cell.strip().lower())
                if label is None:
                    raise click.ClickException(f"{TRUTH_FILE} dòng {number}, cột {column}: {cell!r} không phải "
                                               "gạch / giữ / xem.")
                labels.append(label)
            truth[row[0].strip()] = tuple(labels)
    if not truth:
        raise click.ClickException(f"{TRUTH_FILE} không có dòng nào.")
    return truth


@reader_cli.command("purge-images")
@cli_permission("count.images.purge")
@click.option("--before", "before", help="Xóa ảnh của các lần tải lên trước ngày này (dd/mm/yyyy).")
@click.option("--force", is_flag=True, help="Xóa cả ảnh của cuộc kiểm phiếu chưa chốt.")
def purge_images_command(before: str | None, force: bool):
    """Xóa nội dung ảnh phiếu sau thời hạn công nhận và khiếu nại (mặc định: COUNT_IMAGES_KEEP_DAYS ngày sau khi
    chốt); giữ mã SHA-256, kết quả đọc và các quyết định. Ghi nhật ký."""
    from datetime import UTC, datetime

    from flask import current_app

    from app.extensions import db
    from app.reader.errors import ReaderError
    from app.reader.purge import DEFAULT_KEEP_DAYS, purge_images
    from app.rules import InvalidDate, parse_date

    cutoff = None
    if before:
        try:
            day = parse_date(before)
        except InvalidDate as error:
            raise click.ClickException(f"--before: {error.message}") from None
        cutoff = datetime(day.year, day.month, day.day, tzinfo=UTC)
    keep = float(current_app.config.get("COUNT_IMAGES_KEEP_DAYS", DEFAULT_KEEP_DAYS))
    try:
        done = purge_images(None, before=cutoff, keep_days=keep, force=force)
    except ReaderError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Đã xóa nội dung {sum(p.images for p in done)} ảnh phiếu của {len(done)} cuộc bầu "
               "(giữ mã SHA-256 và các quyết định).")


@reader_cli.command("work")
@cli_permission("count.images.work")
def work_command():
    """Đọc mọi đợt ảnh phiếu đang chờ rồi thoát (tiến trình đọc riêng khi READER_INPROCESS tắt)."""
    from flask import current_app

    from app.reader.batches import drain

    click.echo(f"Đã đọc {drain(current_app._get_current_object())} đợt ảnh phiếu.")
