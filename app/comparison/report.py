"""The comparison audit's report (biên bản kiểm tra đối chiếu phiếu bầu) and the slip banded onto each
stack, as neutral Papers rendered to PDF and .docx. Places, tickets and outcomes only: the report never
prints a serial beside the marks."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from app.comparison.models import AuditStatus, ComparisonAudit
from app.core.time import local_today
from app.elections.models import Contest, Position
from app.minutes.layout import board_blocks
from app.papers.document import B, Grid, Header, Paper, Para, SignatureBlock, Signatures, Style, para
from app.rolls.documents import issuer_lines, place_name
from app.rules import format_date
from app.tally.models import ContestTally

OFFICE = {Position.LEADER: "tổ trưởng", Position.DEPUTY: "tổ phó", Position.QUESTION: "lấy ý kiến hộ gia đình"}
LEAN_LABELS = {"none": "Khớp", "neutral": "Lệch, không ảnh hưởng số phiếu bầu",
               "hurts": "Lệch, bất lợi cho kết quả đã công bố", "helps": "Lệch, có thể có lợi cho kết quả đã công bố"}
STATUS_LABELS = {
    AuditStatus.PUBLISHED: "Đã công bố cỡ mẫu, chờ gieo số",
    AuditStatus.DRAWN: "Đang đối chiếu",
    AuditStatus.PASSED: "Đạt: các phiếu rút ra khớp với kết quả đã công bố",
    AuditStatus.RECOUNT: "Phải kiểm lại toàn bộ bằng tay",
    AuditStatus.RECOUNTED: "Đã kiểm lại toàn bộ bằng tay",
}


def percent(fraction_text: str) -> str:
    value = Fraction(fraction_text) * 100
    return f"{value.numerator / value.denominator:g}%".replace(".", ",")


def _names(tally: ContestTally) -> dict[str, str]:
    return {str(v["person"]): v["name"] for v in (tally.result or {}).get("votes", [])}


def conclusion(audit: ComparisonAudit, names: dict[str, str]) -> str:
    if audit.status is AuditStatus.RECOUNTED:
        recount = audit.recount or {}
        if recount.get("confirmed"):
            return "Kiểm lại toàn bộ bằng tay xác nhận người trúng cử như kết quả đã công bố."
        elected = ", ".join(names.get(p, p) for p in recount.get("elected", [])) or "không ai"
        return (f"Kiểm lại toàn bộ bằng tay cho kết quả KHÁC kết quả đã công bố (trúng cử: {elected}). "
                "Báo ngay Ban chỉ đạo phường để xem xét.")
    return STATUS_LABELS[audit.status] + "."


def audit_paper(audit: ComparisonAudit, tally: ContestTally, today: date | None = None) -> Paper:
    """The audit report: what was published, the seed and its witnesses, every drawn place and its
    comparison, the conclusion, and the signatures of the board and the witnesses."""
    contest: Contest = audit.contest
    tdp, round_ = contest.round.tdp, contest.round
    names = _names(tally)
    office = OFFICE.get(contest.position, "tổ trưởng")
    rows = tuple((str(d.ticket_order), _place(d), d.ticket[:12],
                  ("Không thấy phiếu" if d.found is False else LEAN_LABELS.get(d.lean or "", "")) if d.compared
                  else "Chưa đối chiếu", d.note or "") for d in audit.drawn)
    blocks: list = [
        Header(issuer_lines(tdp, round_.vote_date), None, place_name(tdp), today or local_today()),
        para(Style.TITLE, "BIÊN BẢN KIỂM TRA ĐỐI CHIẾU PHIẾU BẦU"),
        para(Style.SUBJECT, f"Cuộc bầu {office} – ngày bầu {format_date(round_.vote_date)}"),
        para(Style.BODY, "Kiểm tra đối chiếu chọn ngẫu nhiên một số phiếu giấy theo vị trí trong các xấp phiếu "
                         "(xấp số – vị trí, theo thứ tự kiểm phiếu) và so sánh từng phiếu với bản ghi khi kiểm phiếu."),
        para(Style.HEADING, "1. Số liệu công bố trước khi gieo số"),
        para(Style.ITEM, "Số phiếu có vị trí (N): ", B(audit.papers), "; số bản ghi sai ít nhất có thể đảo kết quả "
             "(m): ", B(audit.margin), "; mức rủi ro (α): ", B(percent(audit.risk_limit)), "; số phiếu rút (k): ",
             B(audit.draws), " (kiểm lại toàn bộ)." if audit.draws >= audit.papers else "."),
        para(Style.ITEM, "Kết quả đã công bố: trúng cử ",
             B(", ".join(names.get(p, p) for p in audit.announced.get("elected", [])) or "không ai"),
             f"; ngưỡng trúng cử {audit.announced.get('threshold')} phiếu."),
        para(Style.HEADING, "2. Số gieo"),
        para(Style.ITEM, "Số gieo: ", B(audit.seed or "(chưa gieo)"), "; người gieo: ",
             ", ".join(audit.seed_witnesses) or "…", "."),
        para(Style.SMALL, "Vé của mỗi phiếu là SHA-256 của chuỗi “số gieo,xấp,vị trí”; rút k phiếu có vé nhỏ nhất. "
                          "Ai có số gieo đều tính lại được. Phiếu do máy đọc ảnh nhập nằm trong xấp của lần tải ảnh "
                          "lên, không theo thứ tự: “vị trí” của nó chỉ là thứ tự theo số phiếu trong xấp, và phiếu "
                          "được tìm trong xấp theo số phiếu in cạnh mã QR."),
        para(Style.HEADING, "3. Các phiếu rút ra và kết quả đối chiếu"),
        Grid(("TT", "Xấp – vị trí (hoặc số phiếu)", "Vé (12 ký tự đầu)", "Kết quả đối chiếu", "Ghi chú"), rows or
             (("", "", "", "Chưa rút phiếu", ""),), (10, 33, 30, 57, 40), centred_columns=(0, 1)),
        para(Style.HEADING, "4. Kết luận"),
        para(Style.BODY, B(conclusion(audit, names))),
    ]
    if audit.recount:
        r = audit.recount
        votes = "; ".join(f"{names.get(p, p)}: {n}" for p, n in r.get("votes", {}).items())
        blocks.append(para(Style.ITEM, f"Kiểm lại bằng tay: hợp lệ {r.get('valid')}, không hợp lệ {r.get('invalid')}; "
                                       f"{votes}. {r.get('note') or ''}".rstrip()))
    board = tally.board or {}
    blocks.append(Signatures(tuple(SignatureBlock((t,), n or "", "(Ký, ghi rõ họ tên)") for t, n in board_blocks(board))))
    return Paper(title=f"Biên bản kiểm tra đối chiếu – {tdp.name}", author=issuer_lines(tdp)[0],
                 footer=f"Kiểm tra đối chiếu phiếu bầu {office} – {tdp.name}", blocks=tuple(blocks))


def _place(d) -> str:
    """A hand-laid place "K–P"; a scanned pile's paper "xấp K" and the serial to look for, on two lines."""
    return f"xấp {d.stack_no}\ntìm phiếu số\n{d.printed_serial}" if d.find_serial else f"{d.stack_no}–{d.stack_pos}"


def slip_paper(contest: Contest, stack: int, first: int | None, last: int | None, size: int, papers: int = 0) -> Paper:
    """The slip banded onto one stack: TDP, contest, stack number, the papers' positions (for a scanned pile,
    `first` None: how many papers, found by serial), for signing."""
    tdp, round_ = contest.round.tdp, contest.round
    office = OFFICE.get(contest.position, "tổ trưởng")
    where = (para(Style.ITEM, "Xấp giấy của một lần tải ảnh quét lên: ", B(f"{papers} phiếu"), " máy đọc ảnh đã "
                  "nhập, không theo thứ tự nào; khi kiểm tra đối chiếu, tìm phiếu trong xấp theo số phiếu in cạnh mã QR.")
             if first is None else
             para(Style.ITEM, "Các phiếu ở vị trí ", B(f"{first} đến {last}"), f" của xấp (xấp đầy: {size} phiếu), "
                  f"tức {last - first + 1} phiếu, đặt theo thứ tự kiểm phiếu lượt 1."))
    blocks: list[Para | Grid | Signatures] = [
        para(Style.TITLE, f"XẤP PHIẾU SỐ {stack}"),
        para(Style.SUBJECT, f"{tdp.name} – phiếu bầu {office} – ngày bầu {format_date(round_.vote_date)}"),
        where,
        para(Style.ITEM, "Không xáo trộn, không rút phiếu ra khỏi xấp cho đến khi kiểm tra đối chiếu xong."),
        Signatures((SignatureBlock(("TRƯỞNG BAN KIỂM PHIẾU",), "", "(Ký, ghi rõ họ tên)"),
                    SignatureBlock(("NGƯỜI CHỨNG KIẾN",), "", "(Ký, ghi rõ họ tên)"))),
    ]
    return Paper(title=f"Xấp phiếu số {stack} – {tdp.name}", author=issuer_lines(tdp)[0],
                 footer=f"Xấp phiếu số {stack} – {tdp.name}", blocks=tuple(blocks), margins_mm=(15, 15, 15, 15))
