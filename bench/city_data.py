"""Synthetic city for bench/city_dashboard.py: wards of TDPs with households, one election per ward, rounds,
contests, candidates, print runs, attendance, locked results, imported packages, recognitions, re-run
reasons and the plan's "roll posted" checklist. PostgreSQL COPY for the big tables (PERF-NOTES: ~175k
rows/s), Core executemany elsewhere and on SQLite. Deterministic."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection, insert, text

VOTE_DAY = date(2017, 10, 15)
NOW = datetime(2017, 10, 20, 8, 0, tzinfo=UTC)
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Minh", "Ngọc", "Thảo", "Yến"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]


@dataclass(frozen=True)
class City:
    ward_ids: list[int]
    tdps: int
    households: int
    attendances: int
    results: int


def _copy(conn: Connection, table: str, columns: list[str], rows) -> int:
    """Write rows with COPY on PostgreSQL, executemany elsewhere; returns the number written."""
    rows = list(rows)
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif rows:
        conn.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"),
                     [dict(zip(columns, row, strict=True)) for row in rows])
    return len(rows)


def _ids(conn: Connection, table, rows: list[dict]) -> list[int]:
    return list(conn.scalars(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows))


def _next_id(conn: Connection, table: str) -> int:
    return (conn.scalar(text(f"SELECT max(id) FROM {table}")) or 0) + 1


def _resync(conn: Connection, table: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


#: Rows generated before each COPY of the big tables.
CHUNK = 500_000
BIG_TABLES = ("persons", "households", "attendances", "election_rounds", "contests", "candidates", "candidate_lists",
              "print_runs", "contest_tallies", "results_packages", "recognitions", "rerun_reasons", "checklist_items",
              "tdps", "tdp_summaries")


def analyze(engine) -> None:
    """Statistics only, no visibility map: what autovacuum's ANALYZE has long done to the tables loaded before
    election day (wards, TDPs, rounds, candidates) by the time the day's sign-ins come in. Without it (a server
    running with autovacuum off) PostgreSQL plans every join blind."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE " + ", ".join(BIG_TABLES)))


def never_vacuumed(engine) -> bool:
    """True while the sign-ins have not been vacuumed (no visibility map: the state of election day)."""
    if engine.dialect.name != "postgresql":
        return True
    with engine.connect() as conn:
        return conn.scalar(text("SELECT last_vacuum IS NULL AND last_autovacuum IS NULL FROM pg_stat_user_tables "
                                "WHERE relid = 'attendances'::regclass"))


def vacuum(engine) -> None:
    """What autovacuum does after a bulk load: statistics, and the visibility map that lets PostgreSQL count
    sign-ins from the attendance index alone."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE " + ", ".join(BIG_TABLES)))


def sizes(rng: random.Random, tdps: int, households: int) -> list[int]:
    """TDP sizes between a fifth and twice the mean, summing to `households`."""
    mean = households // tdps
    out = [rng.randint(max(12, mean // 5), mean * 2) for _ in range(tdps)]
    scale = households / sum(out)
    out = [max(12, int(s * scale)) for s in out]
    out[-1] += households - sum(out)
    return out


def _result(rng, electorate, present, a, b, win_rate: float = 0.92):
    """The fields of a locked snapshot the dashboard and the report read."""
    valid = present - rng.randint(0, max(1, present // 50))
    majority = electorate // 2 + 1
    win = rng.random() < win_rate and valid >= majority  # most TDPs elect their leader at the first try
    va = rng.randint(majority, valid) if win else rng.randint(valid // 3, min(valid, majority - 1))
    vb = min(valid - va, rng.randint(0, valid))
    elected = va > electorate // 2
    votes = [{"person": a[0], "name": a[1], "votes": va}, {"person": b[0], "name": b[1], "votes": vb}]
    return {"outcome": "elected" if elected else "no_winner", "next_step": "none" if elected else "rerun",
            "rerun_deadline": None if elected else (VOTE_DAY + timedelta(days=15)).isoformat(),
            "elected": [{"person": a[0], "name": a[1]}] if elected else [], "votes": votes,
            "electorate": electorate, "present": present, "returned": present, "valid": valid, "digest": "0" * 64}


def build_city(conn: Connection, wards: int, tdps: int, households: int, seed: int = 2017, *,
               election_day: bool = False) -> City:
    """Everything the dashboard reads, for `wards` wards sharing `tdps` TDPs and `households` households.
    `election_day`: every TDP signed in, no count locked, no package imported, nothing recognised yet."""
    from app.models import Contest, Election, ElectionRound, Plan, PlanTask, Tdp, Ward  # noqa: F401  (tables registered)

    rng = random.Random(seed)
    per_ward = tdps // wards
    ward_ids = _ids(conn, Ward.__table__, [{"name": f"Phường Đo Tốc Độ {w + 1}", "district": "Quận Thử",
                                            "province": "Hà Nội"} for w in range(wards)])
    place = [(min(i // per_ward, wards - 1), i) for i in range(tdps)]  # (ward index, TDP index)
    tdp_rows = [{"ward_id": ward_ids[w], "number": i - w * per_ward + 1, "name": f"Tổ dân phố số {i - w * per_ward + 1}",
                 "party_cell_name": "", "front_committee_name": ""} for w, i in place]
    tdp_ids = _ids(conn, Tdp.__table__, tdp_rows)
    size = sizes(rng, tdps, households)
    person, household = _next_id(conn, "persons"), _next_id(conn, "households")
    people, homes, members = [], [], {}
    for tdp_id, n in zip(tdp_ids, size, strict=True):
        members[tdp_id] = []
        for i in range(n):
            name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)}"
            people.append((person, tdp_id, name, name.lower(), None, 1940 + i % 60, "male" if i % 2 else "female", None))
            homes.append((household, tdp_id, f"{i + 1:05d}", f"Số {i + 1}", None, "active", None, person))
            members[tdp_id].append((household, person, name))
            person, household = person + 1, household + 1
        if len(homes) >= CHUNK or tdp_id == tdp_ids[-1]:  # in chunks: 10M households do not fit in memory at once
            _copy(conn, "persons", ["id", "tdp_id", "full_name", "search_name", "birth_date", "birth_year", "gender",
                                    "citizen_id"], people)
            _copy(conn, "households", ["id", "tdp_id", "code", "address", "sub_group", "status", "merged_into_id",
                                       "representative_id"], homes)
            people, homes = [], []
    _resync(conn, "persons")
    _resync(conn, "households")

    election_ids = _ids(conn, Election.__table__, [{"ward_id": w, "term_label": "2017–2020", "rule_set_id": "nqlt-09-2008",
                                                    "state": "voting", "deputy_mode": "elected", "deputy_seats": 1,
                                                    "created_at": NOW} for w in ward_ids])
    election_of = dict(zip(ward_ids, election_ids, strict=True))
    rerun = {t for t in tdp_ids if rng.random() < 0.03}
    round_rows = [{"election_id": election_of[row["ward_id"]], "tdp_id": t, "number": number,
                   "vote_date": VOTE_DAY + timedelta(days=7 * (number - 1)), "place": ""}
                  for t, row in zip(tdp_ids, tdp_rows, strict=True) for number in ((1, 2) if t in rerun else (1,))]
    round_ids = _ids(conn, ElectionRound.__table__, round_rows)
    contest_rows = [{"round_id": r, "position": p, "seats": 1} for r in round_ids for p in ("leader", "deputy")]
    contest_ids = _ids(conn, Contest.__table__, contest_rows)

    candidates, lists, runs, attend, tallies, packages, results, attended = [], [], [], [], [], [], 0, 0
    by_round, picks = dict(zip(round_ids, round_rows, strict=True)), {}
    for contest_id, row in zip(contest_ids, contest_rows, strict=True):
        round_ = by_round[row["round_id"]]
        pool = members[round_["tdp_id"]]
        if row["round_id"] not in picks:  # four different people per round: two per contest
            picks[row["round_id"]] = [pool[i][1:] for i in rng.sample(range(len(pool)), 4)]
        pair = picks[row["round_id"]][:2] if row["position"] == "leader" else picks[row["round_id"]][2:]
        for person_id, _name in pair:
            candidates.append((contest_id, row["round_id"], person_id, "front_committee", "", "", NOW, "approved", "",
                               "", NOW))
        lists.append((contest_id, VOTE_DAY - timedelta(days=20), NOW))
        runs.append((contest_id, False, "active", "0" * 16, "{}", len(pool) + len(pool) // 10, NOW))
        present = int(len(pool) * rng.uniform(0.55, 0.95))
        if row["position"] == "leader":
            attend += [(row["round_id"], h, "code", NOW) for h, _p, _n in pool[:present]]
            if len(attend) >= CHUNK:
                attended += _copy(conn, "attendances", ["round_id", "household_id", "method", "signed_in_at"], attend)
                attend = []
        if not election_day and rng.random() < 0.9:
            result = _result(rng, len(pool), present, *pair)
            if rng.random() < 0.05:
                winners = [{"name": v["name"], "votes": v["votes"]} for v in result["votes"][:len(result["elected"])]]
                packages.append((contest_id, row["round_id"], round_["tdp_id"], f"{contest_id:064x}", "0" * 64, "0" * 64,
                                 len(pool), present, present, result["valid"], present - result["valid"],
                                 result["outcome"], result["next_step"], result["rerun_deadline"], json.dumps(winners),
                                 "{}", NOW))
            else:
                tallies.append((contest_id, "secret_ballot", False, False, "final", "{}", "", json.dumps(result), NOW))
            results += 1
    _copy(conn, "candidates", ["contest_id", "round_id", "person_id", "source", "proposer", "address", "nominated_at",
                               "decision", "decision_reasons", "consultation_comments", "decided_at"], candidates)
    _copy(conn, "candidate_lists", ["contest_id", "published_on", "published_at"], lists)
    _copy(conn, "print_runs", ["contest_id", "test", "status", "definition_hash", "definition", "quantity",
                               "created_at"], runs)
    attended += _copy(conn, "attendances", ["round_id", "household_id", "method", "signed_in_at"], attend)
    _copy(conn, "contest_tallies", ["contest_id", "method", "double_entry", "rehearsal", "status", "board",
                                    "counting_place", "result", "finalized_at"], tallies)
    _copy(conn, "results_packages", ["contest_id", "round_id", "tdp_id", "package_digest", "result_key", "minutes_digest",
                                     "electorate", "present", "returned", "valid", "invalid", "outcome", "next_step",
                                     "rerun_deadline", "winners", "body", "imported_at"], packages)
    first = {r["tdp_id"]: (rid, r) for rid, r in zip(round_ids, round_rows, strict=True) if r["number"] == 1}
    _copy(conn, "recognitions", ["election_id", "tdp_id", "round_id", "decision_number", "recognised_on", "recorded_at"],
          [(r["election_id"], t, rid, str(i), VOTE_DAY + timedelta(days=3), NOW)
           for i, (t, (rid, r)) in enumerate(first.items()) if not election_day and rng.random() < 0.6])
    _copy(conn, "rerun_reasons", ["round_id", "kind", "note", "recorded_at"],
          [(rid, "rule_breach" if i % 10 == 0 else "no_winner", "", NOW)
           for i, (rid, r) in enumerate(zip(round_ids, round_rows, strict=True)) if r["number"] == 2])
    plan_ids = _ids(conn, Plan.__table__, [{"ward_id": w, "election_id": e, "title": "Kế hoạch", "template_id": "bench",
                                            "created_at": NOW} for w, e in election_of.items()])
    task_ids = _ids(conn, PlanTask.__table__, [{"plan_id": p, "position": 1, "code": "roll_posted", "title": "Niêm yết",
                                                "details": "", "body": "tdp", "per_tdp": True, "due_rule": "public_notice",
                                                "offset_days": 0, "due_on": None} for p in plan_ids])
    task_of = dict(zip(ward_ids, task_ids, strict=True))
    _copy(conn, "checklist_items", ["task_id", "tdp_id", "due_date", "status", "note", "updated_at"],
          [(task_of[row["ward_id"]], t, VOTE_DAY - timedelta(days=7), "done" if rng.random() < 0.8 else "open", "", NOW)
           for t, row in zip(tdp_ids, tdp_rows, strict=True)])
    return City(ward_ids, tdps, households, attended, results)


#: The day after (bench/city_dashboard.py): rows `day_after` adds, which `undo_day_after` removes again.
DAY_AFTER_NOTE = "bench-day-after"


def day_after(conn: Connection, seed: int = 2018, locked: float = 0.97, win_rate: float = 0.985) -> dict[str, int]:
    """Turn an election-day city (build_city(election_day=True)) into the day after, as the counts leave it:
    the first round's counts locked in `locked` of the TDPs (the others still counting), the TDPs that already
    have a re-run round with their first leader count lost, a few more seats without a winner (chờ bầu lại),
    60 % of the TDPs with an elected leader recognised. COPY into contest_tallies and recognitions, so the
    triggers of tdp_summaries fire row by row as they would for each lock, but no commit hook refreshes them:
    the summaries are all stale until `flask dashboard summaries` (summaries.refresh_all) runs."""
    rng = random.Random(seed)
    rows = conn.execute(text(
        "SELECT c.id, c.position, r.id, r.tdp_id, r.election_id, coalesce(h.active, 0), coalesce(p.present, 0), "
        "EXISTS (SELECT 1 FROM election_rounds AS s WHERE s.tdp_id = r.tdp_id AND s.number > 1) "
        "FROM contests AS c JOIN election_rounds AS r ON r.id = c.round_id "
        "LEFT JOIN household_counts AS h ON h.tdp_id = r.tdp_id LEFT JOIN present_counts AS p ON p.round_id = r.id "
        "WHERE r.number = 1 ORDER BY c.id")).all()
    people = {}
    for contest_id, person_id, name in conn.execute(text(
            "SELECT c.contest_id, c.person_id, p.full_name FROM candidates AS c JOIN persons AS p ON p.id = c.person_id "
            "JOIN contests AS k ON k.id = c.contest_id JOIN election_rounds AS r ON r.id = k.round_id "
            "WHERE r.number = 1 ORDER BY c.id")):
        people.setdefault(contest_id, []).append((person_id, name))
    counting = {tdp for tdp in {row[3] for row in rows} if rng.random() > locked}
    tallies, elected = [], {}
    for contest_id, position, round_id, tdp_id, election_id, electorate, present, rerun in rows:
        if tdp_id in counting and not rerun:
            continue
        lost = rerun and position == "leader"
        result = _result(rng, electorate, present, *people[contest_id][:2], win_rate=0.0 if lost else win_rate)
        tallies.append((contest_id, "secret_ballot", False, False, "final", "{}", DAY_AFTER_NOTE, json.dumps(result), NOW))
        if position == "leader" and result["outcome"] == "elected":
            elected[tdp_id] = (election_id, round_id)
    _copy(conn, "contest_tallies", ["contest_id", "method", "double_entry", "rehearsal", "status", "board",
                                    "counting_place", "result", "finalized_at"], tallies)
    recognised = [(e, t, r, DAY_AFTER_NOTE, VOTE_DAY + timedelta(days=3), NOW)
                  for t, (e, r) in sorted(elected.items()) if rng.random() < 0.6]
    _copy(conn, "recognitions", ["election_id", "tdp_id", "round_id", "decision_number", "recognised_on", "recorded_at"],
          recognised)
    return {"locked": len(tallies), "counting": len(counting), "recognised": len(recognised)}


def undo_day_after(conn: Connection) -> None:
    """Back to election day: the rows day_after added gone, and the summaries they created with them (those of
    the TDPs with a re-run round stay, marked stale)."""
    conn.execute(text("DELETE FROM contest_tallies WHERE counting_place = :n"), {"n": DAY_AFTER_NOTE})
    conn.execute(text("DELETE FROM recognitions WHERE decision_number = :n"), {"n": DAY_AFTER_NOTE})
    conn.execute(text("DELETE FROM tdp_summaries AS s WHERE NOT EXISTS (SELECT 1 FROM election_rounds AS r "
                      "WHERE r.tdp_id = s.tdp_id AND r.election_id = s.election_id AND r.number > 1)"))
