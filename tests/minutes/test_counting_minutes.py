"""The counting minutes read back with poppler: every field the law asks for, shares of the whole
electorate, three numbered copies, an annex that logs entries and names no voter; and the zero report."""

import re

import pytest
from sqlalchemy import select

from app.minutes import documents
from app.rolls.models import Household, Person
from app.rolls.queries import current_fingerprint
from app.tally import state
from ballots.payload import short_serial
from tests.minutes.builders import CLERK, press_case, scanned_count
from tests.pdftools import pdf_fonts, pdf_text


def _minutes_part(text: str) -> str:
    """The first copy's minutes, without its annex."""
    return text[:text.index("PHỤ LỤC")]


def _annex_part(text: str) -> str:
    start = text.index("PHỤ LỤC")
    return text[start:text.index("BIÊN BẢN KIỂM PHIẾU", start)] if "Bản số 2/" in text else text[start:]


def test_the_counting_minutes_state_every_required_field_of_a_finished_count(session):
    count = scanned_count()
    kit = count.kit
    text = _minutes_part(pdf_text(documents.counting_pdf(kit.leader, 1)))
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert f"UBND {kit.ward.name}".upper() in text and "TỔ BẦU CỬ TDP SỐ 5" in text
    assert "ngày 15 tháng 10 năm 2017" in flat
    assert "BIÊN BẢN KIỂM PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ" in flat
    assert f"Tổ dân phố số 5 – {kit.ward.name}" in flat
    assert "tại Nhà văn hóa" in flat and "Hồi " in flat and "kết thúc hồi" in flat
    for who in ("Trần Văn Trưởng – Trưởng ban", "Lê Thị Thư – Thư ký", "Phạm Văn Chứng", "Đỗ Thị Kiến"):
        assert who in flat, who
    assert "của tổ dân phố: 12." in flat and "có mặt tại hội nghị: 10, bằng 83,33%" in flat
    assert "Số phiếu phát ra: 10." in flat and "Số phiếu thu vào: 10." in flat
    assert "Số phiếu hợp lệ: 8." in flat and "Số phiếu không hợp lệ: 2, trong đó:" in flat
    assert "Phiếu gạch hết tên: 1;" in flat and "Phiếu không có dấu của Tổ bầu cử: 1;" in flat
    names = [c["name"] for c in count.run.definition["candidates"]]
    assert re.search(rf"1 Ông {names[0]} 7 58,33% Trúng cử", flat), flat
    assert re.search(rf"2 Ông {names[1]} 1 8,33% –", flat)
    assert f"Ông {names[0]} trúng cử tổ trưởng Tổ dân phố số 5 với 7 phiếu bầu, đạt 58,33% tổng số cử tri." in flat
    assert "ít nhất 7 phiếu" in flat
    fingerprint = current_fingerprint(kit.tdp.id)
    assert fingerprint.short in text and fingerprint.hex in text
    for title in ("TRƯỞNG BAN KIỂM PHIẾU", "THƯ KÝ", "NGƯỜI CHỨNG KIẾN"):
        assert title in text
    assert text.count("(Ký, ghi rõ họ tên)") == 4


def test_shares_are_of_the_whole_electorate_and_nobody_is_elected_in_the_press_case(session):
    kit = press_case()
    flat = " ".join(_minutes_part(pdf_text(documents.counting_pdf(kit.leader, 1))).split())
    assert "của tổ dân phố: 361." in flat and "có mặt tại hội nghị: 314" in flat
    assert "Số phiếu thu vào: 314." in flat and "Số phiếu hợp lệ: 308." in flat
    assert "Số phiếu không hợp lệ: 6, trong đó:" in flat
    assert "159 44,04%" in flat and "149 41,27%" in flat
    assert "không có người trúng cử tổ trưởng" in flat and "Trúng cử" not in flat
    assert "ít nhất 181 phiếu" in flat
    assert "Phải tổ chức bầu lại chậm nhất ngày 30/10/2017." in flat


def test_the_minutes_come_in_three_copies_each_numbered_and_paged_on_its_own(session):
    kit = scanned_count().kit
    text = pdf_text(documents.counting_pdf(kit.leader))
    for k in (1, 2, 3):
        assert f"Bản số {k}/3" in text
        assert f"Bản số {k}/3 · Trang 1/" in text
    assert text.count("BIÊN BẢN KIỂM PHIẾU BẦU TỔ TRƯỞNG") == 3 and text.count("PHỤ LỤC: NHẬT KÝ NHẬP PHIẾU") == 3
    assert "lập thành 03 bản" in " ".join(text.split())
    single = pdf_text(documents.counting_pdf(kit.leader, 1))
    assert "Bản số" not in single and single.count("BIÊN BẢN KIỂM PHIẾU BẦU") == 1


def test_the_annex_gives_each_clerks_totals_and_names_no_serial_and_no_voter(session):
    count = scanned_count()
    kit = count.kit
    annex = " ".join(_annex_part(pdf_text(documents.counting_pdf(kit.leader, 1))).split())
    names = [c["name"] for c in count.run.definition["candidates"]]
    assert CLERK in annex and "Quét 10 phiếu" in annex and "Tổng cộng 1 dòng" in annex
    assert f"8 phiếu hợp lệ; Ông {names[0]}: 7; Ông {names[1]}: 1" in annex
    assert "không hợp lệ (phiếu gạch hết tên): 1" in annex
    whole = pdf_text(documents.counting_pdf(kit.leader, 1))
    for serial in count.serials:
        assert serial not in "".join(whole.split()) and short_serial(serial) not in whole
    candidates = {c["person"] for c in count.run.definition["candidates"]}
    voters = session.execute(select(Household.code, Person.id, Person.full_name)
                             .join(Person, Household.representative_id == Person.id)
                             .where(Household.tdp_id == kit.tdp.id)).all()
    for code, person_id, name in voters:
        assert code not in annex
        if person_id not in candidates:
            assert not re.search(rf"{re.escape(name)}(?!\d)", annex), name


def test_a_hand_counted_bundle_is_logged_as_a_bundle(session):
    kit = press_case()
    annex = " ".join(_annex_part(pdf_text(documents.counting_pdf(kit.leader, 1))).split())
    assert "Tệp số 1 (đếm tay)" in annex and "314 phiếu;" in annex and "Tổng cộng 1 dòng" in annex


def test_the_same_locked_result_prints_the_same_text_every_time(session):
    kit = scanned_count().kit
    assert pdf_text(documents.counting_pdf(kit.leader, 2)) == pdf_text(documents.counting_pdf(kit.leader, 2))


def test_every_font_of_every_minutes_is_embedded_and_none_is_helvetica(session):
    count = scanned_count()
    for pdf in (documents.counting_pdf(count.kit.leader, 1), documents.zero_report_pdf(count.kit.leader),
                documents.meeting_pdf(count.kit.round)):
        fonts = pdf_fonts(pdf).splitlines()[2:]
        assert fonts and all(" yes yes yes " in line for line in fonts), fonts
        assert not any("Helvetica" in line for line in fonts)
        assert any("LiberationSerif" in line for line in fonts)


def test_the_zero_report_shows_every_count_at_zero_the_fingerprint_and_the_ledger(session):
    count = scanned_count(finalize=False)
    kit = count.kit
    before = pdf_text(documents.zero_report_pdf(kit.deputy))  # the deputy count is still in setup
    flat = " ".join(before.split())
    assert "BIÊN BẢN KIỂM TRA HÒM PHIẾU" in before and "Xác nhận số liệu trước khi kiểm phiếu bầu tổ phó" in flat
    assert "Mọi con số đều bằng 0: chưa có phiếu nào được nhập." in flat
    assert re.search(r"Số phiếu đã nhập 0 Số phiếu hợp lệ 0 Số phiếu không hợp lệ 0", flat)
    fingerprint = current_fingerprint(kit.tdp.id)
    assert fingerprint.short in before and fingerprint.hex in before
    assert "(đại diện hộ gia đình): 12; số cử tri có mặt: 10." in flat
    assert "chưa có đợt in nào" in flat
    assert "Bản in lại" not in flat and before.count("(Ký, ghi rõ họ tên)") == 4


def test_the_zero_report_printed_after_signing_says_when_and_keeps_its_zeros(session):
    count = scanned_count(finalize=False)
    kit = count.kit
    flat = " ".join(pdf_text(documents.zero_report_pdf(kit.leader)).split())
    signed = state.tally_for(kit.leader).zero_report_at
    assert "Bản in lại." in flat and "đã được ký hồi" in flat and signed is not None
    assert "Số phiếu đã nhập 0" in flat and "Tại thời điểm ký biên bản, mọi con số đều bằng 0" in flat
    assert "Số phiếu đã in (các đợt in còn hiệu lực): 14 (đợt in số" in flat
    assert "Trần Văn Trưởng – Trưởng ban" in flat and "Đỗ Thị Kiến" in flat


@pytest.mark.parametrize("copies", [0, 6])
def test_a_copy_count_out_of_range_is_refused(session, copies):
    kit = scanned_count().kit
    with pytest.raises(ValueError):
        documents.counting_pdf(kit.leader, copies)


def test_a_result_locked_before_snapshots_carried_the_board_and_ledger_still_prints_them(session):
    kit = scanned_count().kit
    tally = state.tally_for(kit.leader)
    tally.result = {k: v for k, v in tally.result.items() if k not in ("board", "place", "ballots")}
    session.flush()
    flat = " ".join(_minutes_part(pdf_text(documents.counting_pdf(kit.leader, 1))).split())
    assert "Trần Văn Trưởng – Trưởng ban" in flat and "tại Nhà văn hóa" in flat and "Số phiếu phát ra: 10." in flat
