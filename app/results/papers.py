"""A paper copy of the counting minutes printed on a TDP's laptop, checked on the ward's copy against the
imported package. The QR is app.minutes' code; its MAC is made with the laptop's own key, which never
leaves the laptop, so here the check is that the paper's result digest is the one the signed package
carried (the package's own signature was checked at import)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.minutes import digest
from app.results.models import ResultsPackage
from app.wards.models import Tdp


@dataclass(frozen=True)
class PaperCheck:
    ok: bool
    message: str
    tdp_name: str | None = None


def check_paper(ward_id: int, text: str) -> PaperCheck:
    """Does the minutes QR `text` match a package imported for this ward? Never raises."""
    parsed = digest.parse(text)
    if parsed is None or parsed[0].kind != digest.COUNTING:
        return PaperCheck(False, "Không phải mã QR của biên bản kiểm phiếu (mã phải bắt đầu bằng BB1:C:).")
    short = parsed[0].digest.lower()
    rows = db.session.execute(
        select(ResultsPackage, Tdp).join(Tdp, ResultsPackage.tdp_id == Tdp.id)
        .where(Tdp.ward_id == ward_id, ResultsPackage.minutes_digest.startswith(short))).all()
    if not rows:
        return PaperCheck(False, "Không có gói kết quả đã nhập nào khớp với bản giấy này: bản giấy in từ kết quả khác, "
                          "hoặc gói kết quả của tổ chưa được nhập.")
    package, tdp = rows[0]
    return PaperCheck(True, f"Bản giấy khớp với kết quả của {tdp.name} đã nhập từ máy của tổ (mã kiểm tra "
                      f"{package.minutes_digest[:digest.DIGEST_CHARS].upper()}).", tdp.name)
