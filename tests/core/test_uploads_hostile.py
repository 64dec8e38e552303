"""Upload views: attachment names and types cannot trick a browser (F18); a missing or expired CSRF token on
the two self-checking upload forms is shown to the user, and nothing is stored (F22)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.auth.models import Duty
from app.plan import files
from app.plan.models import ChecklistItem
from tests.factories import create_app_user, create_tdp, create_ward, login
from tests.plan.builders import item_for, planned_ward


@pytest.fixture
def attach_folder(client, tmp_path, monkeypatch):
    monkeypatch.setitem(client.application.config, "PLAN_ATTACHMENT_FOLDER", str(tmp_path / "plan"))
    monkeypatch.setitem(client.application.config, "ROLL_IMPORT_FOLDER", str(tmp_path / "uploads"))
    return tmp_path


def test_file_names_lose_bidi_overrides_and_other_invisible_format_characters():
    assert files.clean_filename("\u202egnp.exe") == "gnp.exe"
    assert files.clean_filename("Biên\u200b bản\u2066.pdf") == "Biên bản.pdf"


def test_only_allow_listed_types_are_served_as_themselves():
    assert files.content_type("Biên bản.pdf") == "application/pdf"
    for name in ("x.html", "x.htm", "x.svg", "x.xml", "x.js", "x"):
        assert files.content_type(name) == "application/octet-stream"
    assert files.served_type("text/html") == "application/octet-stream"


def test_an_uploaded_html_file_with_a_bidi_name_downloads_as_octet_stream_under_a_plain_name(client, session,
                                                                                            attach_folder):
    w = planned_ward()
    team = create_app_user(w.ward, Duty.ELECTION_TEAM, [w.tdp5])
    row = item_for(w.plan, "roll_posted", w.tdp5)
    session.commit()
    login(client, team)
    for name in ("Q<script>alert(1)</script>.html", "\u202egnp.exe"):
        uploaded = client.post(f"/plan/items/{row.id}/attachment", content_type="multipart/form-data",
                               data={"file-file": (io.BytesIO(b"<script>alert(1)</script>"), name)})
        assert uploaded.status_code == 302
        download = client.get(f"/plan/items/{row.id}/attachment")
        assert download.status_code == 200 and download.mimetype == "application/octet-stream"
        assert "%E2%80%AE" not in download.headers["Content-Disposition"]
        assert "attachment" in download.headers["Content-Disposition"]


def test_a_row_stored_as_text_html_before_the_fix_is_still_served_as_octet_stream(client, session, attach_folder):
    w = planned_ward()
    row = item_for(w.plan, "roll_posted", w.tdp5)
    folder = attach_folder / "plan"
    row.attachment_key, row.attachment_name = files.save(folder, b"<b>x</b>"), "\u202egnp.html"
    row.attachment_type, row.attachment_size = "text/html", 8
    session.commit()
    login(client, w.admin)
    download = client.get(f"/plan/items/{row.id}/attachment")
    assert download.mimetype == "application/octet-stream" and "%E2%80%AE" not in download.headers["Content-Disposition"]


@pytest.fixture
def csrf_on(client, monkeypatch):
    """Call after logging in: turns CSRF checking on, as in production."""
    return lambda: monkeypatch.setitem(client.application.config, "WTF_CSRF_ENABLED", True)


def test_an_attachment_without_its_csrf_token_says_so_and_stores_nothing(client, session, attach_folder, csrf_on):
    w = planned_ward()
    row = item_for(w.plan, "roll_posted", w.tdp5)
    session.commit()
    login(client, w.admin)
    csrf_on()
    response = client.post(f"/plan/items/{row.id}/attachment", content_type="multipart/form-data",
                           data={"file-file": (io.BytesIO(b"%PDF-1.4"), "a.pdf")})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Thiếu mã bảo vệ biểu mẫu" in page, page[page.find("<main"):][:1500]
    assert session.scalar(select(func.count()).select_from(ChecklistItem)
                          .where(ChecklistItem.attachment_key.is_not(None))) == 0


def test_a_roll_upload_with_a_wrong_csrf_token_says_so_and_stores_nothing(client, session, attach_folder, csrf_on):
    ward = create_ward()
    tdp = create_tdp(ward, 5)
    login(client, create_app_user(ward))
    session.commit()
    csrf_on()
    response = client.post("/rolls/import/", content_type="multipart/form-data",
                           data={"file": (io.BytesIO(b"a;b\r\n1;2\r\n"), "roll.csv"), "target": str(tdp.id),
                                 "csrf_token": "forged"})
    assert response.status_code == 200
    assert "Mã bảo vệ biểu mẫu không hợp lệ" in response.get_data(as_text=True)
    assert not (attach_folder / "uploads").exists() or list((attach_folder / "uploads").iterdir()) == []
