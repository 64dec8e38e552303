"""The whole-ward print job: every contest with a published list, rendered on every core, streamed into a ZIP.

The web request only queues the job (a print_jobs row, app/printing/queue.py); a worker — a thread of the app
server on a laptop, `flask jobs worker` processes on the scale path — takes it, renders through a process pool
and writes each PDF into the ZIP as soon as it is finished, so a job holds a few PDFs in memory, not the
ward's. Its progress is on the job row, which the page polls. A job whose worker died is taken again when its
lease runs out and starts its ZIP over (the runs it created are reused, so no ballot is printed twice).

The ZIP is a print artefact, not a record: its page order is a random shuffle that exists nowhere else,
so it is kept only KEEP_HOURS (setting PRINT_JOB_KEEP_HOURS) for downloading and printing, then deleted.
Printing again renders the same ballots in a new order."""

from __future__ import annotations

import multiprocessing
import os
import time
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select

from app.attendance.services import electorate
from app.audit.services import record
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.printing import queue, services
from app.printing.models import PrintJob, PrintRun
from ballots.render import render

SLUG = {Position.LEADER: "to-truong", Position.DEPUTY: "to-pho", Position.QUESTION: "lay-y-kien-ho"}
#: How long a finished ward job's ZIP stays on the server (a working day: download, print, fold).
KEEP_HOURS = 24
EXPIRED = "expired"


def jobs_dir(app: Flask) -> Path:
    """Where finished ZIPs are written: JOBS_DIR (a directory every app server mounts, on the scale path),
    else instance/print_jobs."""
    path = Path(app.config.get("JOBS_DIR") or Path(app.instance_path) / "print_jobs")
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
    for stray in [*jobs_dir(app).glob("*.zip"), *jobs_dir(app).glob("*.part")]:  # a file whose job row is gone
        if stray.stat().st_mtime < limit:
            stray.unlink(missing_ok=True)
    db.session.flush()
    return gone


def start_ward_job(actor, election: Election, *, test: bool = False, spare_percent: int = services.DEFAULT_SPARE_PERCENT,
                   background: bool = True) -> PrintJob:
    """Queue the job (this function commits the new row) and have a worker take it: an in-process worker
    thread (JOBS_INPROCESS) or a `flask jobs worker` process. With `background` False the job runs here, now,
    whatever the limit on running jobs (the command line and tests)."""
    purge_expired(current_app)
    job = PrintJob(election_id=election.id, test=test, status="queued", spare_percent=spare_percent,
                   created_by_id=getattr(actor, "id", None))
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()
    if background:
        queue.kick(app, run_claimed)
    else:
        taken = queue.claim(app, job_id=job.id)
        if taken is not None:
            run_claimed(app, taken)
    return job


def _contests(election: Election) -> list[Contest]:
    rounds = db.session.scalars(select(ElectionRound).where(ElectionRound.election_id == election.id))
    latest: dict[int, ElectionRound] = {}
    for r in rounds:
        if r.tdp_id not in latest or r.number > latest[r.tdp_id].number:
            latest[r.tdp_id] = r
    return [c for r in sorted(latest.values(), key=lambda r: r.tdp.number) for c in r.contests]


def _file_names(runs: list[PrintRun]) -> dict[int, str]:
    """to-05-to-truong.pdf per run; a contest with several active runs gets the run number in each name."""
    base = {run.id: f"to-{run.contest.round.tdp.number:02d}-{SLUG[run.contest.position]}"
                    f"{'-ban-thu' if run.test else ''}" for run in runs}
    seen = [name for name in base.values()]
    return {rid: f"{name}-dot-{rid}.pdf" if seen.count(name) > 1 else f"{name}.pdf" for rid, name in base.items()}


def summary_of(runs: Iterable[PrintRun]) -> list[dict]:
    """Ballots per TDP and contest, in TDP order: [{"tdp": 5, "name": "Tổ dân phố số 5", "leader": 398,
    "deputy": 398, "files": 2}, ...] (D23: the finished job says what it printed)."""
    rows: dict[int, dict] = {}
    for run in runs:
        tdp = run.contest.round.tdp
        row = rows.setdefault(tdp.number, {"tdp": tdp.number, "name": tdp.name, "leader": 0, "deputy": 0,
                                           "files": 0})
        row[run.contest.position.value] += run.quantity
        row["files"] += 1
    return [rows[n] for n in sorted(rows)]


def _prepare_runs(app: Flask, taken: queue.Claim, job: PrintJob, actor) -> list[PrintRun]:
    """Every contest that has a published list gets a run: its active runs of this kind (reused, also those
    a dead attempt of this job created), else a new one. Commits after each contest, renewing the lease."""
    runs: list[PrintRun] = []
    for contest in _contests(db.session.get(Election, job.election_id)):
        if not services.definition_for(contest)["candidates"]:
            continue
        active = services.active_runs(contest, test=job.test)
        if not active:
            quantity = services.default_quantity(electorate(contest.round), job.spare_percent)
            active = [services.create_run(actor, contest, quantity, test=job.test)]
        runs.extend(active)
        db.session.commit()
        queue.renew(app, taken)
    return runs


def _work(runs: list[PrintRun], key: bytes) -> Iterator[tuple[str, object, list]]:
    """(file name, spec, pages) per run, built only when the pool is ready for it: the pages of a run are a
    fresh random order (services.printed_pages) and live only until its PDF is written."""
    names = _file_names(runs)
    for run in sorted(runs, key=lambda r: r.quantity, reverse=True):  # the largest first: cores finish together
        yield names[run.id], services.ballot_spec(run), services.printed_pages(run, key)


def render_stream(work: Iterable[tuple[str, object, list]], processes: int) -> Iterator[tuple[str, bytes]]:
    """(name, pdf) as each PDF is finished, with at most two PDFs per process in flight."""
    if processes <= 1:
        for name, spec, pages in work:
            yield name, render(spec, pages)
        return
    # forkserver: the workers inherit neither the caller's threads nor its open connections.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        pending: dict = {}
        for name, spec, pages in work:
            pending[pool.submit(render, spec, pages)] = name
            if len(pending) >= 2 * processes:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield pending.pop(future), future.result()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield pending.pop(future), future.result()


def run_claimed(app: Flask, taken: queue.Claim, *, processes: int | None = None, pause: float = 0.0) -> None:
    """Run a job this worker has claimed: prepare the runs, stream the PDFs into the ZIP, write the summary.
    Never raises: a failure is recorded on the job with its message; a lost lease (another worker took the
    job over) leaves everything to that worker. `pause` seconds after each PDF: for tests that kill a worker
    in the middle of a job."""
    with app.app_context():
        part: Path | None = None
        try:
            from app.auth.models import User

            job = db.session.get(PrintJob, taken.job_id)
            actor = db.session.get(User, job.created_by_id) if job.created_by_id else None
            runs = _prepare_runs(app, taken, job, actor)
            queue.renew(app, taken, done=0, total=len(runs))
            key = services.ballot_key(db.session.get(Election, job.election_id))
            target = jobs_dir(app) / f"ward-{job.election_id}-job-{job.id}.zip"
            for dead in target.parent.glob(f"{target.stem}.*.part"):  # an earlier attempt's unfinished ZIP
                dead.unlink(missing_ok=True)
            part = target.with_name(f"{target.stem}.{taken.attempt}.part")
            part.touch(mode=0o600)
            workers = min(processes or int(app.config.get("PRINT_JOB_PROCESSES") or 0) or os.cpu_count() or 1,
                          max(len(runs), 1))
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
                for done, (name, pdf) in enumerate(render_stream(_work(runs, key), workers), start=1):
                    archive.writestr(name, pdf)
                    del pdf
                    queue.renew(app, taken, done=done)
                    if pause:
                        time.sleep(pause)
            part.replace(target)
            part = None
            queue.finish(taken, status="done", result_file=target.name, done=len(runs), summary=summary_of(runs))
            record(actor, "ballots.ward_job", "print_job", job.id,
                   after={"runs": len(runs), "test": job.test, "file": target.name, "attempt": taken.attempt})
            db.session.commit()
        except queue.LeaseLost:
            db.session.rollback()
            app.logger.warning("print job %s: lease lost, attempt %s stops", taken.job_id, taken.attempt)
        except Exception as error:  # noqa: BLE001 - the job row must say what went wrong
            db.session.rollback()
            app.logger.exception("print job %s failed", taken.job_id)
            try:
                queue.finish(taken, status="failed", message=f"Lỗi khi in: {error}"[:500])
                db.session.commit()
            except queue.LeaseLost:
                pass
        finally:
            if part is not None:
                part.unlink(missing_ok=True)
            db.session.remove()


def job_election(job: PrintJob) -> Election:
    return db.session.get(Election, job.election_id)
