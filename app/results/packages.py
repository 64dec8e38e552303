"""Export a locked count as a signed results package (the TDP's laptop), and import one (the ward)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record
from app.elections.models import Contest, Election, ElectionRound, Position
from app.extensions import db
from app.results.codes import fingerprint
from app.results.errors import ResultsError
from app.results.models import ResultsPackage
from app.results.pairing import issued_key_for, key_for
from app.results.signing import check_result, check_signature, package_digest, read, result_key, seal
from app.rolls.queries import current_fingerprint
from app.rules import ThresholdBase, get_rule_set
from app.tally.models import ContestTally, TallyStatus
from app.wards.models import Tdp, Ward

POSITION_TEXT = {"leader": "tổ trưởng", "deputy": "tổ phó"}


def _locked(contest_id: int) -> dict | None:
    tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest_id))
    return tally.result if tally is not None and tally.status is TallyStatus.FINAL else None


def minutes_digest(snapshot: dict) -> str:
    """The digest the paper counting minutes carry: app.minutes prints the locked snapshot's digest, cut to
    app.minutes.digest.short_digest, in the minutes' QR code; the package carries it whole."""
    return snapshot["digest"]


def build_package(actor, contest: Contest, now: datetime) -> dict:
    """The signed package of a locked contest, in natural keys both copies share (ward name, TDP number,
    term, round number, position). Raises ResultsError when the count is not locked or this copy has no
    results key for the TDP."""
    round_ = contest.round
    tdp, election = round_.tdp, round_.election
    snapshot = _locked(contest.id)
    if snapshot is None:
        raise ResultsError("not_final", "Chỉ xuất được gói kết quả khi kết quả kiểm phiếu đã chốt (khóa).")
    key = key_for(tdp.id)
    if key is None:
        raise ResultsError("not_paired", f"Máy này chưa được ghép nối với phường cho tổ {tdp.number}: hãy nhập mã kết "
                           "quả do phường cấp (trang Kết quả, hoặc lệnh `flask --app wsgi results pair`).")
    excluded: list[str] = []
    if contest.position is Position.DEPUTY:
        leader = next((c for c in round_.contests if c.position is Position.LEADER), None)
        leader_result = _locked(leader.id) if leader is not None else None
        excluded = [str(e["person"]) for e in (leader_result or {}).get("elected", [])]
    body = {
        "ward": tdp.ward.name, "tdp": tdp.number, "term": election.term_label, "round": round_.number,
        "position": contest.position.value, "seats": contest.seats, "rule_set": election.rule_set_id,
        "threshold_base": election.threshold_base.value if election.threshold_base else None,
        "vote_date": round_.vote_date.isoformat(), "roll_fingerprint": snapshot["roll_fingerprint"],
        "attendance": {"electorate": snapshot["electorate"], "present": snapshot["present"]},
        "counts": {"returned": snapshot["returned"], "valid": snapshot["valid"],
                   "invalid": sum(snapshot["invalid"].values()),
                   "votes": [{"candidate": str(v["person"]), "name": v["name"], "votes": v["votes"]}
                             for v in snapshot["votes"]]},
        "excluded": excluded, "result": snapshot, "minutes_digest": minutes_digest(snapshot),
        "exported_at": now.isoformat(timespec="seconds"),
        #: Not a proof of anything (the signature is): lets the ward say which key a refused package used.
        "key_fingerprint": fingerprint(key),
    }
    envelope = seal(body, key)
    record(actor, "results.export", "contest", contest.id, tdp_id=tdp.id,
           after={"package": package_digest(envelope), "result": snapshot["digest"]})
    return envelope


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _target(ward: Ward, body: dict) -> tuple[Tdp, Election, ElectionRound, Contest]:
    """The ward's own TDP, election, round and contest the package speaks of, found by natural keys."""
    if _nfc(body["ward"]) != _nfc(ward.name):
        raise ResultsError("other_ward", f"Gói này của {body['ward']}, không phải của {ward.name}.")
    tdp = db.session.scalar(select(Tdp).where(Tdp.ward_id == ward.id, Tdp.number == body["tdp"]))
    if tdp is None:
        raise ResultsError("no_tdp", f"{ward.name} không có tổ dân phố số {body['tdp']}.")
    election = db.session.scalar(select(Election).where(Election.ward_id == ward.id,
                                                        Election.term_label == _nfc(body["term"])))
    if election is None:
        raise ResultsError("no_election", f"Phường không có cuộc bầu cử nhiệm kỳ {body['term']}.")
    if election.rule_set_id != body["rule_set"]:
        raise ResultsError("rule_set", f"Gói được kiểm theo bộ quy tắc {body['rule_set']}, cuộc bầu cử của phường theo "
                           f"{election.rule_set_id}: hai máy phải dùng cùng một bộ quy tắc.")
    round_ = db.session.scalar(select(ElectionRound).where(ElectionRound.election_id == election.id,
                                                           ElectionRound.tdp_id == tdp.id,
                                                           ElectionRound.number == body["round"]))
    if round_ is None:
        raise ResultsError("no_round", f"Máy của phường chưa có lần bầu thứ {body['round']} của tổ {tdp.number}; "
                           "hãy mở vòng bầu lại trên máy của phường trước khi nhập.")
    if round_.vote_date.isoformat() != body["vote_date"]:
        raise ResultsError("vote_date", f"Ngày bầu trong gói ({body['vote_date']}) khác ngày bầu của tổ {tdp.number} "
                           f"trên máy của phường ({round_.vote_date.isoformat()}).")
    contest = next((c for c in round_.contests if c.position.value == body["position"]), None)
    if contest is None:
        raise ResultsError("no_contest", f"Lần bầu này của tổ {tdp.number} không có cuộc bầu "
                           f"{POSITION_TEXT.get(body['position'], body['position'])}.")
    return tdp, election, round_, contest


def _refuse_repeats(contest: Contest, tdp: Tdp, digest: str, key: str) -> None:
    what = f"{POSITION_TEXT[contest.position.value]} tổ {tdp.number}, lần bầu thứ {contest.round.number}"
    same_file = db.session.scalar(select(ResultsPackage).where(ResultsPackage.package_digest == digest))
    earlier = same_file or db.session.scalar(select(ResultsPackage).where(ResultsPackage.contest_id == contest.id))
    if earlier is not None and (same_file is not None or earlier.result_key == key):
        raise ResultsError("duplicate", f"Đã nhập gói này: kết quả bầu {what} đã có trên máy của phường.", status=409)
    if earlier is not None:
        raise ResultsError("conflict", f"Xung đột: máy của phường đã có kết quả bầu {what} khác với gói này. Không "
                           "ghi đè; hãy đối chiếu biên bản kiểm phiếu bản giấy.", status=409)
    local = _locked(contest.id)
    if local is not None and result_key(local) == key:
        raise ResultsError("duplicate", f"Đã nhập gói này: kết quả bầu {what} đã được chốt trên máy của phường.",
                           status=409)
    if local is not None:
        raise ResultsError("conflict", f"Xung đột: kết quả bầu {what} đã chốt trên máy của phường khác với gói này. "
                           "Không ghi đè; hãy đối chiếu biên bản kiểm phiếu bản giấy.", status=409)


def import_package(actor, ward: Ward, data: bytes) -> ResultsPackage:
    """Nhập gói kết quả: verify the signature with the results key the ward issued for the TDP (a paired key
    is never trusted), the figures, the result under the rule set and the roll fingerprint; refuse duplicates
    and conflicts (409); store it. Flushes.
    Raises ResultsError with a Vietnamese reason."""
    envelope = read(data)
    body = envelope["body"]
    tdp, election, round_, contest = _target(ward, body)
    key = issued_key_for(tdp)
    claimed, issued = body.get("key_fingerprint"), fingerprint(key)
    if isinstance(claimed, str) and claimed != issued:
        raise ResultsError("signature", f"Gói được ký bằng mã kết quả có mã đối chiếu {claimed[:19]}, không phải mã phường "
                           f"đã cấp cho tổ {tdp.number} (mã đối chiếu {issued}). Không nhập gói này; nếu phường vừa cấp "
                           "mã mới, hãy ghép nối lại máy của tổ bằng mã mới rồi xuất lại gói.")
    check_signature(envelope, key)
    digest, natural = package_digest(envelope), result_key(body["result"])
    _refuse_repeats(contest, tdp, digest, natural)
    base = ThresholdBase(election.threshold_base.value) if election.threshold_base else None
    check_result(body, get_rule_set(election.rule_set_id), base)
    roll = current_fingerprint(tdp.id)
    if body["roll_fingerprint"] != roll.hex or body["attendance"]["electorate"] != roll.households:
        theirs = body["roll_fingerprint"][:12].upper()
        raise ResultsError("roll", f"Danh sách cử tri dùng khi bầu (mã {'-'.join(theirs[i:i + 4] for i in (0, 4, 8))}, "
                           f"{body['attendance']['electorate']} hộ) khác danh sách của tổ {tdp.number} trên máy của "
                           f"phường (mã {roll.short}, {roll.households} hộ). Hãy thống nhất danh sách trước khi nhập.")
    result = body["result"]
    names = {str(v["person"]): v for v in result["votes"]}
    package = ResultsPackage(
        contest_id=contest.id, round_id=round_.id, tdp_id=tdp.id, package_digest=digest, result_key=natural,
        minutes_digest=body["minutes_digest"], electorate=result["electorate"], present=result["present"],
        returned=result["returned"], valid=result["valid"], invalid=body["counts"]["invalid"],
        outcome=result["outcome"], next_step=result["next_step"],
        rerun_deadline=date.fromisoformat(result["rerun_deadline"]) if result["rerun_deadline"] else None,
        winners=[{"name": names[str(e["person"])]["name"], "votes": names[str(e["person"])]["votes"]}
                 for e in result["elected"]],
        body=envelope, imported_by_id=getattr(actor, "id", None))
    try:
        with db.session.begin_nested():
            db.session.add(package)
            db.session.flush()
    except IntegrityError:
        raise ResultsError("conflict", "Một gói khác cho cuộc bầu này vừa được nhập cùng lúc; hãy tải lại trang.",
                           status=409) from None
    record(actor, "results.import", "contest", contest.id, tdp_id=tdp.id,
           after={"package": digest, "outcome": package.outcome, "winners": package.winners,
                  "minutes_digest": package.minutes_digest})
    return package
