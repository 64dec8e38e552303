"""The signed code on the minutes: zbar reads it off the paper, it verifies, a forged or altered code is
refused, and a paper whose result was unlocked and changed afterwards says so."""

import pytest

from app.minutes import digest, documents
from app.minutes.layout import vn_percent
from app.minutes.services import verify_minutes_qr
from app.printing import ledger
from app.printing.services import ballot_key
from app.tally import entry, services, state
from tests.electionkit import candidate_ids, payloads
from tests.minutes.builders import scanned_count, sign_in_one_more
from tests.pdftools import qr_codes

KEY = bytes(range(32))


def _code_on(pdf: bytes) -> str:
    codes = {c for page in qr_codes(pdf) for c in page}
    assert len(codes) == 1, codes
    return codes.pop()


def test_the_qr_on_every_copy_decodes_with_zbar_and_verifies(session):
    kit = scanned_count().kit
    pdf = documents.counting_pdf(kit.leader)
    pages = qr_codes(pdf)
    assert sum(len(p) for p in pages) == 3  # one per copy
    text = _code_on(pdf)
    assert text.startswith(f"BB1:C:{kit.leader.id}:")
    assert text.split(":")[3] == state.tally_for(kit.leader).result["digest"][:20].upper()
    check = verify_minutes_qr(text)
    assert (check.ok, check.reason, check.kind, check.object, check.matches_stored) == \
        (True, None, "counting", kit.leader.id, True)
    assert "khớp" in check.message and check.tdp_id == kit.tdp.id


def test_a_forged_or_altered_code_is_refused_with_its_reason(session):
    count = scanned_count()
    kit = count.kit
    genuine = _code_on(documents.counting_pdf(kit.leader, 1))
    tag, kind, obj, short, mac = genuine.split(":")
    other = "0" if short[0] != "0" else "1"
    cases = {
        "bad_signature": [f"{tag}:{kind}:{obj}:{other}{short[1:]}:{mac}",  # a changed result digest
                          f"{tag}:{kind}:{obj}:{short}:{'A' if mac[0] != 'A' else 'B'}{mac[1:]}",
                          f"{tag}:{kind}:{kit.deputy.id}:{short}:{mac}",  # moved onto another contest
                          f"{tag}:M:{kit.round.id}:{short}:{mac}",
                          digest.encode(digest.MinutesCode("C", kit.leader.id, short), KEY)],  # another key
        "malformed": ["", "hello", payloads(count.run)[0], genuine + "X", genuine.replace(":", ";"), None, 42,
                      f"{tag}:{kind}:99999999999:{short}:{mac}"],
        "unknown": [f"{tag}:{kind}:{kit.leader.id + 1000}:{short}:{mac}"],
    }
    for reason, texts in cases.items():
        for text in texts:
            check = verify_minutes_qr(text)
            assert (check.ok, check.reason, check.matches_stored) == (False, reason, False), text
            assert check.message
    assert verify_minutes_qr(f"  {genuine.lower()}\n").ok  # a scanner's Enter, a Caps Lock


def test_after_unlocking_and_changing_the_count_the_old_paper_reports_changed_since_print(session):
    count = scanned_count()
    kit = count.kit
    old = _code_on(documents.counting_pdf(kit.leader, 1))
    state.unlock(None, kit.leader, "Bỏ sót phiếu của một hộ đến muộn")
    unlocked = verify_minutes_qr(old)
    assert (unlocked.ok, unlocked.reason, unlocked.matches_stored) == (False, "changed_since_print", False)
    texts, ids = payloads(count.run), candidate_ids(count.run)
    sign_in_one_more(kit)
    entry.enter_ballot(count.clerk, kit.leader, texts[10], kept=ids[1:])
    ledger.update_ledger(None, kit.leader, {"issued": 11, "unused": 3, "spoiled": 0, "returned": 11})
    services.finalize(None, kit.leader)
    check = verify_minutes_qr(old)
    assert (check.ok, check.reason, check.matches_stored) == (False, "changed_since_print", False)
    assert "thay đổi sau khi in" in check.message
    new = _code_on(documents.counting_pdf(kit.leader, 1))
    assert new != old and verify_minutes_qr(new).ok


def test_relocking_the_same_figures_keeps_an_old_paper_valid(session):
    kit = scanned_count().kit
    old = _code_on(documents.counting_pdf(kit.leader, 1))
    state.unlock(None, kit.leader, "Xem lại")
    services.finalize(None, kit.leader)
    assert verify_minutes_qr(old).ok


def test_the_meeting_minutes_code_covers_both_contests(session):
    kit = scanned_count().kit
    before = _code_on(documents.meeting_pdf(kit.round))
    assert before.startswith(f"BB1:M:{kit.round.id}:")
    assert verify_minutes_qr(before).ok
    state.unlock(None, kit.leader, "Xem lại")
    assert verify_minutes_qr(before).reason == "changed_since_print"


def test_a_minutes_code_is_signed_apart_from_ballot_codes(session):
    kit = scanned_count().kit
    key = ballot_key(kit.election)
    code = digest.MinutesCode("C", kit.leader.id, "0123456789ABCDEF0123")
    text = digest.encode(code, key)
    assert digest.parse(text) == (code, text.rsplit(":", 1)[1])
    assert digest.signed(code, text.rsplit(":", 1)[1], key)
    assert not digest.signed(code, text.rsplit(":", 1)[1], KEY)


def test_the_meeting_digest_changes_with_any_contest_result():
    base = digest.meeting_digest(7, {1: "aa", 2: None})
    assert base == digest.meeting_digest(7, {2: None, 1: "aa"})
    assert len({base, digest.meeting_digest(7, {1: "ab", 2: None}), digest.meeting_digest(7, {1: "aa", 2: "bb"}),
                digest.meeting_digest(8, {1: "aa", 2: None})}) == 4


@pytest.mark.parametrize("part, whole, text", [(159, 361, "44,04%"), (149, 361, "41,27%"), (1, 8, "12,50%"),
                                               (2, 3, "66,67%"), (0, 5, "0,00%"), (181, 361, "50,14%"),
                                               (1, 200000, "0,00%"), (1, 20000, "0,01%"), (5, 5, "100,00%")])
def test_shares_are_written_with_two_decimals_and_a_decimal_comma_rounded_half_up(part, whole, text):
    assert vn_percent(part, whole) == text
