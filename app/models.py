"""Every table of the app, imported in one place for Alembic and the schema test."""

from app.attendance.models import Attendance
from app.audit.models import AuditEvent, AuditHead
from app.auth.models import User, user_tdps
from app.elections.models import Contest, Election, ElectionRound
from app.rolls.models import Household, Person, RepresentativeChange
from app.wards.models import Tdp, Ward

__all__ = ["Attendance", "AuditEvent", "AuditHead", "Contest", "Election", "ElectionRound", "Household", "Person",
           "RepresentativeChange", "Tdp", "User", "Ward", "user_tdps"]
