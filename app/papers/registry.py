"""The paper templates: for each rule set, the legal bases ("Căn cứ …") each kind of paper cites.

An explicit registry (STYLE.md §5): a plain mapping from rule set id to its template, and a lookup that
raises a domain error on an unknown id. Only what can be sourced is cited: laws and decrees by name, number
and date, never an article number that was not checked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class PaperKind(StrEnum):
    """The kinds of paper the ward issues or signs."""

    RECOGNITION = "recognition"  #: Quyết định công nhận kết quả bầu tổ trưởng, tổ phó
    WARD_REPORT = "ward_report"  #: Báo cáo kết quả bầu cử toàn phường
    COUNTING_MINUTES = "counting_minutes"  #: Biên bản kiểm phiếu
    MEETING_MINUTES = "meeting_minutes"  #: Biên bản hội nghị


#: Vietnamese names of the kinds, for the settings page and the previews.
KIND_LABELS: Mapping[PaperKind, str] = MappingProxyType({
    PaperKind.RECOGNITION: "Quyết định công nhận kết quả bầu cử",
    PaperKind.WARD_REPORT: "Báo cáo kết quả bầu cử toàn phường",
    PaperKind.COUNTING_MINUTES: "Biên bản kiểm phiếu",
    PaperKind.MEETING_MINUTES: "Biên bản hội nghị",
})

#: The papers the ward's people's committee signs (the others are signed by the TDP's board or meeting).
WARD_SIGNED = (PaperKind.RECOGNITION, PaperKind.WARD_REPORT)


class PaperTemplateError(LookupError):
    """No paper template for this rule set."""

    def __init__(self, rule_set_id: str):
        super().__init__(f"Không có mẫu văn bản cho bộ quy định {rule_set_id!r}.")
        self.rule_set_id = rule_set_id


@dataclass(frozen=True)
class PaperTemplate:
    """The legal bases of each kind of paper under one rule set. A line may hold `{reference}`, the rule
    set's own reference ("Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ")."""

    rule_set_id: str
    bases: Mapping[PaperKind, tuple[str, ...]]

    def bases_for(self, kind: PaperKind, reference: str) -> tuple[str, ...]:
        return tuple(line.format(reference=reference) for line in self.bases.get(kind, ()))


#: The law on local government in force for the terms of each rule set.
_LOCAL_GOVERNMENT_2015 = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung "
                          "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng "
                          "11 năm 2019;")
_LOCAL_GOVERNMENT_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;"
_MINUTES = ("Căn cứ {reference};",)

NQLT_09_2008 = PaperTemplate("nqlt-09-2008", MappingProxyType({
    PaperKind.RECOGNITION: (_LOCAL_GOVERNMENT_2015,
                            "Căn cứ {reference} hướng dẫn thi hành các Điều 11, Điều 14, Điều 16, Điều 22 và Điều 26 "
                            "của Pháp lệnh Thực hiện dân chủ ở xã, phường, thị trấn;"),
    PaperKind.COUNTING_MINUTES: _MINUTES,
    PaperKind.MEETING_MINUTES: _MINUTES,
}))

TT_14_2018 = PaperTemplate("tt-14-2018", MappingProxyType({
    PaperKind.RECOGNITION: (_LOCAL_GOVERNMENT_2015,
                            "Căn cứ {reference} sửa đổi, bổ sung một số điều của Thông tư số 04/2012/TT-BNV ngày "
                            "31/8/2012 của Bộ trưởng Bộ Nội vụ hướng dẫn về tổ chức và hoạt động của thôn, tổ dân phố;"),
    PaperKind.COUNTING_MINUTES: _MINUTES,
    PaperKind.MEETING_MINUTES: _MINUTES,
}))

#: The rule set in force: the two-level local government since 1/7/2025 (the 2025 law), the 2022 law on
#: grassroots democracy and Decree 59/2023 that details it.
ND_59_2023 = PaperTemplate("nd-59-2023", MappingProxyType({
    PaperKind.RECOGNITION: (_LOCAL_GOVERNMENT_2025,
                            "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;",
                            "Căn cứ {reference} quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở;"),
    PaperKind.WARD_REPORT: (),
    PaperKind.COUNTING_MINUTES: _MINUTES,
    PaperKind.MEETING_MINUTES: _MINUTES,
}))

#: Every paper template by rule set id; a new rule set adds its template here.
TEMPLATES: Mapping[str, PaperTemplate] = MappingProxyType({t.rule_set_id: t for t in (NQLT_09_2008, TT_14_2018,
                                                                                       ND_59_2023)})


def get_template(rule_set_id: str) -> PaperTemplate:
    """The paper template of a rule set. Raises PaperTemplateError on an unknown id."""
    try:
        return TEMPLATES[rule_set_id]
    except KeyError:
        raise PaperTemplateError(rule_set_id) from None
