"""The comparison audit's arithmetic (kiểm tra đối chiếu phiếu): how many wrong records could reverse an
announced outcome, how many papers to draw, which papers a public seed draws, and which way a difference
between a paper and its record leans. Exact integers and fractions only."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from .counts import require_count
from .errors import InvalidInput

#: The default risk limit: at most a 5% chance of missing an outcome-changing set of wrong records.
DEFAULT_RISK_LIMIT = Fraction(1, 20)
#: Papers laid on one stack before a new stack is started, by default.
DEFAULT_STACK_SIZE = 50
#: Fewest digits in a witnesses' seed.
SEED_MIN_DIGITS = 20


@dataclass(frozen=True)
class SampleSize:
    """What is published before the draw: N papers, m wrong records could reverse the outcome, k to draw.

    `full_recount` is True when the sample is every paper (m ≤ 1, or k would reach N)."""

    papers: int
    margin: int
    risk_limit: Fraction
    draws: int
    full_recount: bool


def reversal_margin(votes: Mapping[str, int], elected: Collection[str], threshold: int) -> int:
    """m: the fewest wrong records that could reverse the announced outcome.

    Winners: a winner loses the seat below the threshold, so votes − (threshold − 1), which is
    votes − ⌊H/2⌋ for "more than half of H". Last seat: ⌈(V_W − V_L)/2⌉ between the weakest winner and
    the strongest candidate not elected (one wrong record can move a vote from one to the other). No
    winner: threshold − V_top, i.e. ⌊H/2⌋ + 1 − V_top. The smallest of those that apply; 0 when the
    outcome is already a tie. Raises InvalidInput for an elected name not among the votes.
    """
    require_count(threshold, "threshold", "ngưỡng trúng cử", minimum=1)
    strangers = [c for c in elected if c not in votes]
    if strangers:
        raise InvalidInput("Người trúng cử không có trong kết quả kiểm phiếu.", code="audit.unknown_winner",
                           params={"unknown": strangers})
    for name, count in votes.items():
        require_count(count, "votes", f"số phiếu của {name}")
    losers = [votes[c] for c in votes if c not in elected]
    if not elected:
        top = max(votes.values(), default=0)
        return max(0, threshold - top)
    weakest = min(votes[c] for c in elected)
    margins = [weakest - (threshold - 1)]
    if losers:
        gap = weakest - max(losers)
        margins.append(-(-gap // 2))
    return max(0, min(margins))


def miss_chance(papers: int, margin: int, draws: int) -> Fraction:
    """C(N − m, k) / C(N, k): the chance that k papers drawn without replacement miss all m wrong ones."""
    chance = Fraction(1)
    for i in range(draws):
        if papers - margin - i <= 0:
            return Fraction(0)
        chance *= Fraction(papers - margin - i, papers - i)
    return chance


def sample_size(papers: int, margin: int, risk_limit: Fraction = DEFAULT_RISK_LIMIT) -> SampleSize:
    """The smallest k with C(N − m, k) / C(N, k) ≤ α. At m ≤ 1 every paper is recounted (k = N).

    Examples from the issue: N 300, m 30 → k 28; N 420, m 10 → k 108. When m exceeds N no set of wrong
    records can reverse the outcome and k is 0. Raises InvalidInput for a negative N or m, or α outside
    (0, 1); TypeError for a float α.
    """
    if isinstance(risk_limit, float):
        raise TypeError("risk_limit must be a Fraction, not a float")
    require_count(papers, "papers", "số phiếu")
    require_count(margin, "margin", "số bản ghi sai tối thiểu")
    risk_limit = Fraction(risk_limit)
    if not 0 < risk_limit < 1:
        raise InvalidInput(f"Mức rủi ro phải lớn hơn 0 và nhỏ hơn 1 (đang là {risk_limit}).",
                           code="audit.bad_risk_limit", params={"risk_limit": str(risk_limit)})
    if margin <= 1:
        return SampleSize(papers, margin, risk_limit, papers, True)
    if margin > papers:
        return SampleSize(papers, margin, risk_limit, 0, False)
    chance, draws = Fraction(1), 0
    while chance > risk_limit and draws < papers:
        chance *= Fraction(papers - margin - draws, papers - draws)
        draws += 1
    return SampleSize(papers, margin, risk_limit, draws, draws >= papers)


@dataclass(frozen=True, order=True)
class PaperPlace:
    """Where a paper lies: stack number and position in the stack, both from 1, in counting order."""

    stack: int
    position: int

    def __str__(self) -> str:
        return f"{self.stack}-{self.position}"


def place_of(index: int, stack_size: int) -> PaperPlace:
    """The place of the `index`-th paper laid (from 1) when stacks hold `stack_size` papers."""
    require_count(index, "index", "thứ tự phiếu", minimum=1)
    require_count(stack_size, "stack_size", "số phiếu mỗi tệp", minimum=1)
    return PaperPlace((index - 1) // stack_size + 1, (index - 1) % stack_size + 1)


#: Papers a stack may hold, as the count's set-up accepts it: fewer makes a band and a slip for every few
#: papers, more makes a stack nobody can count through by hand when a drawn position must be found.
STACK_SIZE_RANGE = (10, 200)


def check_stack_size(size: int) -> int:
    """The stack size when it lies in STACK_SIZE_RANGE; else InvalidInput naming the range."""
    low, high = STACK_SIZE_RANGE
    if isinstance(size, bool) or not isinstance(size, int) or not low <= size <= high:
        raise InvalidInput(f"Số phiếu mỗi xấp phải là số nguyên từ {low} đến {high} (đang ghi: {size}).",
                           code="sampling.stack_size", params={"size": size, "min": low, "max": high})
    return size


def check_seed(seed: str) -> str:
    """The seed as digits only (spaces and dashes dropped); InvalidInput unless at least 20 digits remain."""
    digits = "".join(ch for ch in seed if ch not in " -\t")
    if not digits.isascii() or not digits.isdigit() or len(digits) < SEED_MIN_DIGITS:
        raise InvalidInput(f"Số gieo phải gồm ít nhất {SEED_MIN_DIGITS} chữ số (từ các lần gieo xúc xắc), "
                           "không có chữ cái hay ký hiệu khác.", code="audit.bad_seed",
                           params={"length": len(digits)})
    return digits


def ticket(seed: str, place: PaperPlace) -> str:
    """SHA-256 of "<seed>,<stack>,<position>" in hex: anyone with the seed can recompute it."""
    return hashlib.sha256(f"{seed},{place.stack},{place.position}".encode("ascii")).hexdigest()


def draw(seed: str, places: Sequence[PaperPlace], draws: int) -> tuple[PaperPlace, ...]:
    """The `draws` places with the smallest tickets, in ticket order. Reproducible from the seed alone."""
    seed = check_seed(seed)
    require_count(draws, "draws", "số phiếu rút")
    ranked = sorted(places, key=lambda place: ticket(seed, place))
    return tuple(ranked[:draws])


class Lean(enum.StrEnum):
    """Which way a difference between a paper and its record leans for the announced outcome."""

    NONE = "none"  #: the record matches the paper
    HELPS = "helps"  #: the record favours the announced outcome: correcting it narrows the margin
    HURTS = "hurts"  #: the record works against the announced outcome
    NEUTRAL = "neutral"  #: a difference that moves no vote (e.g. the invalid reason)


@dataclass(frozen=True)
class PaperReading:
    """What a paper (or its record) says: names kept, and the invalid reason (None when valid)."""

    kept: frozenset[str]
    invalid_reason: str | None

    def votes(self) -> frozenset[str]:
        return frozenset() if self.invalid_reason else self.kept


def lean(record: PaperReading, paper: PaperReading | None, elected: Collection[str]) -> Lean:
    """Compare a record with the paper. A missing paper (None) always counts against the outcome
    (HELPS: the record may be a vote that never existed). A vote recorded for a winner but not on the
    paper, or on the paper for a non-winner but not recorded, HELPS the announced outcome; the reverse
    HURTS; both at once HELPS (the cautious reading). With no winner, any vote missing from the
    record HELPS (it could have lifted someone over the threshold)."""
    if paper is None:
        return Lean.HELPS
    recorded, real = record.votes(), paper.votes()
    if recorded == real:
        return Lean.NONE if record == paper else Lean.NEUTRAL
    elected = set(elected)
    added, dropped = recorded - real, real - recorded
    if not elected:
        return Lean.HELPS if dropped else Lean.HURTS
    helps = any(c in elected for c in added) or any(c not in elected for c in dropped)
    hurts = any(c not in elected for c in added) or any(c in elected for c in dropped)
    if helps:
        return Lean.HELPS
    return Lean.HURTS if hurts else Lean.NEUTRAL
