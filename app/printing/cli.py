"""`flask ballots print` (one TDP and contest) and `flask ballots print-ward` (a ZIP for the ward)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.attendance.services import electorate
from app.auth.permissions import cli_permission
from app.elections.models import Contest, ElectionRound, Position
from app.elections.queries import elections_for_ward
from app.extensions import db
from app.printing import jobs, services
from app.wards.models import Tdp, Ward

ballots_cli = AppGroup("ballots", help="In phiếu bầu (print ballots).")


def _ward(name: str | None) -> Ward:
    wards = list(db.session.scalars(select(Ward).order_by(Ward.id)))
    wards = [w for w in wards if name is None or w.name == name]
    if len(wards) != 1:
        raise click.ClickException("Hãy chọn đúng một phường với --ward.")
    return wards[0]


def cli_contest(ward: Ward, tdp_number: int, position: str) -> Contest:
    """The contest of TDP `tdp_number` for `position` in the ward's latest election and round; ClickException
    naming what is missing."""
    elections = elections_for_ward(ward.id)
    tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.number == tdp_number))
    if not elections or tdp is None:
        raise click.ClickException(f"Không có tổ dân phố số {tdp_number} hoặc chưa có cuộc bầu cử.")
    round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.election_id == elections[0].id,
                                                          ElectionRound.tdp_id == tdp.id)
                               .order_by(ElectionRound.number.desc()).limit(1))
    contest = next((c for c in round_.contests if c.position is Position(position)), None) if round_ else None
    if contest is None:
        raise click.ClickException(f"Tổ {tdp_number} không có cuộc bầu {position}.")
    return contest


@ballots_cli.command("print")
@cli_permission("printing.print")
@click.option("--tdp", "tdp_number", type=int, required=True)
@click.option("--contest", "position", type=click.Choice([p.value for p in Position]), required=True)
@click.option("--test", is_flag=True, help="Phiếu thử (dải BẢN THỬ, không được kiểm trong bầu thật).")
@click.option("--quantity", type=int, help="Số phiếu; mặc định: số hộ + 10% dự phòng.")
@click.option("--ward", "ward_name")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def print_one(tdp_number, position, test, quantity, ward_name, out):
    """In phiếu cho một tổ và một chức danh ra tệp PDF (tạo đợt in mới)."""
    contest = cli_contest(_ward(ward_name), tdp_number, position)
    quantity = quantity or services.default_quantity(electorate(contest.round))
    try:
        run = services.create_run(None, contest, quantity, test=test)
    except services.PrintingError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    pdf = services.render_run(run)
    out.write_bytes(pdf)
    db.session.commit()
    click.echo(f"Đã in {run.quantity} phiếu (đợt {run.id}) vào {out}.")


@ballots_cli.command("print-ward")
@cli_permission("printing.ward_job")
@click.option("--test", is_flag=True)
@click.option("--spare", type=click.IntRange(0, 100), default=services.DEFAULT_SPARE_PERCENT, show_default=True)
@click.option("--ward", "ward_name")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def print_ward(test, spare, ward_name, out):
    """In phiếu cho mọi tổ có danh sách chính thức, trên mọi nhân CPU, ra một tệp ZIP."""
    from flask import current_app

    ward = _ward(ward_name)
    elections = elections_for_ward(ward.id)
    if not elections:
        raise click.ClickException("Phường chưa có cuộc bầu cử.")
    job = jobs.start_ward_job(None, elections[0], test=test, spare_percent=spare, background=False)
    db.session.refresh(job)
    if job.status != "done":
        raise click.ClickException(job.message or "In không thành công.")
    source = jobs.jobs_dir(current_app) / job.result_file
    out.write_bytes(source.read_bytes())
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        click.echo(f"Đã in {len(archive.namelist())} tệp PDF vào {out}.")


jobs_cli = AppGroup("jobs", help="Hàng đợi việc in (print-job queue).")


@jobs_cli.command("worker")
@cli_permission("printing.ward_job")
@click.option("--once", is_flag=True, help="Làm hết các việc đang chờ rồi thoát (mặc định: chạy mãi).")
@click.option("--poll", type=float, default=2.0, show_default=True, help="Giây chờ giữa hai lần xem hàng đợi.")
@click.option("--processes", type=click.IntRange(1, 64), help="Số tiến trình dựng PDF (mặc định: mọi nhân CPU).")
@click.option("--pause", type=float, default=0.0, hidden=True)  # tests: time to kill the worker mid-job
def worker(once, poll, processes, pause):
    """Nhận và chạy các việc in toàn phường từ hàng đợi (một tiến trình; chạy nhiều cái trên nhiều máy được)."""
    import time

    from flask import current_app

    from app.printing import queue

    app = current_app._get_current_object()
    name = queue.worker_name()
    click.echo(f"Tiến trình in {name}: tối đa {queue.max_running(app)} việc chạy cùng lúc.")

    def run(app_, taken):
        click.echo(f"Việc in {taken.job_id} (lần {taken.attempt})…")
        jobs.run_claimed(app_, taken, processes=processes, pause=pause)

    while True:
        count = queue.drain(app, run, worker=name)
        db.session.remove()
        if once:
            click.echo(f"Đã chạy {count} việc in.")
            return
        time.sleep(poll)
