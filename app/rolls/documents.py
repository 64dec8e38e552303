"""Assemble the printed roll, the invitations and the roll export from the database."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select

from app.attendance.services import invitation_text
from app.candidates.queries import team
from app.core.spreadsheet import safe_row
from app.elections.models import ElectionRound
from app.extensions import db
from app.papers.issuer import authority_line
from app.rolls.invitations_pdf import Invitation, InvitationBatch, render_invitations
from app.rolls.models import Household, HouseholdStatus, Person
from app.rolls.queries import current_fingerprint, sorted_households
from app.rolls.roll_pdf import RollDocument, RollLine, render_roll
from app.rules import format_date
from app.wards.history import tdp_name_on
from app.wards.models import Tdp

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def issuer_lines(tdp: Tdp, day: date | None = None) -> tuple[str, str]:
    """The header of a TDP's paper: the ward's issuing authority (its paper settings) over the TDP's name;
    `day` (the vote date) picks the TDP's name as it was then."""
    return (authority_line(tdp.ward), tdp_name_on(tdp, day).upper())


def place_name(tdp: Tdp) -> str:
    """"Phường Ngọc Thụy" → "Ngọc Thụy", as the date line writes it."""
    name = tdp.ward.name
    for prefix in ("Phường ", "Xã ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def team_head(round_: ElectionRound | None) -> str:
    """"Ông Trần Văn Trưởng", the head of the round's election team, who signs for it; "" when unknown."""
    if round_ is None:
        return ""
    head = next((m for m in team(round_) if m.role.value == "head"), None)
    return f"{head.person.honorific} {head.person.full_name}" if head else ""


def roll_pdf(tdp: Tdp, round_: ElectionRound | None, today: date) -> bytes:
    rows = sorted_households(tdp.id)
    day = round_.vote_date if round_ is not None else None
    subtitle = "Danh sách hộ gia đình đang cư trú"
    if round_ is not None:
        subtitle = (f"Bầu tổ trưởng, tổ phó nhiệm kỳ {round_.election.term_label} – "
                    f"ngày {format_date(round_.vote_date)}")
    return render_roll(RollDocument(
        issuer_lines=issuer_lines(tdp, day), place=place_name(tdp), tdp_name=tdp_name_on(tdp, day),
        ward_name=tdp.ward.name, subtitle=subtitle, fingerprint=current_fingerprint(tdp.id).short, printed_on=today,
        sign_in=round_ is not None, team_head=team_head(round_),
        lines=[RollLine(r.code, f"{r.honorific} {r.representative}", r.birth_year, r.address) for r in rows],
    ))


def invitations_pdf(round_: ElectionRound) -> bytes:
    tdp = round_.tdp
    when = format_date(round_.vote_date)
    when = f"{WEEKDAYS[round_.vote_date.weekday()]} ngày {when}"
    if round_.starts_at is not None:
        when = f"{round_.starts_at.hour:02d} giờ {round_.starts_at.minute:02d}, {when}"
    return render_invitations(InvitationBatch(
        issuer_lines=issuer_lines(tdp, round_.vote_date),
        meeting=f"Hội nghị bầu tổ trưởng, tổ phó {tdp_name_on(tdp, round_.vote_date)}, nhiệm kỳ {round_.election.term_label}",
        when=when, place=round_.place or tdp_name_on(tdp, round_.vote_date), signer_title="TM. TỔ BẦU CỬ",
        signer_name=team_head(round_), date_line=f"{place_name(tdp)}, ngày ...... tháng ...... năm {round_.vote_date.year}",
        invitations=[Invitation(f"{r.honorific} {r.representative}", r.code, r.address,
                                invitation_text(round_.id, r.code)) for r in sorted_households(tdp.id)],
    ))


def roll_xlsx(tdp: Tdp, *, include_citizen_ids: bool = False) -> bytes:
    """The roll as a spreadsheet in Vietnamese name order; citizen ID numbers only when asked for."""
    stmt = (select(Household, Person).join(Person, Household.representative_id == Person.id)
            .where(Household.tdp_id == tdp.id, Household.status == HouseholdStatus.ACTIVE))
    by_id = {h.id: (h, p) for h, p in db.session.execute(stmt)}
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách cử tri")
    header = ["STT", "Mã hộ", "Họ và tên người đại diện", "Giới tính", "Năm sinh", "Ngày sinh", "Địa chỉ", "Liên gia"]
    if include_citizen_ids:
        header.append("Số CCCD")
    sheet.append(safe_row(sheet, [f"{tdp.name} – {tdp.ward.name}. Mã kiểm tra danh sách: {current_fingerprint(tdp.id).short}"]))
    sheet.append(header)
    for i, row in enumerate(sorted_households(tdp.id), 1):
        household, person = by_id[row.id]
        line = [i, household.code, person.full_name, {"male": "Nam", "female": "Nữ"}.get(person.gender or "", ""),
                row.birth_year, format_date(person.birth_date) if person.birth_date else "", household.address,
                household.sub_group or ""]
        if include_citizen_ids:
            line.append(person.citizen_id or "")
        sheet.append(safe_row(sheet, line))  # a name typed as "=HYPERLINK(…)" stays text (F8)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
