"""Ballot secrecy as an attacker would test it (issue 10 §1, finding F5): the printed stack's order follows
neither the serials nor the stored rows; the join "k-th household signed in ↔ k-th ballot" recovers no
more votes than guessing; no paper, page or audit record pairs a serial with the names kept.

Bounds: see tests/printing/ranks.py (|rho| < 5/sqrt(n - 1) per run, |pooled z| < 5 over a ward; for the
join, the number of households paired with their own ballot by a random matching is ~Poisson(1), and
P(X >= 8) is about 1e-5)."""

import io
import json
import os
import random
import time
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.attendance import services as attendance
from app.attendance.models import Attendance
from app.audit.models import AuditEvent
from app.auth.models import Duty
from app.demo.candidates import load_candidates
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.minutes import documents
from app.printing import jobs, ledger
from app.printing import services as printing
from app.printing.models import BallotSerial, PrintJob
from app.printing.verify import VerifyReason, verify
from app.rolls.models import Household
from app.tally import entry, services
from app.tally.models import BallotEntry
from ballots.payload import short_serial
from ballots.spec import FOLD_INSTRUCTION
from tests.electionkit import (
    VOTE_DAY,
    bulk_households,
    candidate_ids,
    open_count,
    payloads,
    published,
    sign_in,
)
from tests.factories import create_app_user, create_election, create_tdp, create_ward, login
from tests.minutes.builders import press_case
from tests.pdftools import pdf_text
from tests.printing.ranks import bound, order_report, page_serials, stouffer

#: Largest number of households a blind matching may pair with their own ballot (Poisson(1) tail ~1e-5).
CHANCE_MATCHES = 7


def _row_ids(run) -> dict[str, int]:
    return dict(db.session.execute(select(BallotSerial.serial, BallotSerial.id).where(BallotSerial.run_id == run.id)).tuples().all())


def test_a_printed_run_is_in_an_order_that_follows_neither_serial_nor_row_id(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 400)
    session.commit()
    order = page_serials(printing.render_run(run))
    ids = _row_ids(run)
    assert sorted(order) == sorted(ids)  # every ballot printed once
    limit = bound(len(order))
    for key, rho in order_report(order, ids).items():
        assert abs(rho) < limit, (key, rho, limit)
    # rows as the database hands them out without ORDER BY follow the page order no more than the ids do
    stored = list(session.scalars(select(BallotSerial.serial).where(BallotSerial.run_id == run.id)))
    position = {s: i for i, s in enumerate(stored)}
    assert abs(order_report(order, position)["row_id"]) < limit


def test_each_download_of_a_run_is_a_new_order_of_the_same_ballots(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 60)
    session.commit()
    first, second = page_serials(printing.render_run(run)), page_serials(printing.render_run(run))
    assert sorted(first) == sorted(second) and first != second  # equal by chance: 1 in 60!


def _sheet_serials(pdf: bytes) -> list[list[str]]:
    """The serials on each A4 sheet of a two-up PDF, in reading order."""
    from tests.printing.ranks import SHORT_SERIAL

    return [["".join(hit) for hit in SHORT_SERIAL.findall(text)] for text in pdf_text(pdf).split("\f") if text.strip()]


def test_a_two_up_print_puts_two_ballots_a_sheet_in_an_order_that_follows_neither_serial_nor_row_id(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 400)
    session.commit()
    sheets = _sheet_serials(printing.render_run(run, two_up=True))
    assert len(sheets) == 200 and all(len(sheet) == 2 for sheet in sheets)
    order = [serial for sheet in sheets for serial in sheet]
    ids = _row_ids(run)
    assert sorted(order) == sorted(ids)  # every ballot printed once
    for stack in (order, order[0::2], order[1::2]):  # as printed, and the two stacks after the cut
        for key, rho in order_report(stack, ids).items():
            assert abs(rho) < bound(len(stack)), (key, rho)
    again = [serial for sheet in _sheet_serials(printing.render_run(run, two_up=True)) for serial in sheet]
    assert sorted(again) == sorted(order) and again != order


def test_the_whole_tdp_print_holds_each_contests_ballots_on_sheets_of_their_own(session):
    kit = published(households=12)
    leader = printing.create_run(None, kit.leader, 13)
    deputy = printing.create_run(None, kit.deputy, 13)
    session.commit()
    pdf = printing.render_tdp(kit.tdp, test=False, two_up=True)
    sheets = _sheet_serials(pdf)
    leaders, deputies = set(_row_ids(leader)), set(_row_ids(deputy))
    assert len(sheets) == 14  # 7 sheets each: the 13th ballot of a contest never shares a sheet with the other's
    assert {s for sheet in sheets[:7] for s in sheet} == leaders
    assert {s for sheet in sheets[7:] for s in sheet} == deputies
    texts = pdf_text(pdf).split("\f")
    assert "PHIẾU BẦU TỔ TRƯỞNG" in texts[0] and "PHIẾU BẦU TỔ PHÓ" in texts[7]


def _ward(sizes: dict[int, int]):
    """A ward whose TDPs (number -> households) each have published leader and deputy lists."""
    ward = create_ward()
    election = create_election(ward)
    for number, size in sizes.items():
        tdp = create_tdp(ward, number)
        bulk_households(tdp, size)
        round_ = ElectionRound(election_id=election.id, tdp_id=tdp.id, number=1, vote_date=VOTE_DAY, place="")
        round_.contests = [Contest(position=Position.LEADER, seats=1), Contest(position=Position.DEPUTY, seats=1)]
        db.session.add(round_)
    db.session.flush()
    load_candidates(election, seed=7)
    return ward, election


def test_no_printed_pdf_of_a_whole_ward_job_follows_serial_or_row_order(app_ctx, session):
    ward, election = _ward({number: 30 + 12 * number for number in range(1, 7)})
    admin = create_app_user(ward)
    session.commit()
    job = jobs.start_ward_job(admin, election, background=False)
    session.refresh(job)
    assert job.status == "done", job.message
    archive = zipfile.ZipFile(io.BytesIO((jobs.jobs_dir(app_ctx) / job.result_file).read_bytes()))
    row_ids = dict(session.execute(select(BallotSerial.serial, BallotSerial.id)).tuples().all())
    pooled: dict[str, list[tuple[float, int]]] = {"serial_text": [], "serial_number": [], "row_id": []}
    pages = 0
    for name in archive.namelist():
        order = page_serials(archive.read(name))
        pages += len(order)
        for key, rho in order_report(order, row_ids).items():
            assert abs(rho) < bound(len(order)), (name, key, rho)
            pooled[key].append((rho, len(order)))
    assert len(archive.namelist()) == 12 and pages == len(row_ids)
    for key, runs in pooled.items():
        assert abs(stouffer(runs)) < 5, (key, stouffer(runs))


def test_the_ward_jobs_zip_is_private_and_deleted_after_its_keep_time(app_ctx, client, session):
    kit = published(households=12)
    admin = create_app_user(kit.ward)
    session.commit()
    job = jobs.start_ward_job(admin, kit.election, background=False)
    session.refresh(job)
    path = jobs.jobs_dir(app_ctx) / job.result_file
    assert path.stat().st_mode & 0o077 == 0
    login(client, admin)
    response = client.get(f"/ballots/jobs/{job.id}.zip")
    response.close()
    assert response.status_code == 200
    old = time.time() - (jobs.KEEP_HOURS + 1) * 3600
    os.utime(path, (old, old))
    assert client.get(f"/ballots/jobs/{job.id}.zip").status_code == 404
    assert not path.exists()
    assert jobs.purge_expired(app_ctx) == 1
    assert session.get(PrintJob, job.id).status == jobs.EXPIRED


def test_the_join_of_sign_in_order_with_stored_entries_recovers_no_more_than_chance(session):
    """The review's attack: households sign in; the team hands out ballots from the top of the printed
    stack; the box is shaken and counted; then sign-in order is joined with every order the database
    keeps of the entries and serials."""
    n = 60
    kit = published(households=n)
    run = printing.create_run(None, kit.leader, n + 6)
    session.commit()
    stack = page_serials(printing.render_run(run))
    text_of = {t.split(":")[5]: t for t in payloads(run)}
    rng = random.Random()
    arrivals = rng.sample(kit.households, n)
    a, b = candidate_ids(run)
    truth: dict[int, tuple[str, int]] = {}  # household -> (serial received, candidate kept)
    for k, household_id in enumerate(arrivals):
        attendance.sign_in(None, kit.round, session.get(Household, household_id), attendance.SignInMethod.CODE)
        truth[household_id] = (stack[k], rng.choice((a, b)))
    open_count(kit, kit.leader)
    box = list(truth.values())
    rng.shuffle(box)
    for serial, choice in box:
        entry.enter_ballot(None, kit.leader, text_of[serial], kept=[choice])
    session.commit()

    signed = list(session.scalars(select(Attendance.household_id).order_by(Attendance.id)))
    by_time = list(session.scalars(select(Attendance.household_id).order_by(Attendance.signed_in_at, Attendance.id)))
    entries = list(session.scalars(select(BallotEntry).where(BallotEntry.contest_id == kit.leader.id)))
    by_serial = {e.serial: e for e in entries}
    printed = list(session.scalars(select(BallotSerial.serial).where(BallotSerial.run_id == run.id)
                                   .order_by(BallotSerial.id)))
    joins = {
        "entry id": sorted(entries, key=lambda e: e.id),
        "entry time": sorted(entries, key=lambda e: (e.entered_at, e.id)),
        "entry serial": sorted(entries, key=lambda e: e.serial),
        "printed row id": [by_serial.get(s) for s in printed],
        "printed serial": [by_serial.get(s) for s in sorted(printed)],
    }
    for households in (signed, by_time):
        for name, guessed in joins.items():
            paired = sum(1 for h, e in zip(households, guessed, strict=False) if e is not None and e.serial == truth[h][0])
            votes = sum(1 for h, e in zip(households, guessed, strict=False) if e is not None and e.kept == [truth[h][1]])
            assert paired <= CHANCE_MATCHES, (name, paired)
            assert votes <= n * 0.5 + 5 * (n * 0.25) ** 0.5, (name, votes)  # a coin: n/2 ± 5 sd


def test_no_audit_record_pairs_a_serial_with_marks_or_with_a_household(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 12)
    for household_id in kit.households:
        attendance.sign_in(None, kit.round, session.get(Household, household_id), attendance.SignInMethod.CODE)
    open_count(kit, kit.leader)
    saved = [entry.enter_ballot(None, kit.leader, text, kept=candidate_ids(run)[:1]) for text in payloads(run)]
    session.commit()
    serials = {e.serial for e in saved}
    for event in session.scalars(select(AuditEvent)):  # the sign-ins name households; nothing names a serial
        body = json.dumps([event.before, event.after], ensure_ascii=False)
        assert not any(s in body or short_serial(s) in body for s in serials), (event.action, body)
    ballots = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "tally.ballot")))
    assert len(ballots) == 12 and all("kept" not in e.after and "serial" not in e.after for e in ballots)
    key = printing.ballot_key(kit.election)
    by_id = {e.id: e for e in saved}
    assert all(e.after["digest"] == entry.entry_digest(key, by_id[e.after["entry"]]) for e in ballots)


def _double_entry_difference(kit, run):
    open_count(kit, kit.leader, double_entry=True)
    texts, ids = payloads(run), candidate_ids(run)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[:1], pass_no=1)
    entry.enter_ballot(None, kit.leader, texts[0], kept=ids[1:], pass_no=2)
    return texts[0].split(":")[5]


@pytest.mark.parametrize("role", [Duty.OBSERVER, Duty.COUNTING_MEMBER, Duty.PARTY_CELL, Duty.ELECTION_TEAM])
def test_only_the_board_head_and_ward_admin_see_a_ballots_serial_with_its_marks(client, session, role):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 12)
    serial = _double_entry_difference(kit, run)
    user = create_app_user(kit.ward, role, [kit.tdp])
    session.commit()
    login(client, user)
    page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert serial not in page and short_serial(serial) not in page
    assert "Có 1 chênh lệch" in page
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "tally.entries_read")).first()


def test_the_board_heads_view_of_differences_is_recorded_in_the_audit_log(client, session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 12)
    serial = _double_entry_difference(kit, run)
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, [kit.tdp])
    session.commit()
    login(client, head)
    assert serial in client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    read = session.scalars(select(AuditEvent).where(AuditEvent.action == "tally.entries_read")).one()
    assert read.user_id == head.id and read.after == {"what": "differences", "count": 1}


def test_no_minutes_paper_names_a_serial(session):
    kit = published(households=12)
    run = printing.create_run(None, kit.leader, 12)
    serial = _double_entry_difference(kit, run)
    texts, ids = payloads(run), candidate_ids(run)
    for text in texts[1:9]:
        for pass_no in (1, 2):
            entry.enter_ballot(None, kit.leader, text, kept=ids[:1], pass_no=pass_no)
    services.resolve(None, kit.leader, f"ballot:{serial}", 1, "Xem lại phiếu gốc: lượt 1 đúng")
    sign_in(kit, 9)
    ledger.update_ledger(None, kit.leader, {"issued": 9, "unused": 3, "spoiled": 0, "returned": 9})
    services.finalize(None, kit.leader)
    papers = [documents.counting_pdf(kit.leader, 1), documents.meeting_pdf(kit.round)]
    served = {t.split(":")[5] for t in texts}
    for pdf in papers:
        text = pdf_text(pdf)
        flat = "".join(text.split())
        for s in served:
            assert s not in flat and short_serial(s) not in text, s
    assert "Chênh lệch số 1 (một phiếu quét): lấy theo lượt 1" in " ".join(pdf_text(papers[0]).split())


def test_a_round_one_ballot_is_superseded_once_a_rerun_opens_round_two(client, session):
    kit = press_case()
    run = printing.active_runs(kit.leader, test=False)[0]
    text = payloads(run)[0]
    assert verify(text).genuine
    services.open_rerun(None, kit.round, VOTE_DAY + timedelta(days=4))
    admin = create_app_user(kit.ward)
    session.commit()
    check = verify(text)
    assert not check.genuine and check.reason is VerifyReason.SUPERSEDED
    login(client, admin)
    body = client.post("/api/v1/ballots/verify", json={"payload": text}).get_json()
    assert body["genuine"] is False and body["reason"] == "SUPERSEDED" and "bầu lại" in body["message"]


def test_the_printing_pages_give_the_fold_instruction_printed_on_the_ballot(client, session):
    kit = published(households=12)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = " ".join(client.get(f"/ballots/contest/{kit.leader.id}").get_data(as_text=True).split())
    assert FOLD_INSTRUCTION in page and "xáo trộn xấp phiếu" in page
