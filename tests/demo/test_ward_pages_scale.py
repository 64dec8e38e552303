"""A ward admin's pages cost a bounded number of queries whatever the number of TDPs: no query per TDP."""

import gc
from datetime import date

import pytest
from sqlalchemy import event

from app.demo.services import load_demo
from app.extensions import db

#: Pages a ward admin opens every day (dashboard, plan, overview, reports, printing, counting).
WARD_PAGES = ["/", "/dashboard/", "/plan/", "/plan/all", "/plan/overdue", "/plan/week", "/reports/",
              "/candidates/", "/results/", "/committee/", "/ballots/", "/count/"]


@pytest.fixture
def demo_admin(client, session):
    load_demo(date(2026, 12, 1))
    session.commit()
    client.post("/login", data={"username": "admin", "password": "ngocthuy-admin"})
    return client


def _queries(client, path: str) -> tuple[int, int]:
    db.session.expunge_all()  # a real request starts from an empty session: nothing loaded by the test helps it
    gc.collect()
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        status = client.get(path).status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return status, len(statements)


def test_no_ward_page_issues_a_query_per_tdp_of_the_38(demo_admin):
    costs = {path: _queries(demo_admin, path) for path in WARD_PAGES}
    assert all(status == 200 for status, _ in costs.values()), costs
    assert all(n < 38 for _, n in costs.values()), costs  # /ballots/ and /count/ took 159 before the fix
