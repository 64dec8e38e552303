"""The whole-ward print job: every contest with a published list, rendered on every core, zipped.

The web request only creates the job row and starts a thread; the thread renders through a process pool
and writes its progress to the job row, which the page polls. The web worker never waits for it.

The ZIP is a print artefact, not a record: its page order is a random shuffle that exists nowhere else,
so it is kept only KEEP_HOURS (setting PRINT_JOB_KEEP_HOURS) for downloading and printing, then deleted.
Printing again renders the same ballots in a new order."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from app.attendance.services import electorate
from app.audit.services import record
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.printing import services
from app.printing.models import PrintJob
from ballots.render import render_many

SLUG = {Position.LEADER: "to-truong", Position.DEPUTY: "to-pho"}
#: How long a finished ward job's ZIP stays on the server (a working day: download, print, fold).
KEEP_HOURS = 24
EXPIRED = "expired"


def jobs_dir(app: Flask) -> Path:
    path = Path(app.instance_path) / "print_jobs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _keep_seconds(app: Flask) -> float:
    return float(app.config.get("PRINT_JOB_KEEP_HOURS", KEEP_HOURS)) * 3600


def result_path(app: Flask, job: PrintJob) -> Path | None:
    """The finished job's ZIP, or None when there is none or it is older than the keep time (then the file
    is deleted; the row is left for purge_expired, so a GET writes nothing to the database)."""
    if job.status != "done" or not job.result_file:
        return None
    path = jobs_dir(app) / job.result_file
    if path.exists() and time.time() - path.stat().st_mtime <= _keep_seconds(app):
        return path
    path.unlink(missing_ok=True)
    return None


def purge_expired(app: Flask) -> int:
    """Delete every ward-job ZIP older than the keep time and mark its job expired; returns how many.
    Flushes."""
    gone = 0
    for job in db.session.scalars(select(PrintJob).where(PrintJob.status == "done",
                                                         PrintJob.result_file.is_not(None))):
        if result_path(app, job) is None:
            job.status, job.result_file, gone = EXPIRED, None, gone + 1
            job.message = ("Tệp ZIP đã được xóa sau thời hạn lưu; hãy in lại (phiếu sẽ được xếp theo một thứ tự "
                           "ngẫu nhiên mới).")
    limit = time.time() - _keep_seconds(app)
    for stray in jobs_dir(app).glob("*.zip"):  # a file whose job row is gone
        if stray.stat().st_mtime < limit:
            stray.unlink(missing_ok=True)
    db.session.flush()
    return gone


def start_ward_job(actor, election: Election, *, test: bool = False, spare_percent: int = services.DEFAULT_SPARE_PERCENT,
                   background: bool = True) -> PrintJob:
    """Create the job and run it in a background thread (or inline when `background` is False).
    The caller commits before the thread needs the row: this function commits the new row itself."""
    purge_expired(current_app)
    job = PrintJob(election_id=election.id, test=test, status="queued", created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()
    if background:
        threading.Thread(target=run_ward_job, args=(app, job.id, getattr(actor, "id", None), spare_percent),
                         daemon=True, name=f"print-job-{job.id}").start()
    else:
        run_ward_job(app, job.id, getattr(actor, "id", None), spare_percent)
    return job


def _contests(election: Election) -> list[Contest]:
    rounds = db.session.scalars(select(ElectionRound).where(ElectionRound.election_id == election.id))
    latest: dict[int, ElectionRound] = {}
    for r in rounds:
        if r.tdp_id not in latest or r.number > latest[r.tdp_id].number:
            latest[r.tdp_id] = r
    return [c for r in sorted(latest.values(), key=lambda r: r.tdp.number) for c in r.contests]


def run_ward_job(app: Flask, job_id: int, actor_id: int | None, spare_percent: int,
                 processes: int | None = None) -> None:
    """Print every contest that has a published list and no active run of this kind yet, reuse the
    active runs of the others, render all on every core and write the ZIP. Never raises: a failure
    is recorded on the job with its message."""
    with app.app_context():
        job = db.session.get(PrintJob, job_id)
        try:
            from app.auth.models import User

            actor = db.session.get(User, actor_id) if actor_id else None
            job.status = "running"
            db.session.commit()
            runs = []
            for contest in _contests(job_election(job)):
                if not services.definition_for(contest)["candidates"]:
                    continue
                active = services.active_runs(contest, test=job.test)
                if active:
                    runs.extend(active)
                    continue
                quantity = services.default_quantity(electorate(contest.round), spare_percent)
                runs.append(services.create_run(actor, contest, quantity, test=job.test))
            job.total = len(runs)
            db.session.commit()
            key = services.ballot_key(job_election(job))
            work = [(services.ballot_spec(run), services.printed_pages(run, key)) for run in runs]
            names = [f"to-{run.contest.round.tdp.number:02d}-{SLUG[run.contest.position]}"
                     f"{'-ban-thu' if run.test else ''}.pdf" for run in runs]
            pdfs = render_many(work, processes=processes, progress=_progress(job_id))
            target = jobs_dir(app) / f"ward-{job.election_id}-job-{job.id}.zip"
            _write_zip(target, zip(names, pdfs, strict=True))
            job = db.session.get(PrintJob, job_id)
            job.status, job.result_file, job.done = "done", target.name, job.total
            record(actor, "ballots.ward_job", "print_job", job.id,
                   after={"runs": len(runs), "test": job.test, "file": target.name})
            db.session.commit()
        except Exception as error:  # noqa: BLE001 - the job row must say what went wrong
            db.session.rollback()
            app.logger.exception("print job %s failed", job_id)
            job = db.session.get(PrintJob, job_id)
            job.status, job.message = "failed", f"Lỗi khi in: {error}"[:500]
            db.session.commit()
        finally:
            db.session.remove()


def job_election(job: PrintJob) -> Election:
    return db.session.get(Election, job.election_id)


def _progress(job_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        job = db.session.get(PrintJob, job_id)
        job.done, job.total = done, total
        db.session.commit()

    return report


def _write_zip(target: Path, files) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, pdf in files:
            archive.writestr(name, pdf)
    tmp = target.with_suffix(".part")
    tmp.touch(mode=0o600)
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(target)
