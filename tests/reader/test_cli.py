"""`flask reader evaluate`: a ward reads its own labelled images of ballots printed by the app and gets the
reader's figures; mistakes in the truth file are named by row and column; nothing is written."""

import subprocess

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.printing import services
from reader import synthetic
from tests.electionkit import published

DPI = 200


@pytest.fixture
def folder(session, tmp_path):
    """Four printed ballots of TDP 5's leader contest, scanned after voting; truth.csv beside them."""
    kit = published(households=12)
    run = services.create_run(None, kit.leader, 4)
    session.commit()
    spec = services.ballot_spec(run)
    (tmp_path / "b.pdf").write_bytes(services.render_run(run))
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(tmp_path / "b.pdf"), str(tmp_path / "page")], check=True)
    marks = [("full", "none"), ("none", "full"), ("partial", "none"), ("none", "none")]
    labels = {"full": "gạch", "none": "giữ", "partial": "xem"}
    rng = np.random.default_rng(5)
    rows = ["tệp,1,2"]
    for i, page in enumerate(sorted(tmp_path.glob("page-*.png"))):
        image = synthetic.draw_marks(cv2.imread(str(page)), spec, marks[i], DPI, rng)
        cv2.imwrite(str(tmp_path / f"scan{i}.jpg"), image, [cv2.IMWRITE_JPEG_QUALITY, 90])
        page.unlink()
        rows.append(f"scan{i}.jpg," + ",".join(labels[m] for m in marks[i]))
    (tmp_path / "truth.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return tmp_path, run


def _evaluate(runner, path):
    return runner.invoke(args=["reader", "evaluate", str(path), "--tdp", "5", "--contest", "leader"])


def test_a_ward_reads_its_own_labelled_scans_and_gets_the_figures_with_misreads_last(folder, runner, session):
    path, _ = folder
    events = session.scalar(select(func.count()).select_from(AuditEvent))
    result = _evaluate(runner, path)
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "misreads=0"
    assert "name_decisions=8" in lines
    assert "review_to_review=100.00% (1/1)" in result.output
    assert "qr_read=100.00%" in result.output
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == events  # writes nothing


def test_a_label_that_is_not_struck_kept_or_review_is_named_by_row_and_column(folder, runner):
    path, _ = folder
    (path / "truth.csv").write_text("tệp,1,2\nscan0.jpg,gạch,giữ\nscan1.jpg,giữ,có lẽ\n", encoding="utf-8")
    result = _evaluate(runner, path)
    assert result.exit_code != 0
    assert "truth.csv dòng 3, cột 3: 'có lẽ' không phải gạch / giữ / xem." in result.output


def test_ballots_printed_before_the_fiducials_cannot_be_evaluated(folder, runner, session):
    path, run = folder
    run.definition = {**run.definition, "layout": 1}
    session.commit()
    result = _evaluate(runner, path)
    assert result.exit_code != 0 and "bố cục phiên bản" in result.output
