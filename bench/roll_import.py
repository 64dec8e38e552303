"""Benchmark: import a 100,000-household whole-ward .xlsx end to end; compare with a bare openpyxl read.

Run as ``.venv/bin/python bench/roll_import.py`` (``--households 20000`` for a quick run, ``--postgres URL``
to write into a fresh schema of that PostgreSQL database instead of a fresh SQLite file).

"End to end" is what `flask rolls import` does: read the file, find the header, validate every row,
diff against the roll, insert the people and households, write the audit event, commit. The baseline
only reads the same file with ``openpyxl.load_workbook(read_only=True)`` and ``iter_rows(values_only=True)``.
It also imports an 8,233-household ward (the size of Ngọc Thụy in 2018), then re-imports it unchanged.
On PostgreSQL the same file is also imported with executemany instead of COPY (same run). ``--city 1000000``
imports a city ward file by ward file (at most limits.MAX_ROWS rows a file) and reports the peak RSS.
Each of ``--rounds`` rounds times a bare openpyxl read, a bare calamine read and our import side by side (on a
shared machine the load moves between rounds, not within one); the last lines are the medians of the rounds'
ratios: ``cpu_ratio=`` (openpyxl's CPU over our import's, counting the reader child and, on a local
PostgreSQL, the database backend), ``ratio_calamine=`` and ``ratio=`` (our rows/s over a bare calamine read
and over openpyxl's, wall time), target ≥ 2.0 for ``ratio``. ``--compare-indexes`` also imports in each round
with the single-column tdp_id indexes that migration 0026_rollindexes dropped recreated (``index_ratio=``: that
import's wall time over ours; ``bench/roll_indexes.py`` measures the database's CPU alone).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

# Run as a script, sys.path[0] is bench/; the repository root must come first.
sys.path[0] = str(Path(__file__).resolve().parents[1])

import openpyxl  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import data  # noqa: E402
from app.extensions import db  # noqa: E402
from app.rolls.importing.services import ImportTarget, apply_import, import_roll, preview_import  # noqa: E402
from app.wards.models import Tdp, Ward  # noqa: E402

SEED = 20171031
TODAY = date(2017, 10, 1)
HEADER = ["STT", "Tổ dân phố", "Mã hộ", "Họ và tên chủ hộ / người đại diện", "Năm sinh", "Ngày sinh", "Giới tính",
          "Địa chỉ", "Liên gia"]


def write_roll(path: Path, sizes: list[int], seed: int = SEED) -> int:
    """A whole-ward roll as a clerk would make it: a title row, the header, one row per household. Returns
    the number of households. Deterministic for a seed."""
    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    sheet.append([f"DANH SÁCH HỘ GIA ĐÌNH ({sum(sizes)} hộ)"])
    sheet.append(HEADER)
    ordinal = 0
    for number, size in enumerate(sizes, start=1):
        for h in data.households(rng, number, size):
            ordinal += 1
            person = h.representative
            born = datetime(person.birth_date.year, person.birth_date.month, person.birth_date.day) \
                if person.birth_date else None
            sheet.append([ordinal, number, f"{number:03d}{h.code[-4:]}", person.full_name, person.birth_year, born,
                          "Nữ" if person.gender == "female" else "Nam", h.address, h.sub_group])
    workbook.save(path)
    return ordinal


def openpyxl_rate(path: Path) -> tuple[int, float]:
    start = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows, time.perf_counter() - start


def calamine_rate(path: Path) -> tuple[int, float]:
    """A bare calamine read of the same file (what our reader uses, without its sandbox)."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python())
    return rows, time.perf_counter() - start


class Timing(NamedTuple):
    wall: float
    cpu: float | None  #: this process, its finished children and the database backend; None when unknown
    #: (this process, its reader children, the database backend): where `cpu` went; None when unknown
    parts: tuple[float, float, float] | None = None

    def __str__(self) -> str:
        text = f"{self.wall:.2f} s" + (f" (CPU {self.cpu:.2f} s" if self.cpu is not None else "")
        if self.cpu is not None and self.parts is not None and self.parts[2]:
            text += " = this process {:.2f} + reader child {:.2f} + database {:.2f}".format(*self.parts)
        return text + (")" if self.cpu is not None else "")


def _backend() -> int | None:
    """The pid of this session's PostgreSQL backend when it runs on this machine; None otherwise (SQLite does
    its work in this process)."""
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    return pid if _cpu_of(pid) is not None else None


def _cpu_of(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timed(fn, *, backend: bool = False):
    """fn()'s result and its Timing. CPU counts this process and its reader children, and with `backend`
    the database backend serving this session (None when that backend is on another machine)."""
    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    pid = _backend() if backend else None
    server = _cpu_of(pid) if pid is not None else 0.0
    own_start, children_start, start = time.process_time(), children(), time.perf_counter()
    result = fn()
    wall = time.perf_counter() - start
    own, child = time.process_time() - own_start, children() - children_start
    used, parts = own + child, None
    if pid is not None:
        after = _cpu_of(pid)
        if after is None:
            used = None
        else:
            parts = (own, child, after - server)
            used += after - server
    elif backend and db.engine.dialect.name == "postgresql":
        used = None
    return result, Timing(wall, used, parts)


def uptime() -> str:
    try:
        return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load ?"


def _rss(field: str) -> int:
    """VmRSS or VmHWM (peak) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # Linux: VmHWM := VmRSS


def without_copy(fn):
    """Run `fn` with the import writing through Core executemany instead of COPY (the same-run yardstick)."""
    from app.rolls.importing import apply

    def run():
        saved = apply._postgresql
        apply._postgresql = lambda: False
        try:
            return fn()
        finally:
            apply._postgresql = saved

    return run


def city(workdir: Path, households: int, per_file: int) -> None:
    """A city's roll, ward file by ward file (the import refuses a file over limits.MAX_ROWS rows), in one
    process: the peak RSS must stay flat however many files follow."""
    files = []
    rng = random.Random(SEED + 1)
    for w in range(-(-households // per_file)):
        n = min(per_file, households - w * per_file)
        path = workdir / f"ward-{w + 1}.xlsx"
        sizes = data.tdp_sizes(rng, 40, n, 100, 2 * n // 40)
        files.append((path, write_roll(path, sizes), len(sizes)))
    wards = [make_ward(f"Phường {w + 1}", tdps) for w, (_path, _n, tdps) in enumerate(files)]
    gc.collect()
    _reset_peak()
    base, start, total = _rss("VmRSS"), time.perf_counter(), 0
    for (path, _n, _tdps), ward_id in zip(files, wards, strict=True):
        result, seconds = import_file(path, ward_id)
        total += result.added
        db.session.expire_all()
        gc.collect()
        print(f"  {path.name}: {result.added:,} households in {seconds:.1f} s, peak RSS so far {_rss('VmHWM')} MiB")
    print(f"city roll: {total:,} households in {len(files)} files, {time.perf_counter() - start:.0f} s; "
          f"RSS before {base} MiB, peak {_rss('VmHWM')} MiB (target < 600 MB)")
    print(f"city_peak_rss_mib={_rss('VmHWM')}")


def _tdp_indexes(create: bool) -> None:
    """Recreate (or drop again) the single-column tdp_id indexes that migration 0026_rollindexes drops."""
    for table in ("persons", "households"):
        if create:
            db.session.execute(sa.text(f"CREATE INDEX ix_{table}_tdp_id ON {table} (tdp_id)"))
        else:
            db.session.execute(sa.text(f"DROP INDEX ix_{table}_tdp_id"))
    db.session.commit()


def _import_with_tdp_indexes(path: Path, tdps: int, number: int) -> Timing:
    """The import of `path` into a fresh ward with the dropped tdp_id indexes recreated for it, timed."""
    ward = make_ward(f"Phường Lớn {number} có chỉ mục", tdps)
    _tdp_indexes(create=True)
    gc.collect()
    try:
        (_, _), timing = _timed(lambda: import_file(path, ward), backend=True)
    finally:
        _tdp_indexes(create=False)
    return timing


def make_ward(name: str, tdps: int) -> int:
    ward = Ward(name=name)
    db.session.add(ward)
    db.session.flush()
    db.session.add_all(Tdp(ward_id=ward.id, number=n, name=f"Tổ dân phố số {n}") for n in range(1, tdps + 1))
    db.session.commit()
    return ward.id


def import_file(path: Path, ward_id: int, *, two_pass: bool = False) -> tuple[object, float]:
    """Read, validate, diff, write, commit, timed as one: in one pass as `flask rolls import` and the web
    confirm do (services.apply_import: on PostgreSQL the new households are written while the file is still
    being validated), or with `two_pass` as a preview followed by its write (import_roll)."""
    start = time.perf_counter()
    if two_pass:
        preview = preview_import(path.read_bytes(), path.name, ImportTarget(ward_id), today=TODAY)
        result = import_roll(preview, None) if preview.can_apply else None
    else:
        preview, result = apply_import(path.read_bytes(), path.name, ImportTarget(ward_id), None, today=TODAY)
    if result is None:
        raise SystemExit(f"the generated file has problems: {preview.problems[:5]}")
    db.session.commit()
    return result, time.perf_counter() - start


def _database(workdir: Path, postgres: str | None) -> tuple[str, dict, str | None]:
    if not postgres:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", {}, None
    url = postgres.replace("postgresql://", "postgresql+psycopg://", 1).replace("postgres://", "postgresql+psycopg://", 1)
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return url, {"connect_args": {"options": f"-csearch_path={schema}"}}, schema


def _drop(url: str, schema: str | None) -> None:
    if schema:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--tdps", type=int, default=200)
    parser.add_argument("--postgres", metavar="URL", help="time on PostgreSQL (a fresh schema, dropped afterwards)")
    parser.add_argument("--city", type=int, metavar="HOUSEHOLDS",
                        help="also import a city of this many households, ward file by ward file, and report the "
                             "peak RSS (1000000: the 1M-household city)")
    parser.add_argument("--per-file", type=int, default=190_000,
                        help="households per ward file in --city (a file holds at most limits.MAX_ROWS rows)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of (openpyxl read, calamine read, our import); the ratios are their medians")
    parser.add_argument("--skip-executemany", action="store_true",
                        help="skip the same import written with executemany instead of COPY (PostgreSQL)")
    parser.add_argument("--compare-two-pass", action="store_true",
                        help="each round also imports as a preview followed by its write (before/after the one-pass "
                             "import that writes new households while validating, same run: two_pass_ratio=)")
    parser.add_argument("--compare-indexes", action="store_true",
                        help="each round also imports with the single-column tdp_id indexes on persons and "
                             "households that migration 0026_rollindexes drops, recreated (before/after, same run)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        big, ward_file = workdir / "phuong-lon.xlsx", workdir / "ngoc-thuy.xlsx"
        start = time.perf_counter()
        sizes = data.tdp_sizes(random.Random(SEED), args.tdps, args.households, 100, 2 * args.households // args.tdps)
        households = write_roll(big, sizes)
        write_roll(ward_file, data.tdp_sizes(random.Random(SEED)))
        print(f"generated {households:,} households in {args.tdps} TDPs ({big.stat().st_size / 2**20:.1f} MB) "
              f"in {time.perf_counter() - start:.1f} s")

        url, options, schema = _database(workdir, args.postgres)
        try:
            app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS=options)
            with app.app_context():
                upgrade()
                print(f"database: {db.engine.dialect.name}")
                small_ward = make_ward(data.WARD_NAME, len(data.tdp_sizes(random.Random(SEED))))

                if db.engine.dialect.name == "postgresql" and not args.skip_executemany:
                    plain_ward = make_ward("Phường Không COPY", args.tdps)  # the same import without COPY
                    result, plain_s = without_copy(lambda: import_file(big, plain_ward, two_pass=True))()
                    print(f"our import with executemany instead of COPY: {result.added:,} households in "
                          f"{plain_s:.2f} s = {households / plain_s:,.0f} rows/s")
                # Each round times the three side by side, so its ratios compare like with like on a shared
                # machine; the medians of the rounds' ratios are printed last.
                ratios, ratios_calamine, cpu_ratios, index_ratios, index_cpu_ratios = [], [], [], [], []
                two_pass_ratios: list[float] = []

                def two_pass(number: int) -> Timing:
                    plain = make_ward(f"Phường Lớn {number} hai lượt", args.tdps)
                    gc.collect()
                    return _timed(lambda: import_file(big, plain, two_pass=True), backend=True)[1]

                def index_first(number: int) -> bool:
                    return args.compare_indexes and number % 2 == 0
                for number in range(1, args.rounds + 1):
                    (rows, _), base = _timed(lambda: openpyxl_rate(big))
                    (rows, _), cal = _timed(lambda: calamine_rate(big))
                    ward = make_ward(f"Phường Lớn {number}", args.tdps)
                    # With --compare-indexes, even rounds import with the indexes first: neither import always
                    # meets the larger tables.
                    old = _import_with_tdp_indexes(big, args.tdps, number) if index_first(number) else None
                    # With --compare-two-pass, odd rounds import in two passes first.
                    two = two_pass(number) if args.compare_two_pass and number % 2 else None
                    gc.collect()
                    _reset_peak()
                    before = _rss("VmRSS")
                    (result, _), ours = _timed(lambda w=ward: import_file(big, w), backend=True)
                    ratios.append(base.wall / ours.wall)
                    ratios_calamine.append(cal.wall / ours.wall)
                    print(f"round {number}: openpyxl read_only values_only {base}, calamine bare read {cal}; "
                          f"our import (read, validate, diff, write, commit) of {result.added:,} households {ours}, "
                          f"RSS {before} → peak {_rss('VmHWM')} MiB: ×{ratios[-1]:.2f} openpyxl, "
                          f"×{ratios_calamine[-1]:.2f} calamine ({uptime()})")
                    if ours.cpu is not None:
                        cpu_ratios.append(base.cpu / ours.cpu)
                    if args.compare_two_pass:
                        two = two or two_pass(number)
                        two_pass_ratios.append(two.wall / ours.wall)
                        print(f"round {number}: the same import as a preview, then its write {two}: one pass "
                              f"×{two_pass_ratios[-1]:.2f} ({uptime()})")
                    if args.compare_indexes:
                        if old is None:
                            old = _import_with_tdp_indexes(big, args.tdps, number)
                        index_ratios.append(old.wall / ours.wall)
                        if old.cpu is not None and ours.cpu is not None:
                            index_cpu_ratios.append(old.cpu / ours.cpu)
                        print(f"round {number}: the same import with the dropped tdp_id indexes recreated {old}: "
                              f"without them ×{index_ratios[-1]:.2f} ({uptime()})")
                ours_s = ours.wall
                if db.engine.dialect.name == "postgresql" and not args.skip_executemany:
                    print(f"COPY: ×{plain_s / ours_s:.2f} the rate of executemany (last round)")

                result, ward_s = import_file(ward_file, small_ward)
                print(f"8,233-household ward import: {result.added:,} added in {ward_s:.2f} s (target < 2 s)")
                result, again_s = import_file(ward_file, small_ward)
                print(f"8,233-household ward re-import: {result.unchanged:,} unchanged, {result.added} added, "
                      f"{result.changed} changed, {result.removed} removed in {again_s:.2f} s")
                if args.city:
                    city(workdir, args.city, args.per_file)
                db.session.remove()
                db.engine.dispose()
        finally:
            _drop(url, schema)
    if two_pass_ratios:
        print(f"two_pass_ratio={statistics.median(two_pass_ratios):.2f}")
    if index_ratios:
        print(f"index_ratio={statistics.median(index_ratios):.2f}")
    if index_cpu_ratios:
        print(f"index_cpu_ratio={statistics.median(index_cpu_ratios):.2f}")
    if cpu_ratios:
        print(f"cpu_ratio={statistics.median(cpu_ratios):.2f}")
    print(f"ratio_calamine={statistics.median(ratios_calamine):.2f}")
    print(f"ratio={statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
