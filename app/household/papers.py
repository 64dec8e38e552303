"""The household ballot round's papers, as neutral Papers (PDF and .docx carry the same words): each
team's delivery-and-return list, and the minutes in the household-ballot form. The list names
households, never a ballot; the minutes state the figures of all households."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sqlalchemy import select

from app.elections.models import Position
from app.extensions import db
from app.household.models import CollectionTeam, HouseholdRound, Recipients, RoundKind
from app.household.services import question_result, totals
from app.papers.document import B, Grid, Header, Paper, Para, SignatureBlock, Signatures, Style, para
from app.rolls.documents import issuer_lines, place_name
from app.rolls.models import Household, Person
from app.rules import format_date
from app.tally.models import ContestTally, TallyStatus

OFFICE = {Position.LEADER: "tổ trưởng", Position.DEPUTY: "tổ phó"}
RECIPIENTS = {Recipients.ALL: "mọi hộ gia đình trong danh sách cử tri",
              Recipients.ABSENT: "các hộ gia đình không dự hội nghị"}


def pct(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    value = Fraction(part * 100, whole)
    return f"{float(value):.2f}%".replace(".", ",")


def _people(ids: list[int]) -> str:
    names = dict(db.session.execute(select(Person.id, Person.full_name).where(Person.id.in_(ids))).all()) if ids else {}
    return ", ".join(names.get(i, str(i)) for i in ids)


def team_list_paper(team: CollectionTeam, today: date) -> Paper:
    """Danh sách phát và thu phiếu of one team: household, representative, signature on delivery and on
    return, note (away, refused); the stacks received (counts only) and the seal at start and end."""
    hround = team.household_round
    tdp = hround.round.tdp
    rows = db.session.execute(select(Household.id, Household.code, Household.address, Person.full_name)
                              .join(Person, Person.id == Household.representative_id)
                              .where(Household.id.in_(team.households or [-1]))).all()
    by_id = {r[0]: r for r in rows}
    lines = tuple((str(i), by_id[h][1], f"{by_id[h][3]}\n{by_id[h][2]}", "", "", "")
                  for i, h in enumerate(team.households, 1) if h in by_id)
    stacks = " + ".join(str(n) for n in team.stacks) or "…"
    blocks = (
        Header(issuer_lines(tdp, hround.round.vote_date), None, place_name(tdp), today),
        para(Style.TITLE, "DANH SÁCH PHÁT VÀ THU PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH"),
        para(Style.SUBJECT, f"Tổ thu phiếu số {team.number} – {tdp.name}"),
        para(Style.ITEM, "Thời gian thu phiếu: từ ", B(format_date(hround.period_start)), " đến ",
             B(format_date(hround.period_end)), "."),
        para(Style.ITEM, "Thành viên tổ thu phiếu (tổ bầu cử): ", _people(team.members) or "…", "."),
        para(Style.ITEM, "Số phiếu nhận (theo xấp đã đếm): ", B(f"{stacks} = {team.received}"),
             f"; số hộ được giao: {len(team.households)}."),
        para(Style.ITEM, "Số niêm phong hòm phiếu khi nhận: ", B(team.seal_start or "…………"),
             "; khi mở hòm: ", B(team.seal_end or "…………"), "."),
        para(Style.ITEM, f"Người mang hòm phiếu: {hround.box_carrier or '…………………………'}."),
        Grid(("TT", "Mã hộ", "Đại diện hộ, địa chỉ", "Ký nhận phiếu", "Ký trả phiếu", "Ghi chú (vắng, từ chối)"),
             lines, (10, 22, 58, 28, 28, 34), centred_columns=(0,)),
        para(Style.SMALL, "Danh sách này không ghi số sê-ri hay số thứ tự của phiếu nào: phiếu phát cho hộ nào "
                          "không được ghi lại."),
        Signatures((SignatureBlock(("TỔ THU PHIẾU",), "", "(Ký, ghi rõ họ tên)"),
                    SignatureBlock(("NGƯỜI CHỨNG KIẾN MỞ HÒM",), "", "(Ký, ghi rõ họ tên)"))),
    )
    return Paper(title=f"Danh sách phát và thu phiếu – tổ {team.number} – {tdp.name}", author=issuer_lines(tdp)[0],
                 footer=f"Tổ thu phiếu số {team.number} – {tdp.name}", blocks=blocks, landscape=True,
                 margins_mm=(12, 12, 15, 15))


def _contest_parts(hround: HouseholdRound, households: int) -> list[Para | Grid]:
    out: list[Para | Grid] = []
    for contest in sorted(hround.round.contests, key=lambda c: c.position is not Position.LEADER):
        tally = db.session.scalar(select(ContestTally).where(ContestTally.contest_id == contest.id))
        office = OFFICE.get(contest.position, "tổ trưởng")
        if tally is None or tally.status is not TallyStatus.FINAL or not tally.result:
            out.append(para(Style.ITEM, f"Bầu {office}: chưa chốt kết quả kiểm phiếu."))
            continue
        r = tally.result
        invalid = sum(r["invalid"].values())
        out += [para(Style.HEADING, f"Kết quả bầu {office}"),
                para(Style.ITEM, "Số phiếu thu về: ", B(r["returned"]), "; hợp lệ: ", B(r["valid"]),
                     "; không hợp lệ: ", B(invalid), ".")]
        out.append(Grid(("Người ứng cử", "Số phiếu", "Tỷ lệ trên tổng số hộ"),
                        tuple((v["name"], str(v["votes"]), pct(v["votes"], households)) for v in r["votes"]),
                        (90, 30, 50), centred_columns=(1, 2)))
        elected = ", ".join(e["name"] for e in r["elected"])
        out.append(para(Style.BODY, B(f"Người trúng cử {office}: {elected} (được quá nửa tổng số hộ gia đình)."
                                      if elected else f"Không có người trúng cử {office} (không ai được quá nửa "
                                                      f"tổng số hộ gia đình: cần {r['threshold']} phiếu).")))
    return out


def _question_parts(hround: HouseholdRound, households: int) -> list[Para | Grid]:
    """The question and what the count of its ballots locked: yes, no, invalid, each of ALL households."""
    out: list[Para | Grid] = [para(Style.HEADING, "Nội dung lấy ý kiến"), para(Style.BODY, hround.question)]
    result = question_result(hround)
    if result is None:
        return [*out, para(Style.ITEM, "Kiểm phiếu lấy ý kiến: chưa chốt kết quả.")]
    verdict = ("ĐƯỢC THÔNG QUA (quá nửa tổng số hộ gia đình đồng ý)." if result.approved else
               f"KHÔNG ĐƯỢC THÔNG QUA (cần ít nhất {result.needed} hộ đồng ý, tức quá nửa tổng số hộ).")
    return [*out,
            para(Style.ITEM, "Số phiếu kiểm: ", B(result.returned), "; hợp lệ: ", B(result.returned - result.invalid),
                 "; không hợp lệ: ", B(result.invalid), " (giữ lại cả hai ý kiến, gạch cả hai, không có dấu …)."),
            Grid(("Ý kiến", "Số phiếu", "Tỷ lệ trên tổng số hộ"),
                 (("Đồng ý", str(result.yes), pct(result.yes, result.households)),
                  ("Không đồng ý", str(result.no), pct(result.no, result.households)),
                  ("Phiếu không hợp lệ", str(result.invalid), pct(result.invalid, result.households))),
                 (90, 30, 50), centred_columns=(1, 2)),
            para(Style.BODY, "Kết quả: ", B(verdict))]


def minutes_paper(hround: HouseholdRound, households: int, today: date, *, failed: bool = True) -> Paper:
    """Biên bản kết quả lấy ý kiến hộ gia đình bằng phiếu: total households; ballots issued, returned,
    valid, invalid; votes and their share of ALL households; the result; the teams' reconciliation; the
    decision's deadline at the ward People's Committee and Front."""
    tdp = hround.round.tdp
    sums = totals(hround)
    team_rows = tuple((str(t.number), str(t.received), str((t.closing or {}).get("delivered", "")),
                       str((t.closing or {}).get("returned", "")), str((t.closing or {}).get("unused", "")),
                       str((t.closing or {}).get("spoiled", "")), f"{t.seal_start} / {t.seal_end}")
                      for t in hround.teams)
    subject = (f"Bầu tổ trưởng {tdp.name}" if hround.kind is RoundKind.CANDIDATES
               else f"Lấy ý kiến về việc của {tdp.name}")
    blocks = [
        Header(issuer_lines(tdp, hround.round.vote_date), None, place_name(tdp), today),
        para(Style.TITLE, "BIÊN BẢN KẾT QUẢ LẤY Ý KIẾN HỘ GIA ĐÌNH BẰNG PHIẾU"),
        para(Style.SUBJECT, subject),
        para(Style.BODY, (f"Hội nghị ngày {format_date(hround.round.vote_date)} không đủ quá nửa số hộ gia đình "
                          "tham dự; t" if failed else "T") + "ổ bầu cử tổ chức lấy ý kiến hộ gia đình bằng phiếu từ ngày ", B(format_date(hround.period_start)),
             " đến ngày ", B(format_date(hround.period_end)), f", phát phiếu đến {RECIPIENTS[hround.recipients]}."),
        para(Style.HEADING, "I. SỐ HỘ VÀ SỐ PHIẾU"),
        para(Style.ITEM, "Tổng số hộ gia đình trong danh sách: ", B(households), "."),
        para(Style.ITEM, "Số phiếu phát ra: ", B(sums["delivered"]), "; thu về: ", B(sums["returned"]),
             f" ({pct(sums['returned'], households)} tổng số hộ); chưa dùng: {sums['unused']}; hỏng: {sums['spoiled']}."),
        Grid(("Tổ", "Nhận", "Phát", "Thu về", "Chưa dùng", "Hỏng", "Niêm phong (nhận / mở)"), team_rows,
             (12, 18, 18, 18, 22, 16, 66), centred_columns=(0, 1, 2, 3, 4, 5)),
        para(Style.HEADING, "II. KẾT QUẢ"),
        *(_contest_parts(hround, households) if hround.kind is RoundKind.CANDIDATES
          else _question_parts(hround, households)),
        para(Style.HEADING, "III. GỬI KẾT QUẢ"),
        para(Style.BODY, "Biên bản và quyết định gửi Ủy ban nhân dân phường và Ban Thường trực Ủy ban Mặt trận Tổ quốc "
             "phường chậm nhất ngày ", B(format_date(hround.decision_due)),
             " (5 ngày làm việc sau khi kết thúc thu phiếu)."),
        Signatures((SignatureBlock(("TM. TỔ BẦU CỬ", "TỔ TRƯỞNG"), "", "(Ký, ghi rõ họ tên)"),
                    SignatureBlock(("THƯ KÝ",), "", "(Ký, ghi rõ họ tên)"),
                    SignatureBlock(("NGƯỜI CHỨNG KIẾN",), "", "(Ký, ghi rõ họ tên)"),
                    SignatureBlock(("NGƯỜI CHỨNG KIẾN",), "", "(Ký, ghi rõ họ tên)"))),
    ]
    return Paper(title=f"Biên bản lấy ý kiến hộ gia đình – {tdp.name}", author=issuer_lines(tdp)[0],
                 footer=f"Lấy ý kiến hộ gia đình bằng phiếu – {tdp.name}", blocks=tuple(blocks))
