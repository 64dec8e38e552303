"""The candidate pages (D27): a full list disables the nomination form with the reason; late postings are
flagged on the ward's oversight page."""

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Duty
from app.candidates.models import CandidateList
from app.extensions import db
from tests.electionkit import published_tdps
from tests.factories import create_app_user, login


def test_a_full_list_disables_the_nomination_form_and_says_why(client, session):
    five, _ = published_tdps((5, 6), households=12)
    db.session.execute(CandidateList.__table__.delete().where(CandidateList.contest_id == five.leader.id))
    team = create_app_user(five.ward, Duty.ELECTION_TEAM, [five.tdp])
    session.commit()
    login(client, team)
    page = client.get(f"/candidates/contests/{five.leader.id}").get_data(as_text=True)
    form = page.split('id="nominate"', 1)[1].split("</section>", 1)[0]
    assert 'id="list-full"' in form and "chỉ được có tối đa 2 người ứng cử" in form
    assert '<fieldset class="plain" disabled' in form


def test_a_list_posted_after_its_deadline_is_flagged_on_the_oversight_page(client, session):
    five, six = published_tdps((5, 6), households=12)
    late = db.session.scalar(select(CandidateList).where(CandidateList.contest_id == five.leader.id))
    late.published_on = five.round.vote_date - timedelta(days=5)  # the list is due 15 days before the vote
    on_time = db.session.scalar(select(CandidateList).where(CandidateList.contest_id == six.leader.id))
    on_time.published_on = six.round.vote_date - timedelta(days=20)
    admin = create_app_user(five.ward)
    session.commit()
    login(client, admin)
    page = client.get("/candidates/oversight").get_data(as_text=True)
    assert f'data-late="{five.leader.id}"' in page and "trễ hạn (hạn 30/09/2017)" in page
    assert f'data-late="{six.leader.id}"' not in page
    assert 'id="late-count">' in page
