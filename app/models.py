"""Every table of the app, imported in one place for Alembic and the schema test."""

from app.attendance.models import Attendance
from app.audit.models import AuditEvent, AuditHead
from app.auth.models import User, user_tdps
from app.candidates.models import Candidate, CandidateList, ElectionTeamMember, VettingAnswer, VettingItem
from app.committee.models import CommitteeMember, Subcommittee, member_subcommittees, member_tdps
from app.comparison.models import AuditDraw, ComparisonAudit
from app.dashboard.models import HouseholdCount, PresentCount, TdpSummary
from app.elections.models import Contest, Election, ElectionRound
from app.household.models import CollectionTeam, HouseholdRound, MeetingFailure
from app.papers.models import WardPapers
from app.plan.models import ChecklistItem, Plan, PlanTask
from app.printing.models import BallotKey, BallotLedger, BallotSerial, PrintJob, PrintRun
from app.reader.models import CountBatch, CountImage
from app.reports.models import BudgetSettings
from app.results.models import Recognition, RerunReason, ResultsKey, ResultsKeyRecord, ResultsPackage
from app.rolls.models import Household, Person, RepresentativeChange
from app.tally.models import BallotEntry, BundleEntry, ContestTally, Resolution
from app.wards.models import LeaderPost, Tdp, TdpName, Ward

__all__ = ["Attendance", "AuditEvent", "AuditHead", "Contest", "Election", "ElectionRound", "Household", "Person",
           "RepresentativeChange", "Tdp", "User", "Ward", "user_tdps"]
__all__ += ["ChecklistItem", "CommitteeMember", "Plan", "PlanTask", "Subcommittee", "member_subcommittees", "member_tdps"]
__all__ += ["Candidate", "CandidateList", "ElectionTeamMember", "VettingAnswer", "VettingItem"]
__all__ += ["BallotEntry", "BallotKey", "BallotLedger", "BallotSerial", "BundleEntry", "ContestTally", "PrintJob",
            "PrintRun", "Resolution"]
__all__ += ["BudgetSettings", "Recognition", "RerunReason", "ResultsKey", "ResultsKeyRecord", "ResultsPackage"]
__all__ += ["WardPapers"]
__all__ += ["LeaderPost", "TdpName"]
__all__ += ["AuditDraw", "ComparisonAudit"]
__all__ += ["CollectionTeam", "HouseholdRound", "MeetingFailure"]
__all__ += ["HouseholdCount", "PresentCount", "TdpSummary"]
__all__ += ["CountBatch", "CountImage"]
