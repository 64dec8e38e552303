"""A scanned TDP audited: an upload is a pile (xấp) numbered apart from the stacks laid by hand, a drawn paper
the reader entered is named by its pile and the serial printed on it, and following the audit's instructions
over the physical papers (each pile in any order) finds the paper whose marks match the record. A voided
entry shows on its image. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import random
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from app.auth.models import Duty
from app.comparison import services as audit
from app.comparison.services import PaperInput
from app.extensions import db
from app.printing import ledger
from app.printing import services as printing
from app.printing.verify import verify
from app.reader import batches, queries, services
from app.reader.errors import ReaderError
from app.reader.models import CountBatch, CountImage, ImageStatus
from app.rules import Lean
from app.tally import corrections, entry
from app.tally import services as tally_services
from app.tally.models import BallotEntry
from ballots.payload import short_serial
from tests.electionkit import candidate_ids, open_count, payloads, published, sign_in
from tests.factories import create_app_user, login
from tests.reader.scans import DPI

SEED = "31415926535897932384626"
PRINTED_SERIAL = re.compile(r"\b[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}\b")


@dataclass
class Paper:
    """A ballot paper on the table: the text printed on it, and which candidates its marks keep."""

    printed: str
    kept: list[int]


def _print_and_scan(run, marks: list[tuple[str, ...]]) -> tuple[list[bytes], list[str]]:
    """Print the run once (its PDF: a new page order each time it is rendered), and return JPEG scans of its
    first len(marks) pages with pen `marks`, and the text printed on every page, as pdftotext reads it."""
    import cv2
    import numpy as np

    from reader import synthetic

    spec = printing.ballot_spec(run)
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "run.pdf"
        pdf.write_bytes(printing.render_run(run))
        printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                 text=True).stdout.split("\f")[:run.quantity]
        subprocess.run(["pdftoppm", "-r", str(DPI), "-l", str(len(marks)), "-png", str(pdf),
                        str(Path(folder) / "page")], check=True)
        images = [cv2.imencode(".jpg", synthetic.draw_marks(cv2.imread(str(page)), spec, mark, DPI, rng),
                               [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
                  for page, mark in zip(sorted(Path(folder).glob("page-*.png")), marks, strict=True)]
    return images, printed


def _upload(contest, images, pile=None):
    batch = services.ingest(None, contest, [(f"s{i}.jpg", b) for i, b in enumerate(images)], pile)
    db.session.commit()
    batches.start(current_app, batch, background=False)
    return db.session.get(CountBatch, batch.id)


@pytest.fixture
def scanned_tdp(session, app, monkeypatch):
    """TDP 5's leader contest counted mostly from scans: 3 papers keyed by hand, an upload of 6 scans, an upload
    of 4, one more scan joined to the first upload's pile, 2 papers keyed by hand; then one scanned paper's entry
    voided and keyed again by hand. The physical papers are kept as the instructions say."""
    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=20)
    sign_in(kit, 16)
    run = kit.run = printing.create_run(None, kit.leader, 20)
    open_count(kit, kit.leader)
    session.commit()
    a, b = candidate_ids(run)
    keeps_a, keeps_b = ("none", "full"), ("full", "none")
    marks = [keeps_a] * 8 + [keeps_b] * 3  # 11 scans: the first 11 ballots of the run
    images, printed = _print_and_scan(run, marks)
    texts = payloads(run)
    truth = {tuple(keeps_a): [a], tuple(keeps_b): [b]}
    scan_papers = [Paper(printed[i], truth[marks[i]]) for i in range(11)]
    by_serial = {verify(t).serial: t for t in texts}
    on_scans = {PRINTED_SERIAL.search(p.printed).group(0) for p in scan_papers}
    spare = [t for t in texts if short_serial(verify(t).serial) not in on_scans]  # ballots not scanned
    stacks: dict[int, list[Paper]] = {}  # stacks laid by hand, in order
    piles: dict[int, list[Paper]] = {}  # upload piles, in no order

    def key_by_hand(text, kept):
        saved = entry.enter_ballot(None, kit.leader, text, kept=kept)
        page = next(p for p in printed if short_serial(verify(text).serial) in p)
        stacks.setdefault(saved.stack_no, []).append(Paper(page, kept))
        assert len(stacks[saved.stack_no]) == saved.stack_pos  # laid on top, where the entry page says
        session.commit()
        return saved

    hand = [key_by_hand(t, [a]) for t in spare[:3]]
    first = _upload(kit.leader, images[:6])
    second = _upload(kit.leader, images[6:10])
    joined = _upload(kit.leader, images[10:], pile=first.stack_no)
    for batch, papers in ((first, scan_papers[:6]), (second, scan_papers[6:10]), (joined, scan_papers[10:])):
        piles.setdefault(batch.stack_no, []).extend(papers)
    hand += [key_by_hand(t, [b]) for t in spare[3:5]]
    # The board's head voids one scanned paper of the second pile and it is keyed again by hand: the clerk takes
    # it out of the pile and lays it where the entry page says.
    voided = session.scalars(select(CountImage).where(CountImage.batch_id == second.id)).first()
    corrections.void_entry(None, kit.leader, by_serial[voided.serial], "Phiếu bị nhập nhầm tên")
    session.commit()
    paper = next(p for p in piles[second.stack_no] if short_serial(voided.serial) in p.printed)
    piles[second.stack_no].remove(paper)
    hand.append(key_by_hand(by_serial[voided.serial], paper.kept))
    rng = random.Random(13)
    for pile in piles.values():
        rng.shuffle(pile)  # the clerk keeps each pile banded, in whatever order the papers came out
    ledger.update_ledger(None, kit.leader, {"issued": 16, "unused": 4, "spoiled": 0, "returned": 16})
    tally_services.finalize(None, kit.leader)
    session.commit()
    kit.first, kit.second, kit.joined, kit.hand, kit.voided_id = first, second, joined, hand, voided.id
    kit.stacks, kit.piles, kit.a, kit.b = stacks, piles, a, b
    return kit


def test_uploads_are_piles_numbered_apart_from_the_stacks_laid_by_hand(scanned_tdp):
    kit = scanned_tdp
    assert kit.joined.stack_no == kit.first.stack_no != kit.second.stack_no
    assert {kit.first.stack_no, kit.second.stack_no}.isdisjoint(kit.stacks)
    assert [(e.stack_no, e.stack_pos) for e in kit.hand] == [(1, 1), (1, 2), (1, 3), (4, 1), (4, 2), (4, 3)]
    machine = db.session.scalars(select(BallotEntry).where(BallotEntry.id.in_(
        select(CountImage.entry_id).where(CountImage.contest_id == kit.leader.id)))).all()
    assert len(machine) == 10 and all(e.stack_pos is None for e in machine)
    assert {e.stack_no for e in machine} == {kit.first.stack_no, kit.second.stack_no}


def test_every_drawn_place_leads_the_auditors_to_the_paper_whose_marks_match_its_record(scanned_tdp, client, session,
                                                                                        runner):
    kit = scanned_tdp
    published_audit = audit.publish(None, kit.leader)
    assert published_audit.papers == 16
    drawn = audit.draw_papers(None, published_audit, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])
    session.commit()
    assert any(d.find_serial for d in drawn) and any(not d.find_serial for d in drawn)
    for d in drawn:
        if d.find_serial:
            assert d.stack_no in kit.piles
            assert d.where == f"xấp {d.stack_no} — tìm phiếu số {d.printed_serial}"
            found = [p for p in kit.piles[d.stack_no] if d.printed_serial in p.printed]
            assert len(found) == 1  # the serial as printed on the paper, once in its pile
            paper = found[0]
        else:
            assert d.where == f"xấp {d.stack_no} vị trí {d.stack_pos}"
            paper = kit.stacks[d.stack_no][d.stack_pos - 1]
        serial = PRINTED_SERIAL.search(paper.printed).group(0)
        outcome = audit.compare(None, d, PaperInput(found=True, serial=serial, kept=paper.kept))
        assert outcome is Lean.NONE, d.where
    session.commit()
    assert published_audit.status.value == "passed"
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, tdps=[kit.tdp])
    session.commit()
    login(client, head)
    api = client.get(f"/api/v1/contests/{kit.leader.id}/audit").get_json()
    piled = [d for d in api["drawn"] if d["find_serial"]]
    assert piled and all(d["where"].endswith(f"tìm phiếu số {d['find_serial']}") for d in piled)
    page = client.get(f"/comparison/contest/{kit.leader.id}").get_data(as_text=True)
    assert all(f'data-find="{d["find_serial"]}"' in page for d in piled)
    docx = client.get(f"/comparison/contest/{kit.leader.id}/report.docx")
    body = zipfile.ZipFile(io.BytesIO(docx.data)).read("word/document.xml").decode()
    assert docx.status_code == 200 and all(d["find_serial"] in body for d in piled)
    assert client.get(f"/comparison/contest/{kit.leader.id}/report.pdf").status_code == 200
    shown = runner.invoke(args=["comparison", "show", str(kit.leader.id)])
    assert shown.exit_code == 0 and all(d["where"] in shown.output for d in api["drawn"])


def test_a_paper_in_another_pile_than_its_record_says_is_a_discrepancy(scanned_tdp, session):
    kit = scanned_tdp
    published_audit = audit.publish(None, kit.leader)
    drawn = audit.draw_papers(None, published_audit, SEED, ["Phạm Văn Chứng", "Đỗ Thị Kiến"])
    d = next(d for d in drawn if d.find_serial)
    other = next(n for n in kit.piles if n != d.stack_no)
    wrong = kit.piles[other][0]  # the auditors pulled a paper of another pile
    serial = PRINTED_SERIAL.search(wrong.printed).group(0)
    assert audit.compare(None, d, PaperInput(found=True, serial=serial, kept=wrong.kept)) is Lean.HELPS


def test_a_voided_entry_shows_on_its_image_with_what_happened_since(scanned_tdp, client, session):
    kit = scanned_tdp
    image = session.get(CountImage, kit.voided_id)
    assert image.status is ImageStatus.VOIDED and image.entry_id is None and "nhập nhầm" in image.message
    progress = queries.batch_json(kit.second)
    assert progress["images"].get("entered") == 3 and progress["images"]["voided"] == 1
    assert progress["voided"] == [{"image": image.id, "message": image.message, "after": "hand"}]
    assert progress["stack"] == kit.second.stack_no
    head = create_app_user(kit.ward, Duty.COUNTING_HEAD, tdps=[kit.tdp])
    session.commit()
    login(client, head)
    api = client.get(f"/api/v1/contests/{kit.leader.id}/images/batches/{kit.second.id}").get_json()
    assert api["voided"][0]["after"] == "hand" and api["images"]["voided"] == 1
    page = client.get(f"/count/contest/{kit.leader.id}/images").get_data(as_text=True)
    assert f'data-image="{image.id}" data-after="hand"' in page
    assert f'data-stack="{kit.second.stack_no}"' in page


def test_joining_a_pile_that_no_upload_made_is_refused_by_field_and_nothing_is_stored(session):
    kit = published(households=12)
    sign_in(kit, 4)
    run = printing.create_run(None, kit.leader, 6)
    open_count(kit, kit.leader)
    entry.enter_ballot(None, kit.leader, payloads(run)[0], kept=candidate_ids(run)[:1])
    session.commit()
    before = session.scalar(select(db.func.count()).select_from(CountImage))
    with pytest.raises(ReaderError) as error:
        services.ingest(None, kit.leader, [("x.jpg", b"\xff\xd8\xff")], pile=1)  # 1 is a stack laid by hand
    assert error.value.code == "pile" and "pile" in error.value.message
    session.rollback()
    assert session.scalar(select(db.func.count()).select_from(CountImage)) == before


def test_a_paper_scanned_again_in_another_upload_is_sent_back_to_the_pile_it_was_counted_in(session, app,
                                                                                           monkeypatch):
    import cv2
    import numpy as np

    monkeypatch.setitem(app.config, "READER_INPROCESS", False)
    kit = published(households=12)
    sign_in(kit, 4)
    run = printing.create_run(None, kit.leader, 6)
    open_count(kit, kit.leader)
    session.commit()
    [image], _ = _print_and_scan(run, [("none", "full")])
    again = cv2.imencode(".jpg", cv2.imdecode(np.frombuffer(image, np.uint8), cv2.IMREAD_COLOR),
                         [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()  # the same paper, other bytes
    first = _upload(kit.leader, [image])
    second = _upload(kit.leader, [again])
    assert first.stack_no != second.stack_no
    refused = session.scalar(select(CountImage).where(CountImage.batch_id == second.id))
    assert refused.status is ImageStatus.REFUSED and refused.reason == "already_counted"
    assert f"đặt tờ phiếu này vào lại xấp {first.stack_no}." in refused.message
