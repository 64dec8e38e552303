"""Builders and PDF probes shared by the ballot tests (poppler and zbar command-line tools)."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from ballots import payload
from ballots.spec import BallotPage, BallotSpec, Candidate

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
DEFINITION = payload.definition_hash({"tdp": 5, "contest": "leader", "seats": 1})


def make_spec(**overrides) -> BallotSpec:
    values = dict(
        issuer_lines=("UBND PHƯỜNG NGỌC THỤY", "TỔ BẦU CỬ TDP SỐ 5"),
        ward_name="Phường Ngọc Thụy",
        tdp_label="Tổ dân phố số 5",
        title="PHIẾU BẦU TỔ TRƯỞNG TỔ DÂN PHỐ SỐ 5",
        round_label="Bầu lần thứ nhất – ngày 15/10/2017",
        candidates=(Candidate("Ông", "Nguyễn Văn An"), Candidate("Bà", "Trần Thị Ngọc Bích")),
        seats=1,
    )
    values.update(overrides)
    return BallotSpec(**values)


def make_fields(serial: str, *, test: bool = False, tdp_id: int = 5, contest_id: int = 12):
    return payload.PayloadFields(DEFINITION, tdp_id, contest_id, test, serial)


def make_pages(count: int, *, test: bool = False, key: bytes = KEY, **ids) -> list[BallotPage]:
    return [
        BallotPage(serial, payload.encode(make_fields(serial, test=test, **ids), key))
        for serial in payload.new_serials(count)
    ]


def run(*args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(args, input=stdin, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def page_texts(pdf: bytes, *, layout: bool = True) -> list[str]:
    """The text of each page, as pdftotext gives it (pages end with a form feed)."""
    flags = ["-layout"] if layout else []
    text = run("pdftotext", *flags, "-enc", "UTF-8", "-", "-", stdin=pdf)
    return text.split("\f")[:-1]


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def page_count(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", "-", stdin=pdf), re.M)[1])


def font_rows(pdf: bytes) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "ballots.pdf")
        path.write_bytes(pdf)
        lines = run("pdffonts", str(path)).splitlines()[2:]
    return [line.split() for line in lines]


def scan_codes(pdf: bytes, dpi: int, first: int = 1, last: int | None = None) -> list[list[str]]:
    """Rasterise pages ``first``..``last`` and return what zbar reads on each, page by page."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "ballots.pdf")
        source.write_bytes(pdf)
        last_args = ["-l", str(last)] if last is not None else []
        run("pdftoppm", "-r", str(dpi), "-png", "-f", str(first), *last_args, str(source),
            f"{tmp}/page")
        images = sorted(Path(tmp).glob("page-*.png"))
        return [_zbar(image) for image in images]


def _zbar(image: Path) -> list[str]:
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
        capture_output=True,
    )
    return done.stdout.decode("ascii").split()
