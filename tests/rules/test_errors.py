"""Domain errors carry a stable code, their parameters and a composed Vietnamese message."""

import unicodedata
from datetime import date

from app.rules import InvalidDate, InvalidInput, RuleError, UnknownRuleSet


def test_every_domain_error_is_a_rule_error():
    assert all(issubclass(error, RuleError) for error in (UnknownRuleSet, InvalidInput, InvalidDate))


def test_a_rule_error_normalises_its_message_to_nfc():
    error = InvalidInput(unicodedata.normalize("NFD", "Số phiếu hợp lệ"), code="count.x", params={"valid": 3})
    assert unicodedata.is_normalized("NFC", error.message)
    assert str(error) == error.message
    assert (error.code, error.params) == ("count.x", {"valid": 3})


def test_each_error_class_has_a_default_code():
    assert RuleError("x").code == "rule.error"
    assert UnknownRuleSet("x").code == "ruleset.unknown"
    assert InvalidInput("x").code == "input.invalid"
    assert InvalidDate("x").code == "date.invalid"


def test_an_invalid_date_carries_its_suggestion():
    assert InvalidDate("x", suggestion=date(2017, 11, 30)).suggestion == date(2017, 11, 30)
    assert InvalidDate("x").suggestion is None
