"""Steps the count's browser tests share: a count opened on a demo TDP, a member of its board signing in to it,
the ballot ledger kept and the result locked."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty
from app.auth.services import create_user
from app.core.db import utcnow
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.printing import services as printing
from app.printing.models import PrintRun
from app.rolls.models import Household
from app.tally import state
from app.tally.models import VotingMethod
from app.wards.models import Tdp
from tests.browser.test_smoke import login

BOARD = {"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]}
#: The phone the tests use (tests.browser.conftest.PHONE) is this wide.
PHONE_WIDTH = 390


@dataclass(frozen=True)
class Counter:
    """Someone who signs in to count: a user with `duties` on one TDP."""

    username: str
    password: str
    duties: tuple[Duty, ...]


def head(number: int) -> Counter:
    """The head of TDP `number`'s counting board, who also keeps the election team's ballot ledger."""
    return Counter(f"truongkp{number:02d}", "mat-khau-truong-ban", (Duty.COUNTING_HEAD, Duty.ELECTION_TEAM))


def clerk(number: int) -> Counter:
    """A member of TDP `number`'s counting board."""
    return Counter(f"kiemphieu{number}", "mat-khau-kiem-phieu", (Duty.COUNTING_MEMBER,))


@dataclass(frozen=True)
class OpenCount:
    tdp: Tdp
    round: ElectionRound
    leader: Contest
    run: PrintRun

    def payloads(self) -> list[str]:
        """What each printed ballot's QR code says, in print order."""
        return [p.payload for p in printing.ballot_pages(self.run, printing.ballot_key(self.round.election))]


def leader_contest(number: int) -> tuple[Tdp, ElectionRound, Contest]:
    """TDP `number` of the demo ward, its first round and the round's contest for the TDP leader."""
    tdp = db.session.scalar(select(Tdp).where(Tdp.number == number))
    round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
    return tdp, round_, next(c for c in round_.contests if c.position is Position.LEADER)


def add_counter(tdp: Tdp, counter: Counter) -> None:
    create_user(None, username=counter.username, password=counter.password, ward_id=tdp.ward_id,
                duties=list(counter.duties), tdp_numbers=[tdp.number])


def open_count(number: int, ballots: int, *, double_entry: bool, counter: Counter) -> OpenCount:
    """In the demo server's app context: every household of TDP `number` signed in, `ballots` leader ballots
    printed, the count open by secret ballot with its board and the zero report signed, and `counter` able to
    sign in. Nothing is committed: the caller adds what its test needs, then commits."""
    tdp, round_, leader = leader_contest(number)
    for household_id in db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)):
        db.session.add(Attendance(round_id=round_.id, household_id=household_id, method=SignInMethod.CODE,
                                  signed_in_at=utcnow()))
    run = printing.create_run(None, leader, ballots)
    state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=double_entry,
                    place="", board=BOARD)
    state.sign_zero_report(None, leader)
    add_counter(tdp, counter)
    return OpenCount(tdp, round_, leader, run)


def sign_in_to_count(page, counter: Counter, contest_id: int, page_path: str = "") -> None:
    """`counter` signs in and opens the count's page (`page_path`: "/enter?pass=1", "/camera", ...)."""
    login(page, counter.username, counter.password)
    page.goto(f"/count/contest/{contest_id}{page_path}")


def keep_ledger(page, contest_id: int, *, handed_out: int, printed: int) -> None:
    """The team's ballot ledger when every ballot handed out came back in the box and none was spoiled or
    destroyed: the reconciliation then agrees."""
    page.goto(f"/ballots/contest/{contest_id}")
    page.get_by_label("Đã phát ra").fill(str(handed_out))
    page.get_by_label("Hỏng (đã đổi phiếu khác)").fill("0")
    page.get_by_label("Thu về từ hòm phiếu").fill(str(handed_out))
    page.get_by_label("Chưa dùng").fill(str(printed - handed_out))
    page.get_by_label("Đã tiêu hủy").fill("0")
    page.get_by_role("button", name="Lưu sổ theo dõi phiếu").click()
    expect(page.locator("#reconciliation")).to_contain_text("Số phiếu khớp")


def lock_count(page, contest_id: int) -> None:
    """The board head locks the result from the count page; nothing may block it (a warning may remain)."""
    page.goto(f"/count/contest/{contest_id}")
    expect(page.locator("#problems")).not_to_contain_text("chặn chốt")
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")


def fits_the_screen(page, width: int = PHONE_WIDTH) -> None:
    """No horizontal scrolling: the document is no wider than the phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.body.scrollWidth") <= width
