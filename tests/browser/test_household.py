"""Issue 14 in a real browser: a meeting that fails quorum goes to a household ballot round (team lists,
ballots, the returned ballots entered, minutes with the 5-working-day deadline); a yes/no round that needs
more than half of all households; a comparison audit that finds a planted discrepancy and escalates."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.attendance.models import Attendance, SignInMethod
from app.auth.models import Duty
from app.auth.services import create_user
from app.candidates import services as candidate_services
from app.candidates.models import Candidate
from app.core.db import utcnow
from app.elections.models import Contest, ElectionRound, Position
from app.extensions import db
from app.household.services import question_contest_of
from app.printing import ledger
from app.printing import services as printing
from app.printing.models import PrintRun
from app.rolls.models import Household
from app.rules import QUESTION_NO, QUESTION_YES, decision_deadline, draw, format_date, parse_date, place_of
from app.tally import entry, state
from app.tally import services as tally_services
from app.tally.models import BallotEntry, VotingMethod
from app.wards.models import Tdp
from ballots.payload import short_serial
from tests.browser.test_smoke import login
from tests.electionkit import payloads
from tests.pdftools import pdf_text, qr_codes

pytestmark = pytest.mark.browser
ROUND_TDP, QUESTION_TDP, AUDIT_TDP = 34, 35, 25  # used by these tests only
START, END = "09/12/2024", "13/12/2024"
BOARD = {"head": "Trần Văn Trưởng", "witnesses": ["Phạm Văn Chứng", "Đỗ Thị Kiến"]}


def _tdp_round(number):
    tdp = db.session.scalar(select(Tdp).where(Tdp.number == number))
    return tdp, db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))


def _team_of(round_, size):
    """`size` election-team members who are not candidates; their names."""
    standing = set(db.session.scalars(select(Candidate.person_id).where(Candidate.round_id == round_.id)))
    names = []
    for household in db.session.scalars(select(Household).where(Household.tdp_id == round_.tdp_id)
                                        .order_by(Household.code.desc())):
        if household.representative_id in standing:
            continue
        member = candidate_services.add_member(None, round_, candidate_services.PersonChoice(
            household_code=household.code), candidate_services.TeamRole.MEMBER)
        names.append(member.person.full_name)
        if len(names) == size:
            return names
    raise AssertionError("not enough residents for the team")


def _prepare_round(live_server, number, username):
    with live_server.app.app_context():
        tdp, round_ = _tdp_round(number)
        names = _team_of(round_, 2)
        households = db.session.query(Household).filter(Household.tdp_id == tdp.id).count()
        create_user(None, username=username, password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM, Duty.COUNTING_HEAD], tdp_numbers=[number])
        leader = next(c for c in round_.contests if c.position is Position.LEADER)
        run = printing.create_run(None, leader, 6) if number == ROUND_TDP else None
        db.session.commit()
        result = round_.id, leader.id, names, households, (run.id if run else None)
        db.session.remove()
        return result


def _fail_and_open(page, round_id, kind_label, question=""):
    page.goto(f"/rounds/{round_id}/signin")
    page.locator("#household-link").click()
    page.get_by_role("button", name="Ghi nhận hội nghị không thành").click()
    expect(page.locator("#failed")).to_contain_text("Hội nghị không thành")
    page.get_by_label(kind_label).check()
    if question:
        page.get_by_label("Câu hỏi (khi hỏi ý kiến)").fill(question)
    page.get_by_label("Bắt đầu thu phiếu (dd/mm/yyyy)").fill(START)
    page.get_by_label("Kết thúc thu phiếu (dd/mm/yyyy)").fill(END)
    page.get_by_role("button", name="Mở đợt lấy ý kiến hộ gia đình").click()
    due = format_date(decision_deadline(parse_date(END)))
    expect(page.locator("#deadline")).to_contain_text(due)
    return due


def _one_team(page, names, stacks, seal):
    for name in names:
        page.locator("#add-team").get_by_label(name).check()
    page.get_by_role("button", name="Lập tổ").click()
    expect(page.locator("#teams tr[data-team='1']")).to_be_visible()
    page.get_by_role("button", name="Chia hộ cho các tổ").click()
    form = page.locator("#issue")
    form.get_by_label("Tổ thu phiếu số").fill("1")
    form.get_by_label("Các xấp phiếu đã đếm (số phiếu mỗi xấp, cách nhau bằng dấu phẩy)").fill(stacks)
    form.get_by_label("Số niêm phong hòm phiếu").fill(seal)
    form.get_by_role("button", name="Giao phiếu").click()
    expect(page.locator("#teams tr[data-team='1']")).to_contain_text(seal)


def _close_team(page, figures, seal):
    form = page.locator("#close-team")
    form.get_by_label("Tổ thu phiếu số").fill("1")
    for label, value in figures.items():
        form.get_by_label(label, exact=True).fill(str(value))
    form.get_by_label("Số niêm phong khi mở hòm").fill(seal)
    form.get_by_role("button", name="Mở hòm và đối chiếu").click()


def _download_text(page, link_name) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    return " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())


def test_a_failed_meeting_goes_to_a_household_round_with_its_minutes_and_deadline(page, live_server):
    round_id, leader_id, names, households, run_id = _prepare_round(live_server, ROUND_TDP, "tobaucu34")
    login(page, "tobaucu34", "mat-khau-to-bau-cu")
    due = _fail_and_open(page, round_id, "Bầu (các người ứng cử của lần bầu này)")
    _one_team(page, names, "6", "NP-31-A")
    team_list = _download_text(page, "Danh sách phát và thu phiếu")
    assert "DANH SÁCH PHÁT VÀ THU PHIẾU" in team_list and "NP-31-A" in team_list and "Ký trả phiếu" in team_list
    ballots = page.request.get(f"/ballots/runs/{run_id}.pdf")
    assert ballots.ok and ballots.body()[:4] == b"%PDF"

    _close_team(page, {"Đã phát": 5, "Thu về": 4, "Chưa dùng": 1, "Hỏng": 0}, "NP-31-A")
    expect(page.locator("#teams tr[data-team='1']")).to_contain_text("phát 5, thu 4")
    page.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    expect(page.locator("#closed")).to_be_visible()

    with live_server.app.app_context():  # the board opens the count as at any meeting
        contest = db.session.get(Contest, leader_id)
        state.configure(None, contest, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                        place="", board=BOARD)
        state.sign_zero_report(None, contest)
        run = db.session.get(PrintRun, run_id)
        texts = [p.payload for p in printing.ballot_pages(run, printing.ballot_key(contest.round.election))]
        db.session.commit()
        db.session.remove()

    page.goto(f"/count/contest/{leader_id}/enter?pass=1")
    for i, text in enumerate(texts[:4]):
        page.locator("#scan").press_sequentially(text + "\n", delay=2)
        expect(page.locator("#ballot")).to_be_visible()
        page.keyboard.press("2")
        page.keyboard.press("Enter")
        expect(page.locator("#returned")).to_have_text(str(i + 1))
    expect(page.locator("#message")).to_contain_text("Đặt phiếu vào xấp 1, vị trí 4")
    page.goto(f"/count/contest/{leader_id}")
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")

    page.goto(f"/household/round/{round_id}")
    minutes = _download_text(page, "Biên bản lấy ý kiến (PDF)")
    assert "BIÊN BẢN KẾT QUẢ LẤY Ý KIẾN HỘ GIA ĐÌNH BẰNG PHIẾU" in minutes
    assert due in minutes and f"Tổng số hộ gia đình trong danh sách: {households}" in minutes
    assert "Số phiếu thu về: 4" in minutes


def _print_question(live_server, round_id, households):
    """The ward prints the question's ballots (one per household: the team takes them all); returns the run."""
    with live_server.app.app_context():
        contest = question_contest_of(db.session.get(ElectionRound, round_id))
        assert contest is not None
        run = printing.create_run(None, contest, households)
        db.session.commit()
        result = contest.id, run.id
        db.session.remove()
        return result


def test_a_renaming_question_runs_through_printed_ballots_and_the_count(page, live_server):
    round_id, _, names, households, _ = _prepare_round(live_server, QUESTION_TDP, "tobaucu35")
    login(page, "tobaucu35", "mat-khau-to-bau-cu")
    question = "Đồng ý đổi tên Tổ dân phố số 35 thành Tổ dân phố Hoa Sữa?"
    _fail_and_open(page, round_id, "Hỏi ý kiến đồng ý / không đồng ý (đổi tên, sáp nhập tổ …)", question)
    contest_id, run_id = _print_question(live_server, round_id, households)
    _one_team(page, names, str(households), "NP-35")

    # The printed ballots: the question, its two choices, a code on each that the count reads back.
    page.reload()
    page.get_by_role("link", name="In phiếu lấy ý kiến").click()
    expect(page.locator("#ballot-question")).to_have_text(question)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF (A5)").first.click()
    pdf = Path(download.value.path()).read_bytes()
    first = " ".join(pdf_text(pdf).split("\f")[0].split())
    assert "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH" in first and "Hoa Sữa" in first and "Không đồng ý" in first
    texts = [t for sheet in qr_codes(pdf, last=4) for t in sheet]
    assert len(texts) == 4

    half, returned = households // 2, households - 2
    page.goto(f"/household/round/{round_id}")
    _close_team(page, {"Đã phát": households, "Thu về": returned, "Chưa dùng": 0, "Hỏng": 0}, "NP-35")
    page.get_by_role("button", name="Kết thúc đợt lấy ý kiến").click()
    expect(page.locator("#question-pending")).to_be_visible()

    # The count opens as at a meeting, stacks of 10 for the comparison audit.
    page.get_by_role("link", name="Kiểm phiếu lấy ý kiến").click()
    page.get_by_role("link", name="Thông tin kiểm phiếu").click()
    page.get_by_label("Trưởng ban kiểm phiếu").fill(BOARD["head"])
    page.get_by_label("Người chứng kiến thứ nhất (cử tri, không phải người ứng cử)").fill(BOARD["witnesses"][0])
    page.get_by_label("Người chứng kiến thứ hai").fill(BOARD["witnesses"][1])
    page.get_by_label("Số phiếu mỗi xấp", exact=False).fill("10")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("button", name="Người chứng kiến đã ký biên bản kiểm tra hòm phiếu – mở nhập phiếu").click()

    # Most ballots entered by the service the page calls; the last four in the browser, from the scanned codes:
    # striking "Không đồng ý" (key 2) keeps "Đồng ý", striking "Đồng ý" (key 1) keeps "Không đồng ý", and a
    # ballot with neither struck is invalid. In all, exactly half of ALL households agree.
    with live_server.app.app_context():
        contest = db.session.get(Contest, contest_id)
        rest = [t for t in payloads(db.session.get(PrintRun, run_id)) if t not in texts][:returned - 4]
        for i, text in enumerate(rest):
            entry.enter_ballot(None, contest, text, kept=[QUESTION_YES] if i < half - 2 else [QUESTION_NO])
        db.session.commit()
        db.session.remove()
    page.goto(f"/count/contest/{contest_id}/enter?pass=1")
    for n, (text, keys) in enumerate(zip(texts, (["2"], ["2"], ["1"], []), strict=True), start=returned - 3):
        page.locator("#scan").press_sequentially(text + "\n", delay=2)
        expect(page.locator("#ballot")).to_be_visible()
        for key in keys:
            page.keyboard.press(key)
        page.keyboard.press("Enter")
        expect(page.locator("#returned")).to_have_text(str(n))
    last = returned
    expect(page.locator("#message")).to_contain_text(f"Đặt phiếu vào xấp {(last - 1) // 10 + 1}, vị trí {(last - 1) % 10 + 1}")
    page.goto(f"/count/contest/{contest_id}")
    expect(page.locator("#outcome")).to_contain_text(f"Không được thông qua (cần ít nhất {half + 1} hộ đồng ý)")
    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("#tally-status")).to_have_text("Đã chốt kết quả")

    page.goto(f"/household/round/{round_id}")
    expect(page.locator("#question-result")).to_contain_text("Không được thông qua")
    expect(page.locator("#question-result")).to_contain_text(f"đồng ý {half}/{households} hộ; cần {half + 1}")
    minutes = _download_text(page, "Biên bản lấy ý kiến (PDF)")
    assert "KHÔNG ĐƯỢC THÔNG QUA" in minutes and "Hoa Sữa" in minutes
    assert f"Số phiếu kiểm: {returned}; hợp lệ: {returned - 1}; không hợp lệ: 1" in minutes


def _prepare_audit(live_server):
    """TDP 25 counted and locked: every household signed in, all but ten voted, nine in ten for the first name."""
    with live_server.app.app_context():
        tdp, round_ = _tdp_round(AUDIT_TDP)
        leader = next(c for c in round_.contests if c.position is Position.LEADER)
        ids = list(db.session.scalars(select(Household.id).where(Household.tdp_id == tdp.id).order_by(Household.id)))
        for household_id in ids:
            db.session.add(Attendance(round_id=round_.id, household_id=household_id, method=SignInMethod.CODE,
                                      signed_in_at=utcnow()))
        papers = len(ids) - 10
        run = printing.create_run(None, leader, papers)
        state.configure(None, leader, method=VotingMethod.SECRET_BALLOT, approvals=None, double_entry=False,
                        place="", board=BOARD)
        state.sign_zero_report(None, leader)
        texts = [p.payload for p in printing.ballot_pages(run, printing.ballot_key(round_.election))]
        a, b = (c["person"] for c in run.definition["candidates"])
        for i, text in enumerate(texts):
            entry.enter_ballot(None, leader, text, kept=[b] if i % 10 == 9 else [a])
        ledger.update_ledger(None, leader, {"issued": papers, "unused": 0, "spoiled": 0, "returned": papers})
        tally_services.finalize(None, leader)
        create_user(None, username="truongkp25", password="mat-khau-truong-ban", ward_id=tdp.ward_id,
                    duties=[Duty.COUNTING_HEAD], tdp_numbers=[AUDIT_TDP])
        db.session.commit()
        result = leader.id, a, b
        db.session.remove()
        return result


def test_an_audit_draws_from_a_seed_finds_a_planted_discrepancy_and_escalates(page, live_server):
    contest_id, a, b = _prepare_audit(live_server)
    login(page, "truongkp25", "mat-khau-truong-ban")
    page.goto(f"/count/contest/{contest_id}")
    page.get_by_role("link", name="Xấp phiếu và kiểm tra đối chiếu").click()
    page.get_by_role("button", name="Công bố cỡ mẫu").click()
    expect(page.locator("#figures")).to_contain_text("k =")
    seed = "16253461524365142362"
    page.get_by_label("Số gieo (ít nhất 20 chữ số, từ các lần gieo xúc xắc)").fill(seed)
    page.get_by_label("Người gieo (cách nhau bằng dấu phẩy: hai đại diện hộ và một thành viên ban)").fill(
        "Phạm Văn Chứng, Đỗ Thị Kiến, Trần Văn Trưởng")
    page.get_by_role("button", name="Rút phiếu").click()
    first_places = page.locator("#draws tbody tr").evaluate_all("rows => rows.map(r => r.dataset.place)")
    assert first_places

    with live_server.app.app_context():  # the same seed, recomputed from the published places alone
        papers = db.session.query(BallotEntry).filter(BallotEntry.contest_id == contest_id).count()
        k = len(first_places)
        assert [str(p) for p in draw(seed, [place_of(i, 50) for i in range(1, papers + 1)], k)] == first_places
        records = {f"{e.stack_no}-{e.stack_pos}": e for e in db.session.scalars(
            select(BallotEntry).where(BallotEntry.contest_id == contest_id))}
        planted = next(p for p in first_places if records[p].kept == [a])  # a place recorded for the winner
        serial = short_serial(records[planted].serial)
        db.session.remove()

    # Planted: the paper at that place keeps the other name; the record gave its vote to the winner.
    row = page.locator(f"#draws tr[data-place='{planted}']")
    row.locator("input[name=serial]").fill(serial)
    row.locator(f"input[name=kept][value='{b}']").check()
    row.get_by_role("button", name="Ghi kết quả đối chiếu").click()
    expect(page.locator("#status")).to_contain_text("Phải kiểm lại toàn bộ bằng tay")
    expect(page.locator("#recount")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Biên bản kiểm tra đối chiếu (PDF)").click()
    text = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert seed in text and "Phải kiểm lại toàn bộ bằng tay" in text
