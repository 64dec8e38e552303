"""Login throttling (F14): one answer and one bookkeeping for real and unknown names, limits per
(username, address), per address and for everyone, Retry-After, and no lockout of the real user."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.auth.models import LoginFailure
from app.auth.services import WRONG_CREDENTIALS, AuthError, LoginPolicy, authenticate
from app.core.db import utcnow
from tests.auth import own_app
from tests.factories import PASSWORD, create_app_user, create_ward

POLICY = LoginPolicy(free_attempts=3, max_delay=30, window=timedelta(minutes=15), address_limit=10,
                     global_limit=50)
ATTACKER = "203.0.113.9"


def _fail(username: str, address: str, now, times: int = 1, password: str = "wrong-password"):
    answers = []
    for _ in range(times):
        try:
            authenticate(username, password, POLICY, now=now, address=address)
        except AuthError as error:
            answers.append((error.message, error.retry_after))
        else:
            answers.append(("ok", None))
    return answers


def _counters(session) -> list[tuple[str, int]]:
    rows = session.execute(select(LoginFailure.key, LoginFailure.failures).order_by(LoginFailure.key)).all()
    return [(key.split(":")[0], n) for key, n in rows]


def test_a_real_and_an_unknown_username_get_the_same_answers_and_the_same_counters(session):
    user = create_app_user(create_ward())
    now = utcnow()
    real = _fail(user.username, ATTACKER, now, times=6)
    real_counters = _counters(session)
    session.execute(LoginFailure.__table__.delete())
    ghost = _fail("ghost123", ATTACKER, now, times=6)
    assert real == ghost
    assert real[:3] == [(WRONG_CREDENTIALS, None)] * 3 and real[3][1] > 0
    assert _counters(session) == real_counters


def test_the_correct_password_from_another_address_passes_while_an_attacker_backs_off(session):
    user = create_app_user(create_ward())
    now = utcnow()
    answers = _fail(user.username, ATTACKER, now, times=8)
    assert answers[-1][1] > 0  # the attacker waits
    assert authenticate(user.username, PASSWORD, POLICY, now=now, address="198.51.100.7") is user


def test_one_address_guessing_many_names_is_limited(session):
    create_app_user(create_ward())
    now = utcnow()
    answers = [_fail(f"name{i}", ATTACKER, now)[0] for i in range(12)]
    assert all(retry is None for _, retry in answers[:10])
    assert all(retry and retry > 0 for _, retry in answers[10:])


def test_past_the_global_limit_only_addresses_that_have_failed_are_held_back(session):
    user = create_app_user(create_ward())
    now = utcnow()
    for i in range(50):  # a botnet: one guess per address
        _fail(f"name{i}", f"10.0.{i // 250}.{i % 250}", now)
    assert _fail("another", "10.0.0.3", now)[0][1] > 0
    assert authenticate(user.username, PASSWORD, POLICY, now=now, address="192.0.2.1") is user


def test_counters_start_again_after_the_window(session):
    create_app_user(create_ward())
    now = utcnow()
    for i in range(10):
        _fail(f"x{i}", ATTACKER, now)
    assert _fail("y", ATTACKER, now)[0][1] > 0
    later = now + timedelta(minutes=16)
    assert _fail("y", ATTACKER, later) == [(WRONG_CREDENTIALS, None)]


def test_failures_are_kept_under_hashed_keys_never_the_typed_name(session):
    now = utcnow()
    _fail("mat-khau-go-nham-o-o-ten", ATTACKER, now)
    keys = list(session.scalars(select(LoginFailure.key)))
    assert len(keys) == 3 and not any("mat-khau" in k or ATTACKER in k for k in keys)


@pytest.fixture
def throttled_client(backend, app_ctx):
    application = backend.make_app(LOGIN_MAX_DELAY_SECONDS=30, LOGIN_ADDRESS_LIMIT=10, LOGIN_GLOBAL_LIMIT=100)
    with own_app(application):
        yield application.test_client()


def test_the_login_page_answers_429_with_retry_after_and_the_same_for_unknown_names(throttled_client, session):
    user = create_app_user(create_ward())
    session.commit()

    def attempts(username):
        out = []
        for _ in range(5):
            r = throttled_client.post("/login", data={"username": username, "password": "wrong-password"},
                                      environ_base={"REMOTE_ADDR": ATTACKER})
            out.append((r.status_code, "Retry-After" in r.headers))
        return out

    real, ghost = attempts(user.username), attempts("ghost123")
    assert real == ghost == [(200, False)] * 3 + [(429, True)] * 2
    ok = throttled_client.post("/login", data={"username": user.username, "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert ok.status_code == 302
    assert session.scalar(select(func.count()).select_from(LoginFailure)) > 0
