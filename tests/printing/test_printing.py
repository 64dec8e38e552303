"""Print runs: every ballot reads back in Vietnamese and its QR decodes with zbar and verifies;
printing freezes the list; voiding refuses the run's serials; the ward job zips every contest."""

import io
import zipfile

import pytest
from sqlalchemy import select

from app.candidates import services as candidates
from app.printing import jobs, ledger, services
from app.printing.models import BallotSerial
from app.printing.verify import VerifyReason, verify
from tests.electionkit import payloads, published
from tests.factories import create_app_user, login
from tests.pdftools import pdf_fonts, pdf_text, qr_codes


@pytest.fixture
def setup(session):
    kit = published(households=12)
    session.commit()
    return kit


def test_every_printed_ballot_reads_back_and_its_qr_decodes_and_verifies(setup, session):
    run = services.create_run(None, setup.leader, 14)
    pdf = services.render_run(run)
    text = " ".join(pdf_text(pdf).split())
    assert text.count("PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ 5") == 14
    for line in run.definition["candidates"]:
        assert f"{line['honorific']} {line['name']}" in text
    fonts = pdf_fonts(pdf).splitlines()[2:]
    assert fonts and all(" yes yes yes " in f for f in fonts)
    decoded = [codes for codes in qr_codes(pdf, dpi=150)]
    assert [len(c) for c in decoded] == [1] * 14
    assert sorted(c[0] for c in decoded) == sorted(payloads(run))
    assert all(verify(c[0]).genuine for c in decoded)


def test_the_default_quantity_is_the_electorate_plus_ten_percent():
    assert services.default_quantity(361) == 398
    assert services.default_quantity(100, 0) == 100


def test_printing_freezes_the_list_and_voiding_refuses_the_runs_serials(setup, session):
    run = services.create_run(None, setup.leader, 5)
    assert candidates.is_frozen(setup.leader)
    text = payloads(run)[0]
    assert verify(text).genuine
    with pytest.raises(services.PrintingError):
        services.void_run(None, run, " ")
    services.void_run(None, run, "In nhầm danh sách")
    assert verify(text).reason is VerifyReason.VOID_RUN
    assert not candidates.is_frozen(setup.leader)


def test_a_forged_altered_or_foreign_payload_is_not_genuine(setup, session):
    run = services.create_run(None, setup.leader, 2)
    good = payloads(run)[0]
    flipped = good[:-1] + ("A" if good[-1] != "A" else "B")
    assert verify(flipped).reason is VerifyReason.BAD_SIGNATURE
    parts = good.split(":")
    parts[3] = str(setup.deputy.id)
    assert verify(":".join(parts)).reason is VerifyReason.BAD_SIGNATURE
    assert verify("hello").reason is VerifyReason.MALFORMED
    assert verify(good[:20]).reason is VerifyReason.MALFORMED
    parts = good.split(":")
    parts[3] = "999999"
    assert verify(":".join(parts)).reason is VerifyReason.UNKNOWN_CONTEST


def test_an_unpublished_list_cannot_be_printed(session):
    kit = published(households=12, number=8)
    candidates.unpublish(None, kit.leader, "Sửa danh sách")
    with pytest.raises(services.PrintingError, match="niêm yết"):
        services.create_run(None, kit.leader, 5)


def test_serials_are_unique_random_and_linked_to_nothing_but_their_run(setup, session):
    first = services.create_run(None, setup.leader, 50)
    second = services.create_run(None, setup.deputy, 50)
    serials = session.scalars(select(BallotSerial.serial)).all()
    assert len(serials) == len(set(serials)) == 100
    assert {c.name for c in BallotSerial.__table__.columns} == {"id", "run_id", "serial"}
    assert first.definition_hash != second.definition_hash


def test_the_ward_job_prints_every_contest_into_one_zip(app_ctx, setup, session):
    admin = create_app_user(setup.ward)
    session.commit()
    job = jobs.start_ward_job(admin, setup.election, background=False)
    session.refresh(job)  # the job ran in its own app context and session
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    archive = zipfile.ZipFile(io.BytesIO((jobs.jobs_dir(app_ctx) / job.result_file).read_bytes()))
    assert sorted(archive.namelist()) == ["to-05-to-pho.pdf", "to-05-to-truong.pdf"]
    text = " ".join(pdf_text(archive.read("to-05-to-pho.pdf")).split())
    assert text.count("PHIẾU BẦU TỔ PHÓ TỔ DÂN PHỐ SỐ 5") == 14  # 12 households + 10%, rounded up
    for name in archive.namelist():  # every ballot of the ward decodes with zbar at 150 dpi and verifies
        codes = qr_codes(archive.read(name), dpi=150)
        assert len(codes) == 14 and all(len(page) == 1 and verify(page[0]).genuine for page in codes)


def test_the_ledger_reconciles_and_says_what_to_do(setup, session):
    services.create_run(None, setup.leader, 14)
    ledger.update_ledger(None, setup.leader, {"issued": 10, "spoiled": 1, "unused": 3, "returned": 0, "destroyed": 0})
    assert ledger.view(setup.leader).problems[0].code == "reconcile.issued_exceeds_signed_in"
    ledger.update_ledger(None, setup.leader, {"issued": 0, "spoiled": 1, "unused": 3})
    codes = [p.code for p in ledger.view(setup.leader).problems]
    assert codes == ["reconcile.printed"]
    assert ledger.view(setup.leader).problems[0].remedy
    with pytest.raises(ledger.LedgerError):
        ledger.update_ledger(None, setup.leader, {"issued": -1})


def test_the_verify_api_answers_with_tdp_contest_and_counted(client, setup, session):
    run = services.create_run(None, setup.leader, 3)
    admin = create_app_user(setup.ward)
    session.commit()
    login(client, admin)
    body = client.post("/api/v1/ballots/verify", json={"payload": payloads(run)[0]}).get_json()
    assert body["genuine"] is True and body["tdp_number"] == 5 and body["position"] == "leader"
    assert body["counted"] is False and body["test"] is False
    bad = client.post("/api/v1/ballots/verify", json={"payload": "BC1:AAAA"}).get_json()
    assert bad["genuine"] is False and bad["reason"] == "MALFORMED"
    assert client.post("/api/v1/ballots/verify", json={}).status_code == 422


def test_the_cli_prints_one_contest_to_a_pdf(runner, setup, session, tmp_path):
    out = tmp_path / "leader.pdf"
    result = runner.invoke(args=["ballots", "print", "--tdp", "5", "--contest", "leader", "--test", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "BẢN THỬ – KHÔNG CÓ GIÁ TRỊ" in text
