"""Form validators shared by every domain: strict Vietnamese dates and birth year-or-date fields."""

from __future__ import annotations

from wtforms.validators import ValidationError

from app.rules import InvalidDate, format_date, parse_date


def strict_date(form, field):
    """dd/mm/yyyy that exists; the day lands in `field.parsed`, a refused day's likely intent in
    `field.suggestion` ("31/11/2017" is refused, suggesting 30/11/2017)."""
    field.parsed = field.suggestion = None
    if not (field.data or "").strip():
        return
    try:
        field.parsed = parse_date(field.data)
    except InvalidDate as error:
        field.suggestion = format_date(error.suggestion) if error.suggestion else None
        raise ValidationError(error.message) from None


def birth_year_or_date(form, field):
    """A year (1962) or a full date (dd/mm/yyyy); the parsed int or date lands in `field.parsed`."""
    text = (field.data or "").strip()
    if text.isdigit() and len(text) == 4:
        field.parsed, field.suggestion = int(text), None
        return
    strict_date(form, field)
