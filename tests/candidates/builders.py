"""Builders for candidate tests: a TDP with a roll, and candidates taken through each step."""

from __future__ import annotations

from datetime import date

from app.candidates import services, vetting
from app.candidates.models import ConsultationOutcome, ItemKind, ItemResult, NominationSource, VettingDecision
from app.elections.models import Contest, Position
from app.rolls.models import Gender
from tests.factories import create_election, create_household, create_round, create_tdp, create_ward

VOTE_DAY = date(2017, 10, 15)
ROLL = [("050001", "Nguyễn Văn An", Gender.MALE), ("050002", "Trần Thị Bích Ngọc", Gender.FEMALE),
        ("050003", "Lê Văn Ưng", Gender.MALE), ("050004", "Đặng Thị Hường", Gender.FEMALE),
        ("050005", "Phạm Quang Đạo", Gender.MALE), ("050006", "Vũ Thị Ánh", Gender.FEMALE)]


def setup_round(rule_set_id: str = "nqlt-09-2008", ward=None, number: int = 5):
    """A TDP of six households (all born 1970) with a round on 15/10/2017: leader and deputy contests, 1 seat."""
    ward = ward or create_ward("Phường Ngọc Thụy")
    tdp = create_tdp(ward, number)
    for code, name, gender in ROLL:
        create_household(tdp, code, representative=name, gender=gender, address=f"Số {code[-1]}, ngõ 12, phố Ngọc Thụy")
    round_ = create_round(create_election(ward, rule_set_id), tdp, VOTE_DAY)
    return tdp, round_


def contest(round_, position: Position = Position.LEADER) -> Contest:
    return next(c for c in round_.contests if c.position is position)


def pick(code: str) -> services.PersonChoice:
    return services.PersonChoice(household_code=code)


def nominate(c: Contest, code: str, actor=None, source=NominationSource.FRONT_COMMITTEE):
    return services.nominate(actor, c, pick(code), source)


def vet(candidate, actor=None, result: ItemResult = ItemResult.MET):
    items = vetting.checklist(candidate.contest.round.election)
    vetting.save_answers(actor, candidate, {i.id: (result, "") for i in items if i.kind is ItemKind.MANUAL})
    return vetting.decide(actor, candidate, VettingDecision.APPROVED, "Đạt đủ tiêu chuẩn.")


def ready(c: Contest, code: str, actor=None):
    """Nominated, vetted and kept by the meeting."""
    candidate = vet(nominate(c, code, actor), actor)
    return services.record_consultation(actor, candidate, 5, 1, "", ConsultationOutcome.KEPT)
