"""The results package format: canonical JSON, HMAC-SHA256 signature, and the checks a package must pass
on its own (figures that add up, a result that follows from them under the rule set). No database here."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from datetime import date

from app.core import inputs as safe_json
from app.core.routing import MAX_ID
from app.results.errors import ResultsError
from app.rules import ContestCount, InvalidInput, RuleError, RuleSet, ThresholdBase, decide
from app.tally.result import result_digest

FORMAT = "bau-cu-tdp/goi-ket-qua"
VERSION = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
FIGURE_LABELS = {"electorate": "tổng số cử tri", "present": "số cử tri có mặt", "returned": "số phiếu thu về",
                 "valid": "số phiếu hợp lệ"}
OUTCOME_TEXT = {"elected": "đủ người trúng cử", "partial": "chưa đủ người trúng cử",
                "no_winner": "không ai trúng cử", "tie": "các người ứng cử bằng phiếu nhau"}


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(key: bytes, body: dict) -> str:
    return hmac.new(key, canonical(body), hashlib.sha256).hexdigest()


def seal(body: dict, key: bytes) -> dict:
    """The file's content: format, version, the body and its signature."""
    return {"format": FORMAT, "version": VERSION, "body": body, "hmac_sha256": sign(key, body)}


def package_digest(envelope: dict) -> str:
    return hashlib.sha256(canonical(envelope["body"])).hexdigest()


def read(data: bytes) -> dict:
    """Parse a package file; ResultsError when it is not one (or is of an unknown version)."""
    try:
        envelope = safe_json.loads(data.decode("utf-8"))  # NaN, 1e999 and deep nesting are not JSON here
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ResultsError("not_json", "Tệp này không phải gói kết quả (không đọc được JSON).") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise ResultsError("not_package", "Tệp này không phải gói kết quả bầu cử tổ dân phố.")
    if envelope.get("version") != VERSION:
        raise ResultsError("version", f"Gói kết quả phiên bản {envelope.get('version')!r}; phần mềm này chỉ đọc "
                           f"phiên bản {VERSION}. Hãy cập nhật phần mềm trên máy của phường.")
    body = envelope.get("body")
    if not isinstance(body, dict) or not isinstance(envelope.get("hmac_sha256"), str):
        raise ResultsError("not_package", "Gói kết quả thiếu nội dung hoặc chữ ký.")
    for field, kind in (("ward", str), ("tdp", int), ("term", str), ("round", int), ("position", str),
                        ("rule_set", str), ("vote_date", str), ("roll_fingerprint", str), ("attendance", dict),
                        ("counts", dict), ("result", dict), ("minutes_digest", str)):
        if not isinstance(body.get(field), kind) or isinstance(body.get(field), bool) \
                or (kind is int and not 1 <= body[field] <= MAX_ID):  # 10**30 overflowed the query (F9)
            raise ResultsError("not_package", f"Gói kết quả thiếu hoặc sai trường “{field}”.")
    return envelope


def check_signature(envelope: dict, key: bytes) -> None:
    if not hmac.compare_digest(sign(key, envelope["body"]), envelope["hmac_sha256"].lower()):
        raise ResultsError("signature", "Chữ ký của gói không khớp: gói đã bị sửa sau khi xuất, hoặc được ký bằng "
                           "mã kết quả khác mã phường đã cấp cho tổ này. Không nhập gói này.")


def _count(value, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ResultsError("figures", f"{label} trong gói không phải số nguyên không âm.")
    return value


def figures(body: dict) -> dict:
    """The package's figures, checked to add up: valid + invalid = returned ≤ present ≤ electorate and
    every candidate's votes ≤ valid; the locked result in the package must state the same figures."""
    att, counts, result = body["attendance"], body["counts"], body["result"]
    electorate = _count(att.get("electorate"), "Tổng số cử tri")
    present = _count(att.get("present"), "Số cử tri có mặt")
    returned = _count(counts.get("returned"), "Số phiếu thu về")
    valid = _count(counts.get("valid"), "Số phiếu hợp lệ")
    invalid = _count(counts.get("invalid"), "Số phiếu không hợp lệ")
    votes = counts.get("votes")
    if not isinstance(votes, list) or not votes:
        raise ResultsError("figures", "Gói kết quả không có số phiếu của người ứng cử nào.")
    if present > electorate:
        raise ResultsError("figures", f"Số cử tri có mặt ({present}) lớn hơn tổng số cử tri ({electorate}).")
    if returned > present:
        raise ResultsError("figures", f"Số phiếu thu về ({returned}) lớn hơn số cử tri có mặt ({present}).")
    if valid + invalid != returned:
        raise ResultsError("figures", f"Số phiếu hợp lệ ({valid}) cộng số phiếu không hợp lệ ({invalid}) phải bằng "
                           f"số phiếu thu về ({returned}).")
    for line in votes:
        if not isinstance(line, dict) or not isinstance(line.get("candidate"), str) or not isinstance(line.get("name"), str):
            raise ResultsError("figures", "Dòng số phiếu của một người ứng cử bị hỏng.")
        n = _count(line.get("votes"), f"Số phiếu của {line['name']}")
        if n > valid:
            raise ResultsError("figures", f"{line['name']} được {n} phiếu, nhiều hơn số phiếu hợp lệ ({valid}).")
    stated = {"electorate": electorate, "present": present, "returned": returned, "valid": valid}
    for field, value in stated.items():
        if result.get(field) != value:
            raise ResultsError("figures", f"Biên bản trong gói ghi {FIGURE_LABELS[field]} là {result.get(field)!r}, "
                               f"khác số liệu của gói ({value}).")
    inner = result.get("invalid") if isinstance(result.get("invalid"), dict) else {}
    if sum(v for v in inner.values() if isinstance(v, int)) != invalid:
        raise ResultsError("figures", "Số phiếu không hợp lệ theo từng lý do không cộng lại bằng tổng.")
    by_candidate = {str(v.get("person")): v.get("votes") for v in result.get("votes", []) if isinstance(v, dict)}
    if by_candidate != {line["candidate"]: line["votes"] for line in votes}:
        raise ResultsError("figures", "Số phiếu từng người trong biên bản khác số phiếu trong gói.")
    if result_digest(result) != result.get("digest") or not _HEX64.fullmatch(body["minutes_digest"]):
        raise ResultsError("digest", "Mã kiểm tra của biên bản trong gói không khớp với nội dung biên bản.")
    return {**stated, "invalid": invalid, "votes": {line["candidate"]: line["votes"] for line in votes}}


def check_result(body: dict, rule_set: RuleSet, base: ThresholdBase | None) -> None:
    """Recompute the decision from the figures under `rule_set`; ResultsError when the package's result
    does not follow from its numbers."""
    numbers = figures(body)
    result = body["result"]
    try:
        vote_date = date.fromisoformat(body["vote_date"])
        count = ContestCount(seats=_count(body.get("seats"), "Số người cần bầu"), electorate=numbers["electorate"],
                             present=numbers["present"], returned=numbers["returned"], valid=numbers["valid"],
                             votes=numbers["votes"])
        decision = decide(count, rule_set, vote_date, base=base, excluded=[str(x) for x in body.get("excluded", [])])
    except (InvalidInput, RuleError) as error:
        raise ResultsError("figures", error.message) from None
    except ValueError:
        raise ResultsError("not_package", "Ngày bầu trong gói không đúng dạng.") from None
    stated_elected = [str(e.get("person")) for e in result.get("elected", []) if isinstance(e, dict)]
    expected = (decision.outcome.value, decision.threshold, list(decision.elected), decision.next_step.value,
                decision.rerun_deadline.isoformat() if decision.rerun_deadline else None)
    stated = (result.get("outcome"), result.get("threshold"), stated_elected, result.get("next_step"),
              result.get("rerun_deadline"))
    if expected != stated:
        raise ResultsError("result", f"Kết quả trong gói không suy ra được từ số phiếu theo {rule_set.title}: với "
                           f"ngưỡng {decision.threshold} phiếu thì {OUTCOME_TEXT[decision.outcome.value]}, nhưng gói ghi "
                           f"“{OUTCOME_TEXT.get(str(result.get('outcome')), result.get('outcome'))}”.")


def result_key(snapshot: dict) -> str:
    """A digest of a locked result in terms both copies share (figures, names, outcome), not local ids."""
    names = {str(v["person"]): v["name"] for v in snapshot.get("votes", [])}
    natural = {
        "electorate": snapshot.get("electorate"), "present": snapshot.get("present"),
        "returned": snapshot.get("returned"), "valid": snapshot.get("valid"),
        "invalid": sum((snapshot.get("invalid") or {}).values()),
        "votes": sorted([v["name"], v["votes"]] for v in snapshot.get("votes", [])),
        "elected": sorted(names.get(str(e["person"]), e.get("name")) for e in snapshot.get("elected", [])),
        "outcome": snapshot.get("outcome"),
    }
    return hashlib.sha256(canonical(natural)).hexdigest()
