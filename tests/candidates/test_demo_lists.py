"""The demo ward comes with a published candidate list for every contest, ready for ballots."""

from datetime import timedelta

from sqlalchemy import func, select

from app.candidates import queries, services, vetting
from app.candidates.models import Candidate
from app.candidates.policy import list_of
from app.demo.services import load_demo
from app.elections.models import Contest, ElectionRound, Position
from app.rolls.models import Person


def test_every_demo_contest_has_two_distinct_vetted_published_candidates(session):
    load_demo(historic=True)
    assert session.scalar(select(func.count()).select_from(Candidate)) == 38 * 4
    assert session.scalar(select(func.count()).select_from(Person)) == 8233  # residents from the roll, no one new
    for round_ in session.scalars(select(ElectionRound)):
        people = []
        for contest in round_.contests:
            final = services.final_list(contest)
            assert len(final) == 2, (round_.tdp.number, contest.position)
            people += [c.person_id for c in final]
            for line in final:
                candidate = session.get(Candidate, line.candidate_id)
                findings = vetting.findings(candidate, vetting.checklist(round_.election))
                assert all(f.result == "met" for f in findings), findings
                assert candidate.outcome is not None and candidate.person.tdp_id == round_.tdp_id
        assert len(set(people)) == 4
        team = queries.team(round_)
        assert [m.role.value for m in team] == ["head", "secretary", "member"]
        assert not {m.person_id for m in team} & set(people)
        lists = [list_of(c) for c in round_.contests]
        assert all(r.published_on <= round_.vote_date - timedelta(days=15) for r in lists)
        assert not any(services.is_frozen(c) for c in round_.contests)


def test_the_demo_lists_carry_no_notice_warnings(session):
    from app.candidates.publishing import notice_warnings

    load_demo(historic=True)
    contest = session.scalar(select(Contest).where(Contest.position == Position.DEPUTY).limit(1))
    assert notice_warnings(contest) == ()
