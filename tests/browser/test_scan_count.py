"""A TDP counted from a folder of scanned ballots in a real browser: the reader decides the clear names, the
review grid takes the unclear one by keyboard, the clerk's blind second entry matches, the result locks."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.printing import services as printing
from reader import available
from tests.browser.steps import head, keep_ledger, lock_count, open_count, sign_in_to_count

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not available(), reason="the ballot reader (OpenCV, zxing-cpp) is not installed")]
TDP_NUMBER = 5  # this file owns TDPs 5–8 of the demo server
DPI = 200


def _marks(names: int) -> list[tuple[tuple[str, ...], list[int]]]:
    """(a mark per name, the names the clerk strikes on the entry page, 1-based) per ballot: two clear
    ballots, then one whose first name is struck only part of the way (legally not struck: kept)."""
    keep_first = ("none",) + ("full",) * (names - 1)
    keep_last = ("full",) * (names - 1) + ("none",)
    partial = ("partial",) + ("full",) * (names - 1)
    return [(keep_first, list(range(2, names + 1))), (keep_last, list(range(1, names))),
            (partial, list(range(2, names + 1)))]


def _prepare(live_server, folder: Path):
    import cv2
    import numpy as np
    import zxingcpp

    from reader import synthetic

    with live_server.app.app_context():
        count = open_count(TDP_NUMBER, 4, double_entry=True, counter=head(TDP_NUMBER))
        db.session.commit()
        run = count.run
        spec = printing.ballot_spec(run)
        marks = _marks(len(run.definition["candidates"]))
        rng = np.random.default_rng(13)
        ballots = []
        with tempfile.TemporaryDirectory() as raw:
            (Path(raw) / "b.pdf").write_bytes(printing.render_run(run))
            subprocess.run(["pdftoppm", "-r", str(DPI), "-png", str(Path(raw) / "b.pdf"), str(Path(raw) / "p")],
                           check=True)
            for i, (page, (mark, struck)) in enumerate(zip(sorted(Path(raw).glob("p-*.png")), marks, strict=False)):
                image = synthetic.draw_marks(cv2.imread(str(page)), spec, mark, DPI, rng)
                cv2.imwrite(str(folder / f"scan{i:03d}.jpg"), image, [cv2.IMWRITE_JPEG_QUALITY, 90])
                ballots.append((zxingcpp.read_barcodes(image)[0].text, struck))
        result = count.leader.id, ballots, run.quantity
        db.session.remove()
        return result


def test_a_tdp_counted_from_a_folder_of_scans(page, live_server, tmp_path):
    contest_id, ballots, printed = _prepare(live_server, tmp_path)
    sign_in_to_count(page, head(TDP_NUMBER), contest_id)
    page.locator("#scan-images").click()
    (tmp_path / "truth.csv").write_text("tệp\n", encoding="utf-8")  # a scanner folder's odd file: skipped
    page.locator("#folder").set_input_files(tmp_path)
    page.locator("#upload-form").evaluate("form => { form.dataset.maxBytes = '1'; }")  # one request per image
    page.locator("#upload").click()
    expect(page.locator("#count-entered")).to_have_text("2", timeout=60_000)  # read in the background
    expect(page.locator("#count-review")).to_have_text("1")
    expect(page.locator("#count-pending")).to_have_text("0")
    expect(page.locator(".batch")).to_have_count(3)  # the folder went up in three requests, the csv stayed
    expect(page.locator(".batch-pile[data-stack='1']")).to_have_count(3)  # ... and is one pile of paper, xấp 1

    page.locator("#go-review").click()
    tile = page.locator(".review-tile")
    expect(tile).to_have_count(1)
    expect(tile).to_contain_text("Gạch chưa hết tên")
    expect(tile).to_be_focused()
    page.keyboard.press("k")  # a partial strike leaves the name kept
    expect(page.locator("#review-message")).to_contain_text("đã vào số liệu")
    expect(tile).to_have_attribute("data-decision", "untouched")

    page.goto(f"/count/contest/{contest_id}/enter?pass=2")  # the clerk keys every ballot blind
    for text, struck in ballots:
        page.locator("#scan").press_sequentially(text + "\n", delay=2)
        expect(page.locator("#ballot")).to_be_visible()
        for number in struck:
            page.keyboard.press(str(number))
        page.keyboard.press("Enter")
        expect(page.locator("#message")).to_contain_text("Đã lưu")

    page.goto(f"/count/contest/{contest_id}")
    expect(page.locator("#differences")).to_have_count(0)
    keep_ledger(page, contest_id, handed_out=3, printed=printed)
    lock_count(page, contest_id)

    # For the comparison audit the scanned papers are one pile, found by the serial printed on each.
    page.goto(f"/comparison/contest/{contest_id}")
    expect(page.locator("ul.stacks")).to_contain_text("Xấp 1: xấp ảnh quét, 3 phiếu không theo thứ tự")
