"""A candidate walks from nomination through vetting, consultation and publication in a real browser; a member
of the election team is refused with the reason on the page; a date that does not exist is caught."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.auth.models import Duty
from app.auth.services import create_user
from app.candidates import queries, services
from app.candidates.models import TeamRole
from app.candidates.policy import list_of
from app.elections.models import ElectionRound, Position
from app.extensions import db
from app.rolls.models import Household
from app.wards.models import Tdp
from tests.browser.test_smoke import login
from tests.pdftools import pdf_text

pytestmark = pytest.mark.browser
TDP_NUMBER = 14  # used by this test only


def _prepare(live_server):
    """Empty TDP 14's leader list (the demo fills it) and seat a household representative on the election team.
    Returns the contest id, the code and name of a resident to nominate, and the team member's code."""
    with live_server.app.app_context():
        tdp = db.session.scalar(select(Tdp).where(Tdp.number == TDP_NUMBER))
        round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.tdp_id == tdp.id))
        leader = next(c for c in round_.contests if c.position is Position.LEADER)
        if list_of(leader).published_on is not None:
            services.unpublish(None, leader, "Chuẩn bị kiểm thử trên trình duyệt")
        for candidate in services.standing(leader):
            services.withdraw(None, candidate, "Chuẩn bị kiểm thử trên trình duyệt")
        taken = {c.person_id for c in services.standing(next(c for c in round_.contests if c is not leader))}
        taken |= {m.person_id for m in queries.team(round_)}
        free = [h for h in db.session.scalars(select(Household).where(Household.tdp_id == tdp.id)
                                              .order_by(Household.code))
                if h.representative_id not in taken and (h.representative.birth_year or 2000) < 1990][:2]
        nominee, member = free
        services.add_member(None, round_, services.PersonChoice(household_code=member.code), TeamRole.MEMBER)
        create_user(None, username="tobaucu14", password="mat-khau-to-bau-cu", ward_id=tdp.ward_id,
                    duties=[Duty.ELECTION_TEAM, Duty.PARTY_CELL], tdp_numbers=[TDP_NUMBER])  # the TDP's own team does this work
        db.session.commit()
        result = leader.id, nominee.code, nominee.representative.full_name, member.code
        db.session.remove()
        return result


def test_a_candidate_goes_from_nomination_to_the_published_list_and_a_team_member_is_refused(page, live_server):
    contest_id, code, name, member_code = _prepare(live_server)
    login(page, "tobaucu14", "mat-khau-to-bau-cu")
    page.goto(f"/candidates/contests/{contest_id}")
    expect(page.locator("h1")).to_contain_text("Người ứng cử tổ trưởng")

    page.locator("#nom-household").fill(code)
    page.get_by_role("button", name="Đề cử", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text(f"Đã đề cử {name}")

    page.locator("#nom-household").fill(member_code)  # a member of the election team
    page.get_by_role("button", name="Đề cử", exact=True).click()
    expect(page.locator("#nominate .error")).to_contain_text("thành viên tổ bầu cử không được ứng cử")
    expect(page.locator("#nom-household")).to_have_attribute("aria-invalid", "true")

    page.locator("#candidates").get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_contain_text(name)
    radios = page.locator("#checklist input[type=radio][value=met]")
    for i in range(radios.count()):
        radios.nth(i).check()
    page.get_by_role("button", name="Lưu kết quả thẩm định").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu kết quả thẩm định")
    expect(page.locator("#checklist tr.result-met")).to_have_count(7)

    page.get_by_label("Nhất trí giới thiệu", exact=True).check()
    page.locator("#dec-reasons").fill("Đạt đủ các tiêu chuẩn, được nhân dân tín nhiệm.")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator("#decision")).to_contain_text("Chi bộ nhất trí")
    expect(page.locator("#override")).to_have_count(0)

    page.locator("#con-votes_for").fill("57")
    page.locator("#con-votes_against").fill("3")
    page.locator("#con-comments").fill("Đề nghị tiếp tục phát huy vai trò hòa giải.")
    page.get_by_label("Giữ trong danh sách", exact=True).check()
    page.get_by_role("button", name="Ghi ý kiến hội nghị").click()
    expect(page.locator("#consultation")).to_contain_text("57 ý kiến đồng ý, 3 ý kiến không đồng ý")

    page.goto(f"/candidates/contests/{contest_id}")
    page.locator("#pub-posted_on").fill("31/09/2017")
    page.get_by_role("button", name="Phê duyệt và niêm yết danh sách").click()
    expect(page.locator("#publish .error")).to_contain_text("Có phải ý bạn là 30/09/2017?")
    page.locator("#pub-posted_on").fill("30/09/2017")
    page.get_by_role("button", name="Phê duyệt và niêm yết danh sách").click()
    expect(page.locator("#published")).to_contain_text("niêm yết ngày 30/09/2017")
    expect(page.locator("#final-list li")).to_have_count(1)
    expect(page.locator("#final-list")).to_contain_text(name)
    expect(page.locator("#nominate")).to_have_count(0)

    pdf = page.request.get(f"/candidates/contests/{contest_id}/list.pdf")
    assert pdf.ok and name in pdf_text(pdf.body())
