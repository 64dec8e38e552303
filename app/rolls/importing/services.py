"""Preview a roll import against the database (writes nothing) and apply a previewed import."""

from __future__ import annotations

import functools
import gc
import hashlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.rolls.models import Household, HouseholdStatus, Person
from app.wards.models import Tdp

from . import apply
from .diff import Current, RollDiff, diff_roll
from .headers import Field, apply_mapping, find_header
from .problems import Problem, Severity
from .reader import read_table
from .validate import ImportContext, ParsedRoll, locate, validate_table


class ImportBlocked(Exception):
    """The preview has errors or unmapped required columns: nothing may be written."""


@dataclass(frozen=True)
class ImportTarget:
    ward_id: int
    tdp_id: int | None = None  #: None: a whole-ward file whose rows carry their TDP


@dataclass(frozen=True)
class ImportPreview:
    """Everything the user confirms: the file, the problems, the diff and the fingerprints."""

    file_name: str
    file_sha256: str
    target: ImportTarget
    sheet: str | None
    tdp_ids: Mapping[int, int]  #: TDP number → id, for the whole ward
    parsed: ParsedRoll
    problems: tuple[Problem, ...]
    diff: RollDiff
    #: When codes in the file are stored codes that lost their leading zeros: the stored width and an
    #: example (file code, stored code) for the one-click fix; None otherwise.
    zeros_fix: tuple[int, str, str] | None = None

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def needs_mapping(self) -> bool:
        return self.parsed.needs_mapping

    @property
    def can_apply(self) -> bool:
        return not self.needs_mapping and self.errors == 0

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.file_sha256}:{self.diff.digest}".encode()).hexdigest()


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    removed: int
    unchanged: int


def _gc_paused(function):
    """Run with the cyclic garbage collector paused, then restore it.

    A 100,000-row file makes about a million small objects, none of them cyclic; every collection
    would walk all of them again. Measured with bench/roll_import.py: a quarter of the import's time.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


@_gc_paused
def preview_import(data: bytes, file_name: str, target: ImportTarget, *, today: date,
                   reference_date: date | None = None, mapping: Mapping[str, str | None] | None = None,
                   pad_codes: bool = False) -> ImportPreview:
    """Read, validate and diff a roll file against the current roll; writes nothing.

    `mapping` points fields at columns ({"code": "B"}), over the detected header. A code that is a stored
    code without its leading zeros is an error (never an addition beside a removal); `pad_codes` pads
    every all-digit code to the stored codes' width instead. Raises UnreadableFile or MappingError (both
    with Vietnamese messages), and LookupError for a TDP outside the ward.
    """
    preview, _writer = _preview(data, file_name, target, today=today, reference_date=reference_date,
                                mapping=mapping, pad_codes=pad_codes)
    return preview


@_gc_paused
def apply_import(data: bytes, file_name: str, target: ImportTarget, actor, *, today: date,
                 reference_date: date | None = None, mapping: Mapping[str, str | None] | None = None,
                 pad_codes: bool = False, digest: str | None = None) -> tuple[ImportPreview, ImportResult | None]:
    """Preview the file and apply it in one pass (what confirming a preview, or the CLI, does); flushes, the
    caller commits. The arguments are preview_import's, and `digest` the one the user confirmed.

    Returns the preview and the result; the result is None, and nothing is written, when the preview cannot
    be applied or its digest is not `digest`. On PostgreSQL the new households are written while the file is
    still being validated (apply.NewHouseholdWriter), in the same transaction, and one such import runs in a
    ward at a time (apply.one_import_at_a_time). A refusal or any error rolls the session back before this
    returns or raises, so the roll is all or nothing.
    """
    stream = db.session.get_bind().dialect.name == "postgresql"
    writer = None
    try:
        preview, writer = _preview(data, file_name, target, today=today, reference_date=reference_date,
                                   mapping=mapping, pad_codes=pad_codes, stream=stream)
        applicable = preview.can_apply and (digest is None or preview.digest == digest)
        if writer is not None:
            writer.finish() if applicable else writer.abandon()
        if not applicable:
            db.session.rollback()
            return preview, None
        return preview, _apply(preview, actor, writer)
    except BaseException:
        if writer is not None:
            writer.abandon()  # nothing to do once finished or abandoned
        db.session.rollback()
        raise


def _preview(data: bytes, file_name: str, target: ImportTarget, *, today: date, reference_date: date | None,
             mapping: Mapping[str, str | None] | None, pad_codes: bool,
             stream: bool = False) -> tuple[ImportPreview, apply.NewHouseholdWriter | None]:
    """The preview; with `stream`, also the writer that was handed each new household as it was validated
    (still running: the caller finishes or abandons it). Every query of the preview runs before that writer
    starts: from then on its thread owns the session's connection."""
    tdp_ids = {n: i for n, i in db.session.execute(select(Tdp.number, Tdp.id).where(
        Tdp.ward_id == target.ward_id, Tdp.dissolved_on.is_(None)))}  # a dissolved TDP takes no households
    numbers = {i: n for n, i in tdp_ids.items()}
    if target.tdp_id is not None and target.tdp_id not in numbers:
        raise LookupError(f"TDP {target.tdp_id} is not in ward {target.ward_id}")
    table = read_table(data, file_name)
    whole_ward = target.tdp_id is None
    header = find_header(table.rows, whole_ward=whole_ward)
    if mapping:
        header = apply_mapping(header, mapping)
    ctx = ImportContext(today, reference_date or today, frozenset(tdp_ids),
                        None if whole_ward else numbers[target.tdp_id],
                        _stored_width(target) if pad_codes else None)
    fields = frozenset(header.mapping)
    stream = stream and not header.missing
    if stream:  # the roll read next is then the one this import writes over: an import running now commits first
        apply.one_import_at_a_time(target.ward_id)
    # The roll of every TDP the file may cover (the whole ward's for a whole-ward file), and the active codes
    # of the ward outside them, read before validation so that a writer can take the connection.
    roll = [] if header.missing else _current(target.ward_id, [target.tdp_id] if target.tdp_id else list(numbers),
                                              citizen_ids=Field.CITIZEN_ID in fields)
    outside = {} if header.missing else _active_codes_outside(target.ward_id, numbers if whole_ward else
                                                              {target.tdp_id: ctx.target_tdp})
    writer = None
    try:
        on_row = None
        if stream:
            writer = apply.NewHouseholdWriter(tdp_ids, fields)
            known = {(c.tdp, c.code) for c in roll}

            def on_row(row, known=known, add=writer.add):
                if (row.tdp, row.code) not in known:
                    add(row)
        parsed = validate_table(table.rows, header, ctx, on_row=on_row)
        # Until the required columns are mapped there is nothing to compare: no TDP is covered.
        covered = set() if parsed.needs_mapping else {r.tdp for r in parsed.rows} if whole_ward else {ctx.target_tdp}
        current = [c for c in roll if c.tdp in covered]
        elsewhere = {**outside, **{c.code: c.tdp for c in roll
                                   if c.tdp not in covered and c.status == HouseholdStatus.ACTIVE.value}}
        zeros, zeros_fix = _zeros_lost(parsed, current)
        problems = parsed.problems + _codes_elsewhere(parsed, elsewhere) + zeros
        diff = diff_roll(parsed.rows, current, covered=covered, fields=parsed.fields)
    except BaseException:
        if writer is not None:  # stopped here, since the caller never gets it; the caller rolls back
            writer.abandon()
        raise
    preview = ImportPreview(file_name, hashlib.sha256(data).hexdigest(), target, table.sheet, tdp_ids, parsed,
                            tuple(sorted(problems, key=Problem.sort_key)), diff, zeros_fix)
    return preview, writer


@_gc_paused
def import_roll(preview: ImportPreview, actor) -> ImportResult:
    """Apply a preview: bulk inserts, status and representative updates, audit events; then flush.

    Guarantees: nothing is written when the preview cannot be applied (raises ImportBlocked); the caller
    commits, and a database error leaves everything to its rollback, so the roll is all or nothing.
    """
    if not preview.can_apply:
        raise ImportBlocked(preview.file_name)
    return _apply(preview, actor, None)


def _apply(preview: ImportPreview, actor, writer: apply.NewHouseholdWriter | None) -> ImportResult:
    apply.write(preview, actor, written=writer)
    diff = preview.diff
    return ImportResult(len(diff.additions), len(diff.changes), len(diff.removals), diff.unchanged)


def _current(ward_id: int, tdp_ids: list[int], *, citizen_ids: bool) -> list[Current]:
    columns = [Household.id, Tdp.number, Household.code, Household.status, Household.address, Household.sub_group,
               Person.id, Person.full_name, Person.birth_date, Person.birth_year, Person.gender]
    if citizen_ids:
        columns.append(Person.citizen_id)
    stmt = (select(*columns).join(Person, Household.representative_id == Person.id)
            .join(Tdp, Household.tdp_id == Tdp.id)
            .where(Tdp.ward_id == ward_id, Household.tdp_id.in_(tdp_ids)))
    return [Current(hid, number, code, status.value, address, sub, pid, name, bd, by, g.value if g else None,
                    *extra)
            for hid, number, code, status, address, sub, pid, name, bd, by, g, *extra in db.session.execute(stmt)]


def _active_codes_outside(ward_id: int, tdps: Mapping[int, int]) -> dict[str, int]:
    """Code → TDP number of each active household of the ward outside the TDPs `tdps` (id → number): those
    of a dissolved TDP, and of the rest of the ward when one TDP is imported."""
    stmt = (select(Household.code, Tdp.number).join(Tdp, Household.tdp_id == Tdp.id)
            .where(Tdp.ward_id == ward_id, Household.status == HouseholdStatus.ACTIVE, Tdp.id.not_in(list(tdps))))
    return {code: number for code, number in db.session.execute(stmt)}


def _codes_elsewhere(parsed: ParsedRoll, elsewhere: Mapping[str, int]) -> tuple[Problem, ...]:
    """An error for each row whose code is an active household of a TDP this import does not cover
    (`elsewhere`: code → that TDP's number)."""
    if not parsed.rows or not elsewhere:
        return ()
    return tuple(
        locate(parsed.header, r.line, Field.CODE, "code.other_tdp",
               f"Mã hộ “{r.code}” đã thuộc tổ dân phố số {elsewhere[r.code]} của phường. Hãy kiểm tra lại mã hộ "
               "hoặc tổ đang nhập.", Severity.ERROR)
        for r in parsed.rows if r.code in elsewhere
    )


def _stored_width(target: ImportTarget) -> int | None:
    """The usual length of the all-digit codes stored for the target (a TDP, or the whole ward)."""
    stmt = select(Household.code).join(Tdp, Household.tdp_id == Tdp.id).where(Tdp.ward_id == target.ward_id)
    if target.tdp_id is not None:
        stmt = stmt.where(Household.tdp_id == target.tdp_id)
    lengths = Counter(len(code) for code in db.session.scalars(stmt) if code.isascii() and code.isdigit())
    return lengths.most_common(1)[0][0] if lengths else None


def _zeros_lost(parsed: ParsedRoll, current: list[Current]) -> tuple[tuple[Problem, ...], tuple[int, str, str] | None]:
    """An error for each row whose code is not stored but equals a stored code of its TDP without that
    code's leading zeros (Excel turned the column into numbers), and the fix to offer."""
    stored = {(c.tdp, c.code) for c in current}
    stripped: dict[tuple[int, str], str] = {}
    for c in current:
        if c.code.isascii() and c.code.isdigit() and c.code.startswith("0"):
            stripped.setdefault((c.tdp, c.code.lstrip("0")), c.code)
    if not stripped:  # no stored code starts with a zero (a new roll): nothing can have lost one
        return (), None
    problems, example = [], None
    for r in parsed.rows:
        if (r.tdp, r.code) in stored or not (r.code.isascii() and r.code.isdigit()):
            continue
        match = stripped.get((r.tdp, r.code.lstrip("0")))
        if match is None:
            continue
        example = example or (len(match), r.code, match)
        problems.append(locate(parsed.header, r.line, Field.CODE, "code.zeros_lost",
                               f"Mã hộ “{r.code}” là mã “{match}” đã lưu nhưng mất số 0 ở đầu (Excel đã đổi cột mã "
                               "thành số). Hãy bấm “Khôi phục số 0 đầu mã” hoặc định dạng cột Mã hộ là Văn bản "
                               "(Text) rồi tải lên lại."))
    return tuple(problems), example
