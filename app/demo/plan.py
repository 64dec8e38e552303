"""The demo ward's 2017 plan (the default template, one row per TDP) and a small steering committee."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.committee import services as committee
from app.elections.models import Election
from app.extensions import db
from app.plan.services import create_plan
from app.wards.models import Tdp, Ward

SUBCOMMITTEES = [
    ("Tiểu ban nhân sự", "Hướng dẫn giới thiệu, thẩm tra người ứng cử"),
    ("Tiểu ban tuyên truyền", "Đài truyền thanh, bảng tin, khẩu hiệu"),
    ("Tiểu ban an ninh, trật tự", "Công an, quân sự, dân phòng"),
    ("Tiểu ban hậu cần, tài chính", "Kinh phí, hội trường, in ấn"),
]
#: (name, position, phone, subcommittee indexes, first and last TDP followed, login linked)
MEMBERS = [
    ("Nguyễn Văn Hùng", "Phó Bí thư Đảng ủy, Chủ tịch UBND phường – Trưởng ban", "0912345601", [0], (1, 8), "admin"),
    ("Trần Thị Lan", "Chủ tịch UBMTTQ phường – Phó Trưởng ban", "0912345602", [0, 1], (9, 16), None),
    ("Lê Quang Minh", "Trưởng Công an phường – Thành viên", "0912345603", [2], (17, 24), None),
    ("Phạm Thu Hương", "Công chức Văn hóa – Xã hội – Thành viên", "", [1], (25, 31), None),
    ("Đỗ Đức Thắng", "Kế toán UBND phường – Thành viên", "0912345605", [3], (32, 38), None),
]


def load_demo_plan(ward: Ward, election: Election) -> None:
    """Create the plan from the default template and the committee, every member following a run of TDPs.
    Deterministic; flushes."""
    create_plan(None, election)
    subs = [committee.add_subcommittee(None, ward.id, name, duty) for name, duty in SUBCOMMITTEES]
    tdp_ids = dict(db.session.execute(select(Tdp.number, Tdp.id).where(Tdp.ward_id == ward.id)).all())
    for name, title, phone, sub_indexes, (first, last), username in MEMBERS:
        user_id = db.session.scalar(select(User.id).where(User.username == username)) if username else None
        committee.save_member(None, ward.id, committee.MemberInput(
            name, title, phone, [subs[i].id for i in sub_indexes],
            [tdp_ids[n] for n in range(first, last + 1) if n in tdp_ids], user_id))
