"""Bản in kế hoạch as a PDF the steering committee signs: the checklist grouped by task (one row per task:
due days, TDPs done and still open) or by TDP (one section per TDP), a status column that never wraps, and
"Người lập / TM. Ban chỉ đạo" (D39)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from app.papers.document import Grid, Header, Paper, SignatureBlock, Signatures, Style, para
from app.papers.pdf_render import ward_place
from app.plan.models import ItemStatus
from app.plan.queries import ItemRow
from app.rules import format_date

STATUS = {ItemStatus.OPEN: "Chưa xong", ItemStatus.DONE: "Đã xong", ItemStatus.NOT_APPLICABLE: "Không áp dụng"}


class Grouping(StrEnum):
    TASK = "task"  #: one row per task: the TDPs done and those still open
    TDP = "tdp"  #: one section per TDP (the ward's own tasks first), one row per task


def _days(rows: Sequence[ItemRow]) -> str:
    days = sorted({r.due_date for r in rows if r.due_date})
    if not days:
        return "–"
    return format_date(days[0]) if len(days) == 1 else f"{format_date(days[0])} – {format_date(days[-1])}"


def _numbers(rows: Sequence[ItemRow]) -> str:
    return ", ".join(str(r.tdp_number) for r in sorted(rows, key=lambda r: r.tdp_number or 0)) or "–"


def _by_task(rows: Sequence[ItemRow], body_label) -> list:
    tasks: dict[int, list[ItemRow]] = {}
    for row in rows:
        tasks.setdefault(row.task_id, []).append(row)
    grid_rows = []
    for number, group in enumerate(tasks.values(), 1):
        first = group[0]
        if first.tdp_id is None and len(group) == 1:  # the ward's own task
            state, open_ = STATUS[first.status], first.note or ""
        else:
            done = [r for r in group if r.status is not ItemStatus.OPEN]
            pending = [r for r in group if r.status is ItemStatus.OPEN]
            state = f"{len(done)}/{len(group)} tổ xong"
            open_ = f"Tổ chưa xong: {_numbers(pending)}" if pending else "Mọi tổ đã xong"
        grid_rows.append((str(number), first.title, str(body_label(first.body)), _days(group), state, open_))
    return [Grid(("STT", "Công việc", "Phụ trách", "Hạn", "Trạng thái", "Tổ chưa xong, ghi chú"), tuple(grid_rows),
                 (10, 78, 34, 36, 28, 60), centred_columns=(0, 3, 4))]


def _by_tdp(rows: Sequence[ItemRow], body_label) -> list:
    groups: dict[int | None, list[ItemRow]] = {}
    for row in sorted(rows, key=lambda r: (r.tdp_number is not None, r.tdp_number or 0)):
        groups.setdefault(row.tdp_number, []).append(row)
    out: list = []
    for number, group in groups.items():
        heading = "Việc của phường" if number is None else (group[0].tdp_name or f"Tổ dân phố số {number}")
        out.append(para(Style.HEADING, heading))
        out.append(Grid(("STT", "Công việc", "Phụ trách", "Hạn", "Trạng thái", "Ghi chú, ký"),
                        tuple((str(i), r.title, str(body_label(r.body)), format_date(r.due_date) if r.due_date else "–",
                               STATUS[r.status], r.note or "") for i, r in enumerate(group, 1)),
                        (10, 92, 34, 24, 28, 58), centred_columns=(0, 3, 4)))
    return out


def plan_paper(title: str, ward_name: str, rows: Sequence[ItemRow], today: date, grouping: Grouping, body_label,
               scope: str | None = None) -> Paper:
    """The plan's checklist as a landscape A4 Paper; `scope` names one TDP when the rows are only its."""
    body = _by_task(rows, body_label) if grouping is Grouping.TASK else _by_tdp(rows, body_label)
    done = sum(r.status is not ItemStatus.OPEN for r in rows)
    return Paper(
        title=f"Danh mục công việc – {title}", author=f"Ban chỉ đạo bầu cử {ward_name}", landscape=True,
        footer=f"{title} – bản in ngày {format_date(today)}", margins_mm=(15, 12, 16, 20),
        blocks=(
            Header((f"UBND {ward_name}".upper(), "BAN CHỈ ĐẠO BẦU CỬ"), None, ward_place(ward_name), today),
            para(Style.TITLE, "DANH MỤC CÔNG VIỆC VÀ THỜI HẠN"),
            para(Style.SUBJECT, title + (f" – {scope}" if scope else "")),
            *body,
            para(Style.BODY, f"Tổng cộng {len(rows)} việc, đã xong hoặc không áp dụng {done}, còn {len(rows) - done} "
                             f"việc chưa xong (tính đến ngày {format_date(today)})."),
            Signatures((SignatureBlock(("NGƯỜI LẬP",), note="(Ký, ghi rõ họ tên)"),
                        SignatureBlock(("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN")))),
        ))
