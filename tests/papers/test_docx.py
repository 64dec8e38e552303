"""Every decision, report and minutes also downloads as .docx with the same words and figures as its PDF,
permission-checked like the PDF (issue 11 §5)."""

import io
import re

from docx import Document

from app.auth.models import Duty
from tests.dashboard.builders import finish, ward_of
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.minutes.builders import scanned_count
from tests.pdftools import pdf_text

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a .docx, as python-docx reads it."""
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


def flat(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


FIGURES = re.compile(r"(Tổng số cử tri \(đại diện hộ gia đình\) của tổ dân phố: \d+|Số cử tri có mặt tại hội nghị: \d+, "
                     r"bằng [\d,]+%|Số phiếu phát ra: \d+|Số phiếu thu vào: \d+|Số phiếu hợp lệ: \d+|"
                     r"Số phiếu không hợp lệ: \d+|trúng cử tổ \w+ [^.]*? với \d+ phiếu bầu, đạt [\d,]+%)")


def test_the_counting_minutes_docx_opens_in_python_docx_and_carries_the_figures_of_the_pdf(client, session):
    count = scanned_count()
    kit = count.kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    base = f"/minutes/contest/{kit.leader.id}/counting"
    pdf, word = client.get(base + ".pdf?copies=1"), client.get(base + ".docx")
    assert word.status_code == 200 and word.mimetype == DOCX
    assert word.headers["Content-Disposition"].startswith("attachment") and ".docx" in word.headers["Content-Disposition"]
    pdf_words, docx_words = flat(pdf.data), docx_text(word.data)
    expected = FIGURES.findall(pdf_words)
    assert len(expected) >= 6, expected
    assert FIGURES.findall(docx_words) == expected
    for candidate in count.run.definition["candidates"]:
        assert candidate["name"] in docx_words
    for part in ("BIÊN BẢN KIỂM PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ", "Căn cứ ",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TRƯỞNG BAN KIỂM PHIẾU", "NGƯỜI CHỨNG KIẾN",
                 "PHỤ LỤC: NHẬT KÝ NHẬP PHIẾU"):
        assert part in pdf_words and part in docx_words, part


def test_the_counting_minutes_docx_is_checked_like_the_pdf(client, session):
    kit = scanned_count().kit
    observer = create_app_user(kit.ward, Duty.OBSERVER)
    outsider = create_app_user(kit.ward, Duty.ELECTION_TEAM, [create_tdp(kit.ward, 6)])
    stranger = create_app_user(create_ward())
    session.commit()
    url = f"/minutes/contest/{kit.leader.id}/counting.docx"
    statuses = []
    for user in (observer, outsider, stranger):
        login(client, user)
        statuses.append(client.get(url).status_code)
        client.post("/logout")
    assert statuses == [200, 403, 404]
    assert client.get(url).status_code in (302, 401)


def test_the_counting_minutes_docx_is_refused_until_the_result_is_final(client, session):
    kit = scanned_count(finalize=False).kit
    team = create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdp])
    session.commit()
    login(client, team)
    response = client.get(f"/minutes/contest/{kit.leader.id}/counting.docx")
    assert response.status_code == 409 and "Kết quả kiểm phiếu chưa được chốt" in response.get_data(as_text=True)


def _decided(client, session, rule_set="nqlt-09-2008"):
    kit = ward_of(2, rule_set=rule_set)
    finish(kit.contest(1), 9, (7, 2))
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    return kit


def test_the_recognition_decision_docx_says_what_the_pdf_says(client, session):
    kit = _decided(client, session)
    url = f"/results/tdp/{kit.tdps[1].id}/recognition"
    client.post(url, data={"recognised_on": "18/10/2017", "number": "125"})
    pdf_words = flat(client.get(url + ".pdf").data)
    word = client.get(url + ".docx")
    assert word.status_code == 200 and word.mimetype == DOCX
    docx_words = docx_text(word.data)
    for part in ("ỦY BAN NHÂN DÂN", "PHƯỜNG THỬ NGHIỆM", "Số: 125/QĐ-UBND", "Thử Nghiệm, ngày 18 tháng 10 năm 2017",
                 "QUYẾT ĐỊNH", "Căn cứ Nghị quyết liên tịch số 09/2008", "với 7/10 phiếu, đạt 70,00% tổng số cử tri",
                 "Điều 2.", "Điều 3.", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
        assert part in pdf_words and part in docx_words, part


def test_the_ward_report_docx_carries_the_figures_of_the_pdf(client, session):
    kit = ward_of(3)
    finish(kit.contest(1), 9, (7, 2))
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    pdf_words = flat(client.get("/reports/results.pdf").data)
    word = client.get("/reports/results.docx")
    assert word.status_code == 200 and word.mimetype == DOCX
    docx_words = docx_text(word.data)
    for part in ("BÁO CÁO", "Kính gửi: Ủy ban nhân dân Hà Nội", "Toàn phường có 3 tổ dân phố với 30 hộ gia đình",
                 "Đã có 1/3 tổ bầu được tổ trưởng", "70,00%", "0/3 tổ bầu xong", "TM. ỦY BAN NHÂN DÂN"):
        assert part in pdf_words and part in docx_words, part
    assert "Quận" not in docx_words


MEETING = re.compile(r"(Tổng số cử tri \(đại diện hộ gia đình\) của tổ dân phố: \d+\. Số cử tri có mặt: \d+, bằng [\d,]+%|"
                     r"ít nhất \d+\): hội nghị [^.]*\.|Số phiếu thu vào: \d+; hợp lệ: \d+; không hợp lệ: \d+|"
                     r"trúng cử tổ \w+ [^.]*? với \d+ phiếu bầu, đạt [\d,]+%|lập thành \d+ bản)")


def test_the_meeting_minutes_docx_carries_the_figures_and_opinions_of_the_pdf(client, session):
    count = scanned_count()
    kit = count.kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    base = f"/minutes/round/{kit.round.id}/meeting"
    pdf, word = client.get(base + ".pdf?copies=1"), client.get(base + ".docx?copies=3")
    assert word.status_code == 200 and word.mimetype == DOCX
    assert ".docx" in word.headers["Content-Disposition"]
    pdf_words, docx_words = flat(pdf.data), docx_text(word.data)
    expected = MEETING.findall(pdf_words)
    assert len(expected) >= 5, expected
    assert MEETING.findall(docx_words) == [e.replace("lập thành 01 bản", "lập thành 03 bản") for e in expected]
    opinions = re.findall(r"((?:Ông|Bà) [^–]+? \d+ \d+ – Giữ trong danh sách)", pdf_words)
    assert len(opinions) == 4 and all(o in docx_words for o in opinions)
    for part in ("BIÊN BẢN HỘI NGHỊ", "Căn cứ ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Giữ trong danh sách",
                 "CHỦ TRÌ HỘI NGHỊ", "THƯ KÝ HỘI NGHỊ", "Hội nghị kết thúc hồi"):
        assert part in pdf_words and part in docx_words, part


def test_the_zero_report_docx_carries_the_figures_of_the_pdf(client, session):
    kit = scanned_count().kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    for contest in (kit.leader, kit.deputy):  # one signed and counted, one still in setup
        base = f"/minutes/contest/{contest.id}/zero-report"
        pdf_words, word = flat(client.get(base + ".pdf").data), client.get(base + ".docx")
        assert word.status_code == 200 and word.mimetype == DOCX
        docx_words = docx_text(word.data)
        figures = re.findall(r"(Tổng số cử tri \(đại diện hộ gia đình\): \d+; số cử tri có mặt: \d+|"
                             r"Mã kiểm tra danh sách: \S+|Số phiếu đã in \(các đợt in còn hiệu lực\): \d+|"
                             r"đã phát ra \d+|Số phiếu đã nhập \d+|Số phiếu hợp lệ \d+|Số phiếu không hợp lệ \d+|"
                             r"Số phiếu bầu cho (?:Ông|Bà) .+? \d+(?= Số phiếu bầu| Tại| Mọi))", pdf_words)
        assert len(figures) == 9, figures
        assert all(f in docx_words for f in figures), [f for f in figures if f not in docx_words]
        for part in ("BIÊN BẢN KIỂM TRA HÒM PHIẾU", "TRƯỞNG BAN KIỂM PHIẾU", "NGƯỜI CHỨNG KIẾN", "mọi con số đều bằng 0"):
            assert part.lower() in pdf_words.lower() and part.lower() in docx_words.lower(), part


def test_the_meeting_minutes_and_zero_report_docx_are_checked_like_their_pdfs(client, session):
    kit = scanned_count().kit
    observer = create_app_user(kit.ward, Duty.OBSERVER)
    outsider = create_app_user(kit.ward, Duty.ELECTION_TEAM, [create_tdp(kit.ward, 6)])
    stranger = create_app_user(create_ward())
    session.commit()
    urls = [f"/minutes/round/{kit.round.id}/meeting.docx", f"/minutes/contest/{kit.leader.id}/zero-report.docx"]
    statuses = []
    for user in (observer, outsider, stranger):
        login(client, user)
        statuses.append([client.get(url).status_code for url in urls])
        client.post("/logout")
    assert statuses == [[200, 200], [403, 403], [404, 404]]
    assert all(client.get(url).status_code in (302, 401) for url in urls)
    login(client, observer)
    assert client.get(urls[0] + "?copies=9").status_code == 400


def test_the_pages_link_the_docx_beside_the_pdfs(client, session):
    kit = scanned_count().kit
    admin = create_app_user(kit.ward)
    session.commit()
    login(client, admin)
    tdp_page = client.get(f"/tdp/{kit.tdp.id}").get_data(as_text=True)
    assert f"/minutes/round/{kit.round.id}/meeting.pdf" in tdp_page
    assert f"/minutes/round/{kit.round.id}/meeting.docx" in tdp_page
    count_page = client.get(f"/count/contest/{kit.leader.id}").get_data(as_text=True)
    assert f"/minutes/contest/{kit.leader.id}/zero-report.docx" in count_page
