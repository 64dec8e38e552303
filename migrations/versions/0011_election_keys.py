"""Every existing election gets its signing key and default vetting standards now, not on a page view.

Revision ID: 0011_election_keys
Revises: 0010_ward_papers
"""

import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0011_election_keys"
down_revision = "0010_ward_papers"
branch_labels = None
depends_on = None

#: The default standards as of this revision (frozen here: migrations never import the app).
DEFAULTS = (
    ("residence", "Thường trú tại tổ dân phố", "manual"),
    ("age", "Đủ 21 tuổi trở lên tính đến ngày bầu cử", "age"),
    ("health", "Có sức khỏe", "manual"),
    ("conduct", "Phẩm chất, đạo đức tốt, được nhân dân tín nhiệm", "manual"),
    ("capacity", "Có năng lực, uy tín vận động nhân dân", "manual"),
    ("incumbent", "Không phải người đương nhiệm làm việc kém hiệu quả (Nghị quyết phường năm 2017)", "manual"),
    ("family", "Vợ/chồng, con không vi phạm pháp luật (Nghị quyết phường năm 2017)", "manual"),
)


def upgrade():
    conn = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    keyless = conn.execute(sa.text("SELECT id FROM elections WHERE id NOT IN (SELECT election_id FROM ballot_keys)"))
    for (election_id,) in keyless.all():
        conn.execute(sa.text("INSERT INTO ballot_keys (election_id, key, created_at) VALUES (:e, :k, :t)"),
                     {"e": election_id, "k": secrets.token_bytes(32), "t": now})
    bare = conn.execute(sa.text("SELECT id FROM elections WHERE id NOT IN (SELECT election_id FROM vetting_items)"))
    for (election_id,) in bare.all():
        for position, (key, label, kind) in enumerate(DEFAULTS):
            conn.execute(sa.text("INSERT INTO vetting_items (election_id, key, label, kind, mandatory, position, "
                                 "active) VALUES (:e, :key, :label, :kind, :m, :p, :a)"),
                         {"e": election_id, "key": key, "label": label, "kind": kind, "m": True, "p": position,
                          "a": True})


def downgrade():
    pass  # keys and standards stay: removing a key would make every printed ballot unverifiable
