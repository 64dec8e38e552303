"""What every election holds from the moment it exists: its signing key and its default vetting standards.

Created in the same flush as the election itself, so that no page ever has to create them while it merely
renders (no GET changes state): the minutes QR signs with a key that already exists, and a candidate's page
shows a checklist that is already stored.
"""

from __future__ import annotations

from sqlalchemy import event

from app.candidates.checklist import DEFAULT_ITEMS
from app.candidates.models import ItemKind, VettingItem
from app.core.db import utcnow
from app.elections.models import Election
from app.printing.models import BallotKey
from ballots import payload


@event.listens_for(Election, "after_insert")
def _prepare(mapper, connection, election: Election) -> None:
    connection.execute(BallotKey.__table__.insert().values(election_id=election.id, key=payload.new_key(),
                                                           created_at=utcnow()))
    connection.execute(VettingItem.__table__.insert(), [
        {"election_id": election.id, "key": d.key, "label": d.label, "kind": ItemKind(d.kind), "mandatory": d.mandatory, "position": i, "active": True}
        for i, d in enumerate(DEFAULT_ITEMS)])
