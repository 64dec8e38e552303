"""The ward's paper settings, resolved with their defaults: who issues, who signs, what is cited, who
receives. Every paper reads its header, signers, extra bases and recipients from here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.audit.services import record
from app.extensions import db
from app.papers.models import WardPapers
from app.papers.registry import WARD_SIGNED, PaperKind, get_template
from app.wards.models import Ward

MAX_LINES = 12
MAX_LINE = 300
_UBND_PREFIXES = ("ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ")


@dataclass(frozen=True)
class Signer:
    """Khối chữ ký: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH" / the name (empty: room to write it)."""

    capacity: str
    title: str
    name: str = ""


@dataclass(frozen=True)
class PaperSettings:
    """What a paper of the ward prints, the defaults filled in."""

    ward_name: str
    authority: str  #: "UBND phường Bồ Đề", as it reads in a sentence
    issuer_lines: tuple[str, ...]  #: the header's issuer, upper case, one entry per line
    report_recipient: str  #: "Ủy ban nhân dân thành phố Hà Nội (qua Sở Nội vụ)"; never a district unless typed
    province: str
    signers: Mapping[PaperKind, Signer]
    extra_bases: Mapping[PaperKind, tuple[str, ...]]
    recipients: Mapping[PaperKind, tuple[str, ...]]

    @property
    def authority_full(self) -> str:
        """"UBND phường Bồ Đề" → "Ủy ban nhân dân phường Bồ Đề", as a sentence names the issuer."""
        for prefix in _UBND_PREFIXES:
            if self.authority.lower().startswith(prefix):
                return "Ủy ban nhân dân " + self.authority[len(prefix):].strip()
        return self.authority

    def bases(self, kind: PaperKind, rule_set_id: str, reference: str) -> tuple[str, ...]:
        """The rule set's "Căn cứ" lines for this kind of paper, then the ward's own."""
        return get_template(rule_set_id).bases_for(kind, reference) + self.extra_bases.get(kind, ())


def in_text(name: str) -> str:
    """"Phường Ngọc Thụy" as it reads inside a sentence: "phường Ngọc Thụy"."""
    return name[:1].lower() + name[1:]


def default_issuer_lines(ward: Ward) -> tuple[str, ...]:
    """"UBND phường Bồ Đề" → ("ỦY BAN NHÂN DÂN", "PHƯỜNG BỒ ĐỀ"); without an authority, the ward's name."""
    authority = (ward.issuing_authority or "").strip()
    for prefix in _UBND_PREFIXES:
        if authority.lower().startswith(prefix):
            return "ỦY BAN NHÂN DÂN", authority[len(prefix):].strip().upper()
    return ("ỦY BAN NHÂN DÂN", ward.name.upper()) if not authority else (authority.upper(),)


def default_recipient(ward: Ward) -> str:
    """Reports go to the province level (there is no district since 1/7/2025)."""
    if (ward.report_recipient or "").strip():
        return ward.report_recipient.strip()
    return f"Ủy ban nhân dân {ward.province.strip()}" if (ward.province or "").strip() else "Ủy ban nhân dân cấp tỉnh"


def default_signers() -> dict[PaperKind, Signer]:
    return {kind: Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") for kind in WARD_SIGNED}


def default_recipients(ward: Ward, recipient: str) -> dict[PaperKind, tuple[str, ...]]:
    ward_in_text = in_text(ward.name)
    return {
        PaperKind.RECOGNITION: ("Như Điều 3;", f"Thường trực Đảng ủy {ward_in_text};",
                                f"Ủy ban MTTQ Việt Nam {ward_in_text};", "Lưu: VT."),
        PaperKind.WARD_REPORT: (f"{recipient};", f"Thường trực Đảng ủy {ward.name};", "Lưu: VT."),
    }


def _row(ward: Ward) -> WardPapers | None:
    return db.session.get(WardPapers, ward.id)


def _lines(value) -> tuple[str, ...]:
    return tuple(str(v) for v in value or () if str(v).strip())


def paper_settings(ward: Ward) -> PaperSettings:
    """The ward's settings with every default filled in; reads one row."""
    row = _row(ward)
    recipient = default_recipient(ward)
    signers = default_signers()
    recipients = default_recipients(ward, recipient)
    extra: dict[PaperKind, tuple[str, ...]] = {}
    issuer = default_issuer_lines(ward)
    if row is not None:
        issuer = _lines(row.issuer_header.splitlines()) or issuer
        for kind in PaperKind:
            stored = (row.signers or {}).get(kind.value)
            if stored and kind in signers:
                signers[kind] = Signer(stored.get("capacity", ""), stored.get("title", ""), stored.get("name", ""))
            if (row.recipients or {}).get(kind.value):
                recipients[kind] = _lines(row.recipients[kind.value])
            if (row.extra_bases or {}).get(kind.value):
                extra[kind] = _lines(row.extra_bases[kind.value])
    authority = (ward.issuing_authority or "").strip() or f"UBND {in_text(ward.name)}"
    return PaperSettings(ward.name, authority, issuer, recipient, (ward.province or "").strip(), signers, extra,
                         recipients)


class PaperSettingsError(ValueError):
    """A setting the papers cannot print."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _clean(field: str, lines: Sequence[str]) -> list[str]:
    out = [" ".join(line.split()) for line in lines if line.strip()]
    if len(out) > MAX_LINES:
        raise PaperSettingsError(field, f"Tối đa {MAX_LINES} dòng.")
    if any(len(line) > MAX_LINE for line in out):
        raise PaperSettingsError(field, f"Mỗi dòng tối đa {MAX_LINE} ký tự.")
    return out


def save_settings(actor, ward: Ward, *, issuing_authority: str, report_recipient: str, province: str,
                  issuer_header: Sequence[str], signers: Mapping[PaperKind, Signer],
                  extra_bases: Mapping[PaperKind, Sequence[str]], recipients: Mapping[PaperKind, Sequence[str]]
                  ) -> WardPapers:
    """Store the ward's paper settings (empty recipients: the defaults). Raises PaperSettingsError on too
    many or too long lines, before anything changes. Flushes; audited."""
    header = _clean("issuer_header", issuer_header)
    if len(header) > 3:
        raise PaperSettingsError("issuer_header", "Dòng cơ quan ban hành tối đa 3 dòng.")
    extra = {k.value: _clean(f"bases_{k.value}", v) for k, v in extra_bases.items()}
    to = {k.value: _clean(f"recipients_{k.value}", v) for k, v in recipients.items()}
    row = _row(ward)
    before = None if row is None else {"issuer_header": row.issuer_header, "signers": row.signers,
                                       "extra_bases": row.extra_bases, "recipients": row.recipients}
    before_ward = {"issuing_authority": ward.issuing_authority, "report_recipient": ward.report_recipient,
                   "province": ward.province}
    if row is None:
        row = WardPapers(ward_id=ward.id)
        db.session.add(row)
    ward.issuing_authority, ward.report_recipient = issuing_authority.strip(), report_recipient.strip()
    ward.province = province.strip()
    row.issuer_header = "\n".join(header)
    row.signers = {k.value: {"capacity": s.capacity.strip(), "title": s.title.strip(), "name": s.name.strip()}
                   for k, s in signers.items()}
    row.extra_bases = {k: v for k, v in extra.items() if v}
    row.recipients = {k: v for k, v in to.items() if v}
    db.session.flush()
    record(actor, "papers.settings", "ward", ward.id, before={**before_ward, **(before or {})},
           after={"issuing_authority": ward.issuing_authority, "report_recipient": ward.report_recipient,
                  "province": ward.province, "issuer_header": row.issuer_header, "signers": row.signers,
                  "extra_bases": row.extra_bases, "recipients": row.recipients})
    return row
