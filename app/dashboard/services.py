"""Assemble the dashboard: the aggregate reads, then the pure stage logic, for one ward or many."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.auth.models import User
from app.dashboard import queries
from app.dashboard.chart import Chart, turnout_chart
from app.dashboard.stages import ContestFacts, Counters, RoundFacts, TdpFacts, TdpRow, counters, tdp_row
from app.elections.models import Election
from app.rules import get_rule_set

#: Working days the ward has for a recognition decision when the rule set names none (nqlt-09-2008,
#: tt-14-2018); nd-59-2023 gives 5 working days itself. Override with RECOGNITION_WORKING_DAYS.
DEFAULT_RECOGNITION_DAYS = 5


@dataclass(frozen=True)
class Dashboard:
    elections: dict[int, Election]  #: by ward id
    rows: list[TdpRow]
    counters: Counters
    chart: Chart
    ward_of: dict[int, int] = field(default_factory=dict)  #: TDP id → ward id, for the rows


def visible_tdps(user: User) -> list[int] | None:
    """None for ward-wide roles (every TDP), else the user's own TDP ids."""
    return None if user.is_ward_wide else [t.id for t in user.tdps]


def _contest_facts(row: queries.ContestRow) -> ContestFacts:
    found, source = (row.tally, "count") if row.tally else (row.package, "package") if row.package else (None, None)
    extra = {} if found is None else {
        "source": source, "outcome": found["outcome"], "next_step": found["next_step"],
        "rerun_deadline": found["rerun_deadline"], "winners": tuple(found["winners"]), "present": found["present"]}
    return ContestFacts(row.position, row.approved, row.undecided, row.published_on, row.live_runs, **extra)


def build(ward_ids: list[int], tdp_ids: list[int] | None = None, *,
          recognition_days: int = DEFAULT_RECOGNITION_DAYS) -> Dashboard:
    """The dashboard of the wards' newest elections, restricted to `tdp_ids` when given (every read is, so a
    page of TDPs costs what its TDPs cost). A fixed number of statements whatever the number of TDPs."""
    queries.plan_each_call()
    elections = queries.latest_elections(ward_ids)
    election_ids = [e.id for e in elections.values()]
    tdps = queries.tdps_with_households(ward_ids, tdp_ids)
    contests = queries.contest_rows(election_ids, tdp_ids=tdp_ids) if election_ids else []
    present = queries.present_by_round(election_ids, tdp_ids) if election_ids else {}
    roll_done = queries.roll_task_done(election_ids, tdp_ids) if election_ids else {}
    recognised = queries.recognitions(election_ids, tdp_ids) if election_ids else {}
    reruns = queries.rerun_kinds(election_ids, tdp_ids) if election_ids else {}

    by_round: dict[int, list[queries.ContestRow]] = defaultdict(list)
    for c in contests:
        by_round[c.round_id].append(c)
    rounds_of: dict[int, list[RoundFacts]] = defaultdict(list)
    for round_id, cs in sorted(by_round.items(), key=lambda item: item[1][0].round_number):
        first = cs[0]
        rounds_of[first.tdp_id].append(RoundFacts(
            first.round_number, first.vote_date, present.get(round_id, 0),
            tuple(_contest_facts(c) for c in sorted(cs, key=lambda c: c.position != "leader")), reruns.get(round_id),
            round_id))
    rows, ward_of = [], {}
    for tdp_id, ward_id, number, name, households in tdps:
        election = elections.get(ward_id)
        if election is None:
            continue
        recognition = recognised.get(tdp_id)
        facts = TdpFacts(tdp_id, number, name, households, roll_done.get(tdp_id), tuple(rounds_of.get(tdp_id, ())),
                         recognition.recognised_on if recognition else None)
        rows.append(tdp_row(facts, get_rule_set(election.rule_set_id), recognition_days))
        ward_of[tdp_id] = ward_id
    return Dashboard(elections, rows, counters(rows), turnout_chart(rows), ward_of)
