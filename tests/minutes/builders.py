"""Finished counts to print minutes from: a small scanned count with a named clerk, and the press case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty, User
from app.core.db import utcnow
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.printing.models import PrintRun
from app.tally import entry, services
from app.tally.models import BundleKind
from tests.electionkit import Setup, candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user

CLERK = "nhap.phieu.an"


@dataclass
class Count:
    kit: Setup
    run: PrintRun
    clerk: User
    serials: dict[str, str]  #: serial -> what the ballot said: "A", "B", "all_struck", "no_stamp"


def scanned_count(*, finalize: bool = True) -> Count:
    """12 households, 10 present; the clerk scans 10 ballots: 7 for the first name (elected: more than 6),
    1 for the second, one with every name struck and one without the stamp; the ledger adds up; locked."""
    kit = published(households=12)
    sign_in(kit, 10)
    run = printing.create_run(None, kit.leader, 14)
    clerk = create_app_user(kit.ward, Duty.COUNTING_MEMBER, [kit.tdp], username=CLERK)
    open_count(kit, kit.leader)
    texts, (a, b) = payloads(run), candidate_ids(run)
    plan = ["A"] * 7 + ["B"] + ["all_struck", "no_stamp"]
    serials = {}
    for text, what in zip(texts, plan, strict=False):
        kept = {"A": [a], "B": [b], "all_struck": [], "no_stamp": [a]}[what]
        saved = entry.enter_ballot(clerk, kit.leader, text, kept=kept,
                                   invalid_reason="no_stamp" if what == "no_stamp" else None)
        serials[saved.serial] = what
    ledger.update_ledger(None, kit.leader, {"issued": 10, "unused": 4, "spoiled": 0, "returned": 10})
    if finalize:
        services.finalize(None, kit.leader)
    return Count(kit, run, clerk, serials)


def press_case() -> Setup:
    """361 households, 314 present and voting, 308 valid: 159 and 149 votes. Nobody reaches 181."""
    kit = published(households=361, number=7)
    sign_in(kit, 314)
    run = printing.create_run(None, kit.leader, 320)
    open_count(kit, kit.leader)
    a, b = candidate_ids(run)
    entry.enter_bundle(None, kit.leader, [a, b], kind=BundleKind.BUNDLE, bundle_no=1, ballots=314,
                       votes={a: 159, b: 149}, invalid={"all_struck": 4, "too_many_kept": 2})
    ledger.update_ledger(None, kit.leader, {"issued": 314, "unused": 6, "spoiled": 0, "returned": 314})
    services.finalize(None, kit.leader)
    return kit


def sign_in_one_more(kit: Setup) -> None:
    """The eleventh household signs in (the first ten came with scanned_count)."""
    db.session.execute(insert(Attendance.__table__), [{"round_id": kit.round.id, "household_id": kit.households[10],
                                                       "method": SignInMethod.CODE, "signed_in_at": utcnow()}])
