"""The election pages: create with dates, paste preview then apply, the bulk table, who may do it."""

from datetime import date, time

from sqlalchemy import func, select

from app.auth.models import Duty
from app.candidates.models import CandidateList
from app.elections.models import Election, ElectionRound
from tests.elections.builders import new_election, ward_with_tdps
from tests.factories import create_app_user, login


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_ward_admin_creates_an_election_with_a_default_day_and_lands_on_the_schedule(client, session):
    world = ward_with_tdps(1, 2, 3)
    session.commit()
    login(client, world.admin)
    assert "Nghị định 59/2023 (đang có hiệu lực)" in _text(client.get("/elections/new"))
    response = client.post("/elections/new", data={"rule_set": "nd-59-2023", "vote_date": "14/03/2027",
                                                   "starts_at": "8h", "term_years": "5", "term_label": "",
                                                   "plan_template": "nd-59-2023", "deputy_seats": "1"})
    election = session.scalar(select(Election))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/elections/{election.id}/schedule")
    assert election.term_label == "2027–2032" and election.default_starts_at == time(8, 0)
    page = _text(client.get(response.headers["Location"]))
    assert "Đã tạo cuộc bầu cử nhiệm kỳ 2027–2032 cho 3 tổ dân phố" in page
    assert page.count('name="date-') == 3 and 'value="14/03/2027"' in page


def test_an_impossible_day_or_an_old_rule_set_is_refused_on_the_form_and_nothing_is_created(client, session):
    world = ward_with_tdps(1)
    session.commit()
    login(client, world.admin)
    bad_day = client.post("/elections/new", data={"rule_set": "nd-59-2023", "vote_date": "31/11/2026",
                                                  "term_years": "5/2", "plan_template": ""})
    assert bad_day.status_code == 422
    assert "Ngày 31/11/2026 không tồn tại" in _text(bad_day) and "30/11/2026" in _text(bad_day)
    old = client.post("/elections/new", data={"rule_set": "tt-14-2018", "vote_date": "15/10/2020",
                                              "term_years": "5/2", "plan_template": ""})
    assert old.status_code == 422 and "Thông tư 14/2018 đã hết hiệu lực" in _text(old)
    assert session.scalar(select(func.count()).select_from(Election)) == 0


def test_a_paste_preview_shows_each_bad_row_and_writes_nothing_then_a_good_paste_applies(client, session):
    world = ward_with_tdps(1, 2, 3)
    election = new_election(world)
    session.commit()
    login(client, world.admin)
    url = f"/elections/{election.id}/schedule/paste"
    bad = client.post(url, data={"text": "1\t31/11/2026\t08:00\tA\n7\t21/03/2027\t08:00\tB\n", "apply": "1"})
    assert bad.status_code == 422
    assert "2 lỗi: chưa ghi gì" in _text(bad) and "Cuộc bầu cử không có tổ dân phố số 7." in _text(bad)
    assert "Áp dụng tất cả" not in _text(bad)
    session.expire_all()
    assert {r.vote_date for r in session.scalars(select(ElectionRound))} == {date(2027, 3, 14)}
    good = "1\t21/03/2027\t19:30\tNhà văn hóa tổ 1\n2\t21/03/2027\t19:30\tNhà văn hóa tổ 2\n"
    preview = client.post(url, data={"text": good, "preview": "1"})
    assert preview.status_code == 200 and "Không có lỗi: 2 tổ sẽ thay đổi" in _text(preview)
    session.expire_all()
    assert {r.vote_date for r in session.scalars(select(ElectionRound))} == {date(2027, 3, 14)}
    applied = client.post(url, data={"text": good, "apply": "1"})
    assert applied.status_code == 302
    session.expire_all()
    days = {r.tdp.number: r.vote_date for r in session.scalars(select(ElectionRound))}
    assert days == {1: date(2027, 3, 21), 2: date(2027, 3, 21), 3: date(2027, 3, 14)}


def test_the_bulk_table_saves_every_row_or_none_and_shows_the_reason_on_the_row(client, session):
    world = ward_with_tdps(1, 2)
    election = new_election(world)
    r1, r2 = sorted(election.rounds, key=lambda r: r.tdp.number)
    session.add(CandidateList(contest_id=r2.contests[0].id, published_on=date(2027, 2, 26)))
    session.commit()
    login(client, world.admin)
    url = f"/elections/{election.id}/schedule"
    form = {f"date-{r1.id}": "21/03/2027", f"time-{r1.id}": "19:30", f"place-{r1.id}": "Hội trường",
            f"date-{r2.id}": "28/03/2027", f"time-{r2.id}": "08:00", f"place-{r2.id}": ""}
    refused = client.post(url, data=form)
    assert refused.status_code == 422
    assert "Tổ 2 đã niêm yết danh sách người ứng cử ngày 26/02/2027" in _text(refused)
    session.expire_all()
    assert session.get(ElectionRound, r1.id).vote_date == date(2027, 3, 14)
    form[f"date-{r2.id}"] = "14/03/2027"
    assert client.post(url, data=form).status_code == 302
    session.expire_all()
    saved = session.get(ElectionRound, r1.id)
    assert (saved.vote_date, saved.starts_at, saved.place) == (date(2027, 3, 21), time(19, 30), "Hội trường")
    assert session.get(ElectionRound, r2.id).place == ""


def test_editing_the_election_changes_its_default_day_for_tdps_on_it(client, session):
    world = ward_with_tdps(1)
    election = new_election(world)
    session.commit()
    login(client, world.admin)
    page = client.get(f"/elections/{election.id}/edit")
    assert 'value="14/03/2027"' in _text(page)
    response = client.post(f"/elections/{election.id}/edit", data={
        "name": "Bầu cử tổ trưởng 2027", "term_label": "2027–2029", "vote_date": "21/03/2027", "starts_at": "08:00"})
    assert response.status_code == 302
    session.expire_all()
    assert session.scalar(select(ElectionRound.vote_date)) == date(2027, 3, 21)


def test_only_the_ward_admin_may_create_or_schedule(client, session):
    world = ward_with_tdps(1)
    election = new_election(world)
    team = create_app_user(world.ward, Duty.ELECTION_TEAM, [world.tdps[1]])
    session.commit()
    login(client, team)
    assert client.get("/elections/new").status_code == 403
    assert client.post(f"/elections/{election.id}/schedule/paste", data={"text": "1\t21/03/2027"}).status_code == 403
    assert "Lịch bầu cử các tổ" not in _text(client.get(f"/elections/{election.id}"))


def test_another_wards_election_is_not_found(client, session):
    world = ward_with_tdps(1)
    other = ward_with_tdps(1)
    election = new_election(other)
    session.commit()
    login(client, world.admin)
    assert client.get(f"/elections/{election.id}/schedule").status_code == 404


def test_an_election_under_an_older_rule_set_says_it_is_for_history_only(client, session):
    world = ward_with_tdps(1)
    old = new_election(world, rule_set_id="nqlt-09-2008", vote_date=date(2017, 10, 15), history_ack=True,
                       plan_template=None)
    current = new_election(world)
    session.commit()
    login(client, world.admin)
    assert "chỉ để tra cứu lịch sử hoặc kiểm lại phiếu" in _text(client.get(f"/elections/{old.id}"))
    assert "chỉ để tra cứu lịch sử" not in _text(client.get(f"/elections/{current.id}"))
