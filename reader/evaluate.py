"""Score reads against truth: misreads, clean names sent to a person, marks that must go to a person,
retakes, codes read. Shared by bench/reader_accuracy.py, the tests and a ward's own check."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .marks import Decision
from .read import BallotRead, Status

#: What the legal reading makes of a name: "struck", "untouched", or "review" (a mark that is not a full
#: strike: the name is kept, and a person must see it, as it may spoil the ballot).
LEGAL = ("struck", "untouched", "review")


@dataclass
class Score:
    images: Counter = field(default_factory=Counter)  #: per kind ("scan", "photo"): images
    retakes: Counter = field(default_factory=Counter)
    registered: Counter = field(default_factory=Counter)  #: images whose page was found
    code_read: Counter = field(default_factory=Counter)  #: of those, images whose code read and verified
    names: Counter = field(default_factory=Counter)  #: (kind, mark) -> names decided or reviewed
    reviewed: Counter = field(default_factory=Counter)  #: (kind, mark) -> sent to a person
    misreads: list = field(default_factory=list)  #: (kind, mark, decision, features)
    reasons: Counter = field(default_factory=Counter)
    outside: Counter = field(default_factory=Counter)  #: per kind: images flagged for writing outside names

    def add(self, kind: str, marks: tuple[str, ...], truths: tuple[str, ...], read: BallotRead) -> None:
        self.images[kind] += 1
        if read.status is Status.RETAKE:
            self.retakes[kind] += 1
            return
        self.registered[kind] += 1
        if read.status is not Status.READ:
            return
        self.code_read[kind] += 1
        self.outside[kind] += read.writing_outside_names
        for mark, truth, name in zip(marks, truths, read.names, strict=True):
            self.names[kind, mark] += 1
            if name.decision is Decision.REVIEW:
                self.reviewed[kind, mark] += 1
                self.reasons[name.reason.value] += 1
            elif name.decision.value != truth:
                self.misreads.append((kind, mark, name.decision.value, name.features))

    def merge(self, other: Score) -> None:
        """Add ``other``'s counts (a part of the same run read elsewhere)."""
        for name in ("images", "retakes", "registered", "code_read", "names", "reviewed", "reasons", "outside"):
            getattr(self, name).update(getattr(other, name))
        self.misreads.extend(other.misreads)

    def rate(self, kind: str, marks: tuple[str, ...]) -> tuple[int, int]:
        """(sent to a person, names) over ``marks`` of ``kind``."""
        return (sum(self.reviewed[kind, m] for m in marks), sum(self.names[kind, m] for m in marks))

    def lines(self, clean: tuple[str, ...], must_review: tuple[str, ...]) -> list[str]:
        """The figures as text, ``misreads=<n>`` last."""
        out = []
        total_names = sum(self.names.values())
        for kind in sorted(self.images):
            n = self.images[kind]
            sent, names = self.rate(kind, clean)
            out.append(f"{kind}: images={n} retake={_pct(self.retakes[kind], n)} "
                       f"qr_read={_pct(self.code_read[kind], self.registered[kind])} of registered "
                       f"clean_to_review={_pct(sent, names)} ({sent}/{names}) "
                       f"writing_outside_flagged={_pct(self.outside[kind], self.code_read[kind])}")
            for mark in must_review:
                sent, names = self.rate(kind, (mark,))
                out.append(f"  {mark}_to_review={_pct(sent, names)} ({sent}/{names})")
            others = sorted({m for k, m in self.names if k == kind} - set(clean) - set(must_review))
            for mark in others:
                sent, names = self.rate(kind, (mark,))
                out.append(f"  {mark}_to_review={_pct(sent, names)} ({sent}/{names})")
        out.append("reasons: " + ", ".join(f"{r}={c}" for r, c in self.reasons.most_common()))
        out.append(f"name_decisions={total_names}")
        out.append(f"misreads={len(self.misreads)}")
        return out


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "n/a"

