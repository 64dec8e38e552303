"""The ward's paper settings: the legal bases per rule set come from a registry, the issuer, signers,
recipients and extra bases from the ward; only ward admins change them; bad input changes nothing."""

import pytest
from sqlalchemy import select

from app.auth.models import Duty
from app.papers.models import WardPapers
from app.papers.registry import PaperKind, PaperTemplateError, get_template
from app.rules.rulesets import RULE_SETS
from app.wards.models import Ward
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, login
from tests.papers.test_docx import docx_text
from tests.pdftools import pdf_text


def test_every_rule_set_has_a_paper_template_and_an_unknown_one_is_a_domain_error():
    assert set(RULE_SETS) <= {rs for rs in RULE_SETS if get_template(rs)}
    with pytest.raises(PaperTemplateError):
        get_template("nd-99-2099")


def test_the_rule_set_in_force_cites_the_2025_local_government_law_and_decree_59():
    bases = get_template("nd-59-2023").bases_for(PaperKind.RECOGNITION, "Nghị định số 59/2023/NĐ-CP")
    assert bases[0] == "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;"
    assert any("Nghị định số 59/2023/NĐ-CP" in line for line in bases)
    assert not any("2015" in line for line in bases)


def _form(**changes) -> dict:
    data = {"issuing_authority": "UBND phường Bồ Đề", "province": "Hà Nội",
            "report_recipient": "UBND thành phố Hà Nội (qua Sở Nội vụ)", "issuer_header": "",
            "recognition_capacity": "KT. CHỦ TỊCH", "recognition_title": "PHÓ CHỦ TỊCH",
            "recognition_name": "Trần Thị Bình", "recognition_recipients": "",
            "ward_report_capacity": "TM. ỦY BAN NHÂN DÂN", "ward_report_title": "CHỦ TỊCH",
            "ward_report_name": "Lê Văn Cường", "ward_report_recipients": "",
            "bases_recognition": "Căn cứ Quyết định số 12/QĐ-UBND của UBND phường về việc tổ chức bầu cử;"}
    return data | changes


def test_a_ward_admin_sets_the_signer_bases_and_recipient_and_every_paper_prints_them(client, session):
    kit = ward_of(2)
    finish(kit.contest(1), 9, (7, 2))
    kit.election.rule_set_id = "nd-59-2023"  # counted under the old rules' fixtures, printed under today's
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    page = client.get("/papers/settings")
    assert page.status_code == 200 and "Luật Tổ chức chính quyền địa phương năm 2025" in page.get_data(as_text=True)
    saved = client.post("/papers/settings", data=_form())
    assert saved.status_code == 302
    decision = " ".join(pdf_text(client.get(f"/results/tdp/{kit.tdps[1].id}/recognition.pdf").data).split())
    for part in ("ỦY BAN NHÂN DÂN PHƯỜNG BỒ ĐỀ", "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
                 "Căn cứ Quyết định số 12/QĐ-UBND", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Bình",
                 "Văn phòng Ủy ban nhân dân phường Bồ Đề"):
        assert part in decision, part
    report = client.get("/reports/results.docx")
    words = docx_text(report.data)
    assert "Kính gửi: UBND thành phố Hà Nội (qua Sở Nội vụ)" in words and "Lê Văn Cường" in words
    assert "Quận" not in words
    preview = client.get("/papers/preview?kind=recognition&format=pdf")
    assert preview.status_code == 200 and "Trần Thị Bình" in pdf_text(preview.data)
    assert client.get("/papers/preview?kind=recognition&format=docx").status_code == 200
    assert client.get("/papers/preview?kind=zzz").status_code == 400


def test_too_many_lines_are_refused_with_a_message_and_change_nothing(client, session):
    kit = ward_of(1)
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    response = client.post("/papers/settings", data=_form(bases_recognition="\n".join(f"Căn cứ {i};" for i in range(13)),
                                                          issuing_authority="Đổi tên"))
    assert response.status_code == 422 and "Tối đa 12 dòng" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Ward, kit.ward.id).issuing_authority == ""
    assert session.scalar(select(WardPapers)) is None


def test_only_a_ward_admin_opens_the_paper_settings(client, session):
    kit = ward_of(1)
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]])
    session.commit()
    login(client, team)
    assert client.get("/papers/settings").status_code == 403
    assert client.post("/papers/settings", data=_form()).status_code == 403
