"""The sentences and table rows both minutes write about a locked result, from its snapshot alone.

Pure: a snapshot (app.tally.result.snapshot) in, Vietnamese text out, so the same snapshot always gives
the same words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.minutes.layout import vn_percent
from app.rules import INVALID_REASON_LABELS, THRESHOLD_BASE_LABELS, InvalidReason, ThresholdBase, format_date

OFFICES = {"leader": "tổ trưởng", "deputy": "tổ phó", "question": "lấy ý kiến hộ gia đình"}
METHODS = {"secret_ballot": "bỏ phiếu kín", "show_of_hands": "biểu quyết giơ tay"}
ORDINALS = {2: "thứ hai", 3: "thứ ba", 4: "thứ tư", 5: "thứ năm"}


@dataclass(frozen=True)
class VoteRow:
    number: int
    name: str  #: with "Ông"/"Bà"
    votes: int
    percent: str  #: of the whole electorate, "44,04%"
    elected: bool


def office(snapshot: dict) -> str:
    return OFFICES[snapshot["position"]]


def round_note(number: int) -> str:
    """"" for a first round, " (bầu lần thứ hai)" for a re-run."""
    return "" if number <= 1 else f" (bầu lần {ORDINALS.get(number, str(number))})"


def vote_rows(snapshot: dict) -> list[VoteRow]:
    """One row per candidate in ballot order, each share taken of the whole electorate."""
    elected = {e["person"] for e in snapshot["elected"]}
    return [VoteRow(i, v["name"], v["votes"], vn_percent(v["votes"], snapshot["electorate"]), v["person"] in elected)
            for i, v in enumerate(snapshot["votes"], 1)]


def invalid_lines(snapshot: dict) -> list[tuple[str, int]]:
    """(reason as the minutes word it, how many) for each reason found, in the order of the reasons."""
    found = snapshot["invalid"]
    return [(INVALID_REASON_LABELS[reason], found[reason.value]) for reason in InvalidReason if found.get(reason.value)]


def threshold_sentence(snapshot: dict) -> str:
    base = THRESHOLD_BASE_LABELS[ThresholdBase(snapshot["base_kind"])]
    return (f"Người trúng cử phải được quá một nửa {base} ({snapshot['base']}) bầu, tức ít nhất "
            f"{snapshot['threshold']} phiếu.")


def conclusion(snapshot: dict, tdp_name: str) -> list[str]:
    """Who is elected with their votes and share, or that nobody is; then what must follow."""
    role = office(snapshot)
    votes = {v["person"]: v["votes"] for v in snapshot["votes"]}
    names = {v["person"]: v["name"] for v in snapshot["votes"]}
    lines = [f"{e['name']} trúng cử {role} {tdp_name} với {votes[e['person']]} phiếu bầu, đạt "
             f"{vn_percent(votes[e['person']], snapshot['electorate'])} tổng số cử tri."
             for e in snapshot["elected"]]
    outcome, open_seats = snapshot["outcome"], snapshot["seats"] - len(snapshot["elected"])
    base = THRESHOLD_BASE_LABELS[ThresholdBase(snapshot["base_kind"])]
    if outcome == "no_winner":
        lines.append(f"Không người ứng cử nào được quá một nửa {base} bầu, nên không có người trúng cử {role}.")
    elif outcome == "tie":
        tied = ", ".join(names.get(p, str(p)) for p in snapshot["tied"])
        lines.append(f"{tied} bằng phiếu nhau ở chỗ cuối cùng, nên chỗ này chưa có người trúng cử.")
    elif outcome == "partial":
        lines.append(f"Còn {open_seats} chỗ chưa có người trúng cử {role}.")
    lines.append(next_step(snapshot))
    return lines


def next_step(snapshot: dict) -> str:
    deadline = snapshot.get("rerun_deadline")
    when = format_date(date.fromisoformat(deadline)) if deadline else None
    if snapshot["next_step"] == "rerun":
        return f"Phải tổ chức bầu lại chậm nhất ngày {when}." if when else "Phải tổ chức bầu lại."
    if snapshot["next_step"] == "ward_decides":
        return ("Đề nghị UBND phường xem xét, quyết định công nhận kết quả hoặc tổ chức bầu lại"
                + (f" chậm nhất ngày {when}." if when else "."))
    return "Đề nghị UBND phường ra quyết định công nhận kết quả bầu cử."
