"""Deterministic generators for the demo wards: what to build (DemoWard), TDP numbers and sizes,
Vietnamese names, addresses, vote days relative to "today"."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.rules import VN_HOLIDAYS

#: The 2017 ward of the source articles (before the 2025 merges); kept for history, re-counts and tests.
WARD_NAME = "Phường Ngọc Thụy"
DISTRICT = "Quận Long Biên"
PROVINCE = "Thành phố Hà Nội"
TDP_COUNT = 38
HOUSEHOLDS = 8233
SEED = 20171031
#: The demo of today: a ward formed by the 1/7/2025 merges, clearly marked as sample data.
PRESENT_WARD_NAME = "Phường Bồ Đề (mẫu)"
#: A merged ward larger than the default holds this many households per TDP on average (200 TDPs: 40,000).
HOUSEHOLDS_PER_TDP = 200
#: The vote is on the first weekend at least this many days ahead (about three weeks).
VOTE_AFTER_DAYS = 18
#: Term of office under nd-59-2023: 2.5 or 5 years, the province decides; the demo takes 5.
TERM_YEARS = 5
#: The former wards a merged demo ward is made of, with their share of its TDPs.
FORMER_WARDS = (("Bồ Đề", 0.45), ("Ngọc Thụy", 0.35), ("Ngọc Lâm", 0.20))

FAMILY = [("Nguyễn", 30), ("Trần", 10), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 5), ("Đặng", 3),
          ("Bùi", 3), ("Đỗ", 3), ("Ngô", 2), ("Dương", 2), ("Đào", 2), ("Đinh", 2), ("Phan", 2), ("Trịnh", 2),
          ("Lương", 1), ("Mai", 1), ("Tạ", 1), ("Hà", 1), ("Kiều", 1), ("Cao", 1), ("Lý", 1), ("Tô", 1)]
MIDDLE_MALE = ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thế", "Mạnh", "Tiến",
               "Ngọc", "Đình", "Trọng", "Bá", "Việt"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Phương", "Thúy", "Bích"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Huy", "Khánh", "Long", "Minh",
              "Nam", "Phong", "Phúc", "Quân", "Sơn", "Thắng", "Thành", "Tuấn", "Việt", "Vinh", "Hoàng",
              "Lâm", "Toàn", "Trung", "Hiếu", "Kiên", "Lực", "Nghĩa", "Quyết", "Tâm", "Thịnh", "Tú", "Vượng",
              "Khải", "Đạt", "Hưng", "Lộc", "Tùng"]
GIVEN_FEMALE = ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan", "Liên", "Linh",
                "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang",
                "Tuyết", "Vân", "Yến", "Hiền", "Hồng", "Lụa", "Mơ", "Nụ", "Ánh", "Ngân", "Xuân"]
STREETS = ["phố Ngọc Thụy", "phố Gia Thượng", "phố Thạch Cầu", "phố Tình Quang", "đường Long Biên",
           "phố Lâm Du", "đường Hồng Tiến", "phố Ái Mộ"]
PRESENT_STREETS = ["phố Bồ Đề", "phố Ngọc Lâm", "phố Nguyễn Văn Cừ", "phố Ngọc Thụy", "phố Gia Thượng",
                   "phố Hồng Tiến", "phố Lâm Du", "phố Long Biên", "phố Tình Quang", "đường Ngọc Thụy"]
#: Weekend days of October 2017, before the 31/10/2017 term-review deadline.
VOTE_DAYS = [date(2017, 10, d) for d in (7, 8, 14, 15, 21, 22, 28, 29)]


@dataclass(frozen=True)
class DemoWard:
    """What the demo loader builds: the ward, its TDPs, its election and the day the demo is seen from."""

    name: str
    province: str
    district: str
    issuing_authority: str
    report_recipient: str
    numbers: tuple[int, ...]
    households: int
    term_label: str
    rule_set_id: str
    #: True: the rule set's deputies are elected (a deputy contest per round); False: the leader chooses one.
    deputies_elected: bool
    vote_days: tuple[date, ...]
    streets: tuple[str, ...]
    birth_years: tuple[int, int]
    #: The day the demo is opened on: work due before it is shown done (except a deliberate few), lists are
    #: published by then. None for the 2017 demo, which stays exactly as it was recorded.
    today: date | None


def ngoc_thuy_2017() -> DemoWard:
    """Phường Ngọc Thụy, Quận Long Biên: 38 TDPs, 8,233 households, the 2017–2020 term (nqlt-09-2008)."""
    return DemoWard(WARD_NAME, PROVINCE, DISTRICT, "", "", tuple(range(1, TDP_COUNT + 1)), HOUSEHOLDS,
                    "2017–2020", "nqlt-09-2008", True, tuple(VOTE_DAYS), tuple(STREETS), (1932, 1992), None)


def present(today: date, tdps: int = TDP_COUNT) -> DemoWard:
    """A ward after the 2025 merges (Thành phố Hà Nội, no district), under nd-59-2023, voting on the first
    holiday-free weekend at least VOTE_AFTER_DAYS after `today`. `tdps` = 38 keeps the 8,233 households
    and numbers 1–38; more TDPs make a merged ward: non-contiguous numbers, HOUSEHOLDS_PER_TDP each on average.
    Deterministic for a given `today` and `tdps`."""
    days = vote_weekend(today)
    households = HOUSEHOLDS if tdps == TDP_COUNT else HOUSEHOLDS_PER_TDP * tdps
    return DemoWard(PRESENT_WARD_NAME, PROVINCE, "", "Ủy ban nhân dân phường Bồ Đề (mẫu)",
                    "Ủy ban nhân dân Thành phố Hà Nội (qua Sở Nội vụ)", tdp_numbers(tdps), households,
                    f"{days[0].year}–{days[0].year + TERM_YEARS}", "nd-59-2023", False, days,
                    tuple(PRESENT_STREETS), (today.year - 85, today.year - 25), today)


def vote_weekend(today: date) -> tuple[date, date]:
    """Saturday and Sunday of the first weekend at least VOTE_AFTER_DAYS after `today` with no public holiday."""
    day = today + timedelta(days=VOTE_AFTER_DAYS)
    day += timedelta(days=(5 - day.weekday()) % 7)
    while day in VN_HOLIDAYS or day + timedelta(days=1) in VN_HOLIDAYS:
        day += timedelta(days=7)
    return day, day + timedelta(days=1)


def tdp_numbers(count: int, seed: int = SEED) -> tuple[int, ...]:
    """1..count for the default size or less; above it, a merged ward: each former ward's TDPs keep their
    own run of numbers, starting at the next hundred, with gaps where TDPs were merged away."""
    if count <= TDP_COUNT:
        return tuple(range(1, count + 1))
    rng = random.Random(seed + 2)
    shares = [round(count * share) for _, share in FORMER_WARDS]
    shares[0] += count - sum(shares)
    numbers: list[int] = []
    start = 1
    for size in shares:
        n = start
        for _ in range(size):
            if n > start + 10 and rng.random() < 0.1:
                n += 1  # a TDP merged into its neighbour: its number is gone
            numbers.append(n)
            n += 1
        start = (n // 100 + 1) * 100 + 1
    return tuple(numbers)


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    gender: str  # "male" | "female"
    birth_year: int
    birth_date: date | None


@dataclass(frozen=True)
class DemoHousehold:
    code: str
    address: str
    sub_group: str
    representative: DemoPerson


def tdp_sizes(rng: random.Random, count: int = TDP_COUNT, total: int = HOUSEHOLDS,
              low: int = 100, high: int = 600) -> list[int]:
    """`count` sizes in [low, high] that add up to exactly `total`, skewed towards smaller TDPs."""
    raw = [rng.triangular(low, high, low + (high - low) * 0.12) for _ in range(count)]
    scale = total / sum(raw)
    sizes = [min(high, max(low, round(x * scale))) for x in raw]
    while (diff := total - sum(sizes)) != 0:
        step = 1 if diff > 0 else -1
        candidates = [i for i, s in enumerate(sizes) if low <= s + step <= high]
        sizes[rng.choice(candidates)] += step
    return sizes


def person(rng: random.Random, years: tuple[int, int] = (1932, 1992)) -> DemoPerson:
    female = rng.random() < 0.4
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    year = rng.randint(*years)
    born = date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.5 else None
    return DemoPerson(f"{family} {middle} {given}", "female" if female else "male", year, born)


def households(rng: random.Random, tdp_number: int, size: int, streets: tuple[str, ...] | list[str] = STREETS,
               years: tuple[int, int] = (1932, 1992)) -> list[DemoHousehold]:
    street = streets[tdp_number % len(streets)]
    lane = 10 + 2 * tdp_number
    result = []
    for i in range(1, size + 1):
        address = f"Số {rng.randint(1, 220)}, ngõ {lane}, {street}"
        result.append(DemoHousehold(f"{tdp_number:02d}{i:04d}", address, f"LG{(i - 1) // 15 + 1}", person(rng, years)))
    return result
