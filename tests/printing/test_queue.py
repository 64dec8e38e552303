"""The print-job queue: a job whose worker dies is taken again and finishes; a worker whose lease was taken
over stops writing; no more jobs run at once than the limit; the finished job says what it printed per TDP."""

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app.core.db import utcnow
from app.extensions import db
from app.printing import jobs, queue
from app.printing.models import PrintJob, PrintRun
from tests.electionkit import published_tdps
from tests.factories import create_app_user, login
from tests.pdftools import pdf_text

ROOT = Path(__file__).resolve().parents[2]
TITLES = {"to-truong": "PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ {n}", "to-pho": "PHIẾU BẦU TỔ PHÓ TỔ DÂN PHỐ SỐ {n}"}


@pytest.fixture(autouse=True)
def _private_jobs_dir(app, tmp_path, monkeypatch):
    """Job ids start again in every test's database: each test gets its own JOBS_DIR."""
    monkeypatch.setitem(app.config, "JOBS_DIR", str(tmp_path / "jobs"))


@pytest.fixture
def ward(session):
    kits = published_tdps((3, 4), households=12)
    session.commit()
    return kits


def _queue(kit, admin=None) -> PrintJob:
    job = PrintJob(election_id=kit.election.id, status="queued", created_by_id=getattr(admin, "id", None))
    db.session.add(job)
    db.session.commit()
    return job


def _expire(job_id: int) -> None:
    db.session.execute(update(PrintJob).where(PrintJob.id == job_id)
                       .values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def _assert_complete_zip(app, job: PrintJob, numbers) -> None:
    """Every contest of every TDP is in the ZIP once, each PDF whole: 12 households + 10% = 14 ballots."""
    archive = zipfile.ZipFile(io.BytesIO((jobs.jobs_dir(app) / job.result_file).read_bytes()))
    assert archive.testzip() is None
    expected = {f"to-{n:02d}-{slug}.pdf" for n in numbers for slug in TITLES}
    assert set(archive.namelist()) == expected and len(archive.namelist()) == len(expected)
    for name in archive.namelist():
        number, slug = int(name[3:5]), name[6:-4]
        text = " ".join(pdf_text(archive.read(name)).split())
        assert text.count(TITLES[slug].format(n=number)) == 14, name


def _worker_env(app, backend) -> dict:
    url = backend.url
    if backend.kind == "postgresql":
        url += f"?options=-csearch_path%3D{backend.schema}"
    return {**os.environ, "DATABASE_URL": url, "JOBS_DIR": str(jobs.jobs_dir(app)), "JOBS_LEASE_SECONDS": "2",
            "PYTHONPATH": str(ROOT)}


def _worker(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app:create_app('testing')", "jobs", "worker",
                             "--once", "--processes", "1", *extra], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_a_job_whose_worker_process_was_killed_mid_job_finishes_after_restart(app_ctx, backend, ward, session):
    admin = create_app_user(ward[0].ward)
    job = _queue(ward[0], admin)
    env = _worker_env(app_ctx, backend)
    first = _worker(env, "--pause", "60")  # sleeps after its first PDF: killed there
    deadline = time.monotonic() + 120
    while True:
        session.expire_all()
        state = session.get(PrintJob, job.id)
        if state.status == "running" and state.done >= 1:
            break
        assert first.poll() is None, first.stdout.read().decode()
        assert time.monotonic() < deadline, "the worker never finished its first PDF"
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    first.stdout.close()
    session.expire_all()
    killed = session.get(PrintJob, job.id)
    assert (killed.status, killed.attempt, killed.done, killed.total) == ("running", 1, 1, 4)
    assert killed.result_file is None and not list(jobs.jobs_dir(app_ctx).glob(f"ward-*-job-{job.id}.zip"))
    runs_before = session.scalar(select(func.count()).select_from(PrintRun))
    assert runs_before == 4

    # A restarted worker does not take the job while the dead one's lease (2 s) is still live ...
    assert queue.claim(app_ctx) is None
    time.sleep(2.2)
    # ... and takes it once the lease has run out.
    second = _worker(env)
    output = second.communicate(timeout=180)[0].decode()
    assert second.returncode == 0, output
    session.expire_all()
    finished = session.get(PrintJob, job.id)
    assert (finished.status, finished.attempt, finished.done, finished.total) == ("done", 2, 4, 4), output
    assert session.scalar(select(func.count()).select_from(PrintRun)) == runs_before  # runs reused, none new
    _assert_complete_zip(app_ctx, finished, (3, 4))
    assert not list(jobs.jobs_dir(app_ctx).glob(f"ward-*-job-{job.id}.*.part"))  # the dead attempt's is gone
    assert [(r["tdp"], r["leader"], r["deputy"]) for r in finished.summary] == [(3, 14, 14), (4, 14, 14)]


def test_a_worker_whose_lease_was_taken_over_writes_nothing_more(app_ctx, ward, session):
    job = _queue(ward[0])
    stale = queue.claim(app_ctx, "dead-worker")
    assert stale is not None and stale.attempt == 1
    _expire(job.id)  # the first worker stopped renewing: its lease is over
    fresh = queue.claim(app_ctx, "new-worker")
    assert (fresh.job_id, fresh.attempt) == (job.id, 2)
    with pytest.raises(queue.LeaseLost):
        queue.renew(app_ctx, stale, done=1)
    jobs.run_claimed(app_ctx, stale, processes=1)  # wakes up late: gives up at its first write
    session.expire_all()
    assert (session.get(PrintJob, job.id).status, session.get(PrintJob, job.id).worker) == ("running", "new-worker")
    jobs.run_claimed(app_ctx, fresh, processes=1)
    session.expire_all()
    done = session.get(PrintJob, job.id)
    assert (done.status, done.attempt, done.lease_until) == ("done", 2, None)
    _assert_complete_zip(app_ctx, done, (3, 4))
    assert not list(jobs.jobs_dir(app_ctx).glob(f"ward-*-job-{job.id}.*.part"))


def test_no_more_jobs_run_at_once_than_the_limit_and_the_oldest_goes_first(app_ctx, ward, session, monkeypatch):
    monkeypatch.setitem(app_ctx.config, "JOBS_MAX_RUNNING", 1)
    first, second = _queue(ward[0]), _queue(ward[0])
    taken = queue.claim(app_ctx)
    assert taken.job_id == first.id
    assert queue.claim(app_ctx) is None  # one slot, taken
    monkeypatch.setitem(app_ctx.config, "JOBS_MAX_RUNNING", 2)
    assert queue.claim(app_ctx).job_id == second.id
    assert queue.claim(app_ctx) is None  # nothing left to take
    _expire(first.id)
    again = queue.claim(app_ctx)
    assert (again.job_id, again.attempt) == (first.id, 2)


def test_the_finished_job_page_shows_ballots_per_tdp_and_contest(client, ward, session):
    admin = create_app_user(ward[0].ward)
    session.commit()
    job = jobs.start_ward_job(admin, ward[0].election, background=False, spare_percent=0)
    session.expire_all()
    assert session.get(PrintJob, job.id).summary == [
        {"tdp": 3, "name": ward[0].tdp.name, "leader": 12, "deputy": 12, "files": 2},
        {"tdp": 4, "name": ward[1].tdp.name, "leader": 12, "deputy": 12, "files": 2}]
    login(client, admin)
    page = client.get(f"/ballots/jobs/{job.id}").get_data(as_text=True)
    summary = page[page.index('id="job-summary"'):]
    assert ward[0].tdp.name in summary and ward[1].tdp.name in summary
    assert "Cộng 2 tổ" in summary and '<th class="num">24</th>' in summary


def test_a_queued_job_is_taken_by_the_in_process_worker_thread(app_ctx, ward, session):
    admin = create_app_user(ward[0].ward)
    session.commit()
    job = jobs.start_ward_job(admin, ward[0].election)  # background: a worker thread of this process
    deadline = time.monotonic() + 120
    while True:
        session.expire_all()
        state = session.get(PrintJob, job.id)
        if state.status in ("done", "failed"):
            break
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert state.status == "done", state.message
    _assert_complete_zip(app_ctx, state, (3, 4))
