"""Election day at a laptop (1280×800) and on a phone: the clerk undoes the ballot just entered, counts a ballot
whose QR will not scan by the code printed on it, a stray number key after an error stays out of the scan box,
and the ward imports a roll typed in TCVN3 (.VnTime) after seeing the conversion."""

import unicodedata
from collections import Counter

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty
from app.auth.services import create_user
from app.core.db import utcnow
from app.elections.models import ElectionRound, Position
from app.extensions import db
from app.printing import services as printing
from app.rolls.models import Household, HouseholdStatus, Person
from app.tally import state
from app.tally.counts import ballot_candidates
from app.tally.models import BallotEntry, VotingMethod
from app.wards.models import Tdp, Ward
from ballots.payload import short_serial
from tests.browser.conftest import PHONE, watched_page
from tests.browser.test_smoke import login
from tests.rolls.data.files import HEADER, xlsx_bytes

pytestmark = pytest.mark.browser
COUNT_TDP = 23  # used by this test only
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture(params=["laptop", "phone"])
def device(request, browser, live_server):
    yield from watched_page(browser, live_server.url, **(LAPTOP if request.param == "laptop" else PHONE))


def _prepare_count(live_server, clerk):
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == COUNT_TDP))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        contest = next(c for c in round_.contests if c.position is Position.LEADER)
        if not db.session.scalar(select(Attendance.id).where(Attendance.round_id == round_.id).limit(1)):
            for household_id in db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id)):
                db.session.add(Attendance(round_id=round_.id, household_id=household_id, method=SignInMethod.CODE,
                                          signed_in_at=utcnow()))
            state.configure(None, contest, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                            place="", board={"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]})
            state.sign_zero_report(None, contest)
        run = printing.create_run(None, contest, 3)
        pages = printing.ballot_pages(run, printing.ballot_key(round_.election))
        create_user(None, username=clerk, password="mat-khau-kiem-phieu", ward_id=tdp.ward_id,
                    duties=[Duty.COUNTING_MEMBER], tdp_numbers=[COUNT_TDP])
        candidates = [c.person_id for c in ballot_candidates(contest)]
        db.session.commit()
        result = contest.id, [(p.payload, p.serial) for p in pages], candidates
        db.session.remove()
        return result


def _stored(live_server, contest_id, serials):
    with live_server.app.app_context():
        rows = db.session.scalars(select(BallotEntry).where(BallotEntry.contest_id == contest_id,
                                                            BallotEntry.serial.in_(serials))).all()
        result = Counter((e.serial, tuple(e.kept), e.invalid_reason) for e in rows)
        db.session.remove()
        return result


def test_undo_and_the_typed_short_code_at_laptop_and_phone_sizes(device, live_server, request):
    size = request.node.callspec.params["device"]
    contest_id, ballots, candidates = _prepare_count(live_server, f"kiemphieu23{size}")
    (first, first_serial), (second, second_serial), _ = ballots
    login(device, f"kiemphieu23{size}", "mat-khau-kiem-phieu")
    device.goto(f"/count/contest/{contest_id}/enter")
    start = int(device.locator("#returned").inner_text())
    scan, names = device.locator("#scan"), device.locator("#names button.name")

    scan.fill(first)
    scan.press("Enter")
    expect(device.locator("#ballot")).to_be_visible()
    names.nth(0).click()  # meant to strike the second name, struck the first
    device.get_by_role("button", name="Lưu phiếu (Enter)").click()
    expect(device.locator("#returned")).to_have_text(str(start + 1))
    assert _stored(live_server, contest_id, [first_serial]) == Counter([(first_serial, tuple(candidates[1:]), None)])

    device.get_by_role("button", name="Hoàn tác phiếu vừa nhập (Ctrl+Z)").click()
    expect(device.locator("#message")).to_contain_text("Đã hoàn tác")
    expect(device.locator("#returned")).to_have_text(str(start))
    assert _stored(live_server, contest_id, [first_serial]) == Counter()

    scan.fill(first)  # entered again, rightly
    scan.press("Enter")
    expect(device.locator("#ballot")).to_be_visible()
    names.nth(1).click()
    device.get_by_role("button", name="Lưu phiếu (Enter)").click()
    expect(device.locator("#returned")).to_have_text(str(start + 1))

    # The second ballot's QR is smudged: the clerk types the code printed beside it.
    scan.fill(short_serial(second_serial).lower())
    scan.press("Enter")
    expect(device.locator("#typed-row")).to_be_visible()
    expect(device.locator("#message")).to_contain_text("gõ tay")
    device.get_by_label("Phiếu nhập bằng mã gõ tay – lý do không quét được mã QR").fill("Mã QR bị nhòe mực")
    names.nth(0).click()
    device.get_by_role("button", name="Lưu phiếu (Enter)").click()
    expect(device.locator("#returned")).to_have_text(str(start + 2))
    assert _stored(live_server, contest_id, [first_serial, second_serial]) == Counter([
        (first_serial, tuple(c for i, c in enumerate(candidates) if i != 1), None),
        (second_serial, tuple(candidates[1:]), None)])


def test_a_stray_number_key_after_an_error_stays_out_of_the_scan_box(page, live_server):
    contest_id, ballots, _ = _prepare_count(live_server, "kiemphieu23stray")
    login(page, "kiemphieu23stray", "mat-khau-kiem-phieu")
    page.goto(f"/count/contest/{contest_id}/enter")
    scan = page.locator("#scan")
    scan.press("Enter")  # an empty Enter does nothing
    expect(page.locator("#message")).to_have_text("")
    scan.press_sequentially("BC1:not-a-ballot\n", delay=2)
    expect(page.locator("#message")).to_have_class("message bad")
    expect(page.locator("#count")).to_have_class("count flash-bad")
    page.keyboard.press("2")  # the marking key meant for the refused ballot
    expect(scan).to_have_value("")
    expect(page.locator("#message")).to_contain_text("phím 2 không được tính")
    scan.press_sequentially(ballots[0][0] + "\n", delay=2)  # the next scan reads cleanly
    expect(page.locator("#ballot")).to_be_visible()


def _prepare_ward(live_server):
    """A second ward with one empty TDP and its own admin, so the demo ward's figures stay as they are."""
    with live_server.app.app_context():
        ward = Ward(name="Phường Thử TCVN3", district="Quận Thử", province="Hà Nội")
        db.session.add(ward)
        db.session.flush()
        tdp = Tdp(ward_id=ward.id, number=1, name="Tổ dân phố số 1")
        db.session.add(tdp)
        create_user(None, username="admintcvn3", password="mat-khau-quan-tri", ward_id=ward.id,
                    duties=[Duty.WARD_ADMIN])
        db.session.commit()
        result = tdp.id
        db.session.remove()
        return result


TCVN3_NAMES = {"§inh Xu©n B×nh": "Đinh Xuân Bình", "NguyÔn V¨n An": "Nguyễn Văn An",
               "TrÇn ThÞ H\u00ad¬ng": "Trần Thị Hương", "Lª V¨n ViÖt": "Lê Văn Việt"}


def test_a_roll_typed_in_tcvn3_is_previewed_converted_and_imported_as_unicode(page, live_server, tmp_path):
    tdp_id = _prepare_ward(live_server)
    rows = [HEADER] + [[i, f"0100{i:02d}", name, 1960, "Nam", "Ph\u00adêng 5", None]
                       for i, name in enumerate(TCVN3_NAMES, 1)]
    path = tmp_path / "danh-sach-tcvn3.xlsx"
    path.write_bytes(xlsx_bytes(rows, text_columns=(1,)))
    login(page, "admintcvn3", "mat-khau-quan-tri")
    page.goto(f"/rolls/import/?tdp_id={tdp_id}")
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("#count-added")).to_have_text("4")
    expect(page.locator("#count-errors")).to_have_text("0")
    conversion = page.locator("#problems tr[data-code='encoding.converted']")
    expect(conversion.first).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("“§inh Xu©n B×nh” → “Đinh Xuân Bình”")
    page.locator("#confirm-form button[type=submit], #confirm-form input[type=submit]").first.click()
    expect(page.locator(".flash-success")).to_contain_text("thêm 4 hộ")

    with live_server.app.app_context():
        names = db.session.scalars(select(Person.full_name).join(Household, Household.representative_id == Person.id)
                                   .where(Household.tdp_id == tdp_id, Household.status == HouseholdStatus.ACTIVE))
        stored = sorted(names)
        addresses = set(db.session.scalars(select(Household.address).where(Household.tdp_id == tdp_id)))
        db.session.remove()
    assert stored == sorted(TCVN3_NAMES.values())
    assert all(unicodedata.is_normalized("NFC", n) for n in stored)
    assert addresses == {"Phường 5"}
