"""The meeting stepper on plain facts: no database."""

from app.meeting.stepper import ContestProgress, MeetingFacts, StepKey, StepState, meeting_steps


def contest(cid=1, *, set_up=False, secret=True, issued=0, entered=0, blocking=(), locked=False, position="leader"):
    return ContestProgress(cid, position, set_up, secret, issued, entered, tuple(blocking), locked)


def states(facts: MeetingFacts) -> dict[StepKey, StepState]:
    return {s.key: s.state for s in meeting_steps(facts)}


def test_before_anyone_signs_in_sign_in_is_current_and_the_rest_to_do():
    got = states(MeetingFacts(10, 0, False, (contest(),), False))
    assert got[StepKey.SIGNIN] is StepState.CURRENT
    assert [got[k] for k in list(StepKey)[1:]] == [StepState.TODO] * 7


def test_the_steps_follow_the_meeting_in_order_and_only_one_is_current():
    facts = [
        (MeetingFacts(10, 5, False, (contest(),), False), StepKey.QUORUM),
        (MeetingFacts(10, 6, True, (contest(),), False), StepKey.METHOD),
        (MeetingFacts(10, 6, True, (contest(set_up=True),), False), StepKey.ISSUED),
        (MeetingFacts(10, 6, True, (contest(set_up=True, issued=6),), False), StepKey.COUNT),
        (MeetingFacts(10, 6, True, (contest(set_up=True, issued=6, entered=6, blocking=["lệch"]),), False),
         StepKey.RECONCILE),
        (MeetingFacts(10, 6, True, (contest(set_up=True, issued=6, entered=6),), False), StepKey.LOCK),
        (MeetingFacts(10, 6, True, (contest(set_up=True, issued=6, entered=6, locked=True),), False), StepKey.MINUTES),
    ]
    for f, current in facts:
        got = states(f)
        assert [k for k, s in got.items() if s is StepState.CURRENT] == [current], current
        keys = list(StepKey)
        assert all(got[k] is StepState.DONE for k in keys[:keys.index(current)]), current


def test_every_contest_of_the_round_must_be_locked_and_the_link_opens_the_first_open_one():
    leader = contest(1, set_up=True, issued=6, entered=6, locked=True)
    deputy = contest(2, set_up=True, issued=6, entered=6, position="deputy")
    steps = {s.key: s for s in meeting_steps(MeetingFacts(10, 6, True, (leader, deputy), False))}
    assert steps[StepKey.LOCK].state is StepState.CURRENT and steps[StepKey.LOCK].contest_id == 2
    assert steps[StepKey.LOCK].detail == "1/2"


def test_a_show_of_hands_issues_no_ballots_and_a_sent_result_finishes_the_minutes():
    hands = contest(set_up=True, secret=False, entered=6, locked=True)
    got = states(MeetingFacts(10, 6, True, (hands,), True))
    assert set(got.values()) == {StepState.DONE}
    assert states(MeetingFacts(10, 6, True, (contest(set_up=True, secret=False),), False))[StepKey.ISSUED] \
        is StepState.DONE

