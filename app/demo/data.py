"""Deterministic generators for the demo ward: TDP sizes, Vietnamese names, addresses."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

WARD_NAME = "Phường Ngọc Thụy"
DISTRICT = "Quận Long Biên"
PROVINCE = "Thành phố Hà Nội"
TDP_COUNT = 38
HOUSEHOLDS = 8233
SEED = 20171031

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
#: Weekend days of October 2017, before the 31/10/2017 term-review deadline.
VOTE_DAYS = [date(2017, 10, d) for d in (7, 8, 14, 15, 21, 22, 28, 29)]


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


def person(rng: random.Random) -> DemoPerson:
    female = rng.random() < 0.4
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    year = rng.randint(1932, 1992)
    born = date(year, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.5 else None
    return DemoPerson(f"{family} {middle} {given}", "female" if female else "male", year, born)


def households(rng: random.Random, tdp_number: int, size: int) -> list[DemoHousehold]:
    street = STREETS[tdp_number % len(STREETS)]
    lane = 10 + 2 * tdp_number
    result = []
    for i in range(1, size + 1):
        address = f"Số {rng.randint(1, 220)}, ngõ {lane}, {street}"
        result.append(DemoHousehold(f"{tdp_number:02d}{i:04d}", address, f"LG{(i - 1) // 15 + 1}", person(rng)))
    return result
