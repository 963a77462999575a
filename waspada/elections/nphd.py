"""NPHD compliance under Permendagri 54/2019 (DOMAIN.md §6). Pure, ``Decimal`` only, no ORM.

The regulation sets three cumulative thresholds with their deadlines:

========  ===========  =============================================
tranche   cumulative   no later than
========  ===========  =============================================
1         ≥ 40 %       14 days after the NPHD is signed
2         ≥ 90 %       4 months before voting (+50 %)
3         100 %        1 month before voting (the last 10 %)
========  ===========  =============================================

A tranche is **met** on the first payment date the cumulative disbursements reach its threshold
(a single payment of 100 % meets all three at once). As of a date, each tranche is:

* ``on_time`` — met on or before its deadline;
* ``late`` — met after its deadline;
* ``missing`` — not met and the deadline has passed;
* ``pending`` — not met, the deadline is still ahead.

Deadlines 2 and 3 are computed from the election's *current* voting date, so moving the vote
(Perppu 2/2020: 23 Sep → 9 Dec 2020) moves them too, even for agreements signed before the move.
Months are calendar months (9 Dec − 4 months = 9 Aug; 31 Mar − 1 month = 28/29 Feb).
Paying more than the agreed amount is flagged here (``overpaid``); services refuse to record it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from waspada.elections.calendar import add_months

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
PENDING = "pending"
STATUS_LABELS = {
    ON_TIME: "Tepat waktu",
    LATE: "Terlambat",
    MISSING: "Belum dicairkan (lewat batas)",
    PENDING: "Belum jatuh tempo",
}

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class TrancheRule:
    number: int
    cumulative_percent: Decimal
    description: str


TRANCHE_RULES: tuple[TrancheRule, ...] = (
    TrancheRule(1, Decimal(40), "≥ 40 % paling lambat 14 hari setelah NPHD ditandatangani"),
    TrancheRule(2, Decimal(90), "≥ 50 % (kumulatif 90 %) paling lambat 4 bulan sebelum pemungutan suara"),
    TrancheRule(3, Decimal(100), "10 % sisanya (kumulatif 100 %) paling lambat 1 bulan sebelum pemungutan suara"),
)
FIRST_TRANCHE_DAYS = 14
SECOND_TRANCHE_MONTHS_BEFORE = 4
LAST_TRANCHE_MONTHS_BEFORE = 1


def deadlines(signed_on: date, voting_date: date) -> tuple[date, date, date]:
    """The three deadlines of an agreement signed on ``signed_on`` for a vote on ``voting_date``."""
    return (
        signed_on + timedelta(days=FIRST_TRANCHE_DAYS),
        add_months(voting_date, -SECOND_TRANCHE_MONTHS_BEFORE),
        add_months(voting_date, -LAST_TRANCHE_MONTHS_BEFORE),
    )


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, two decimals, half up (0 when ``whole`` is 0)."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def _reaches(paid: Decimal, amount: Decimal, threshold_percent: Decimal) -> bool:
    # Exact integer-free comparison: paid / amount ≥ t / 100  ⇔  paid × 100 ≥ amount × t.
    return paid * HUNDRED >= amount * threshold_percent


@dataclass(frozen=True)
class Payment:
    paid_on: date
    amount: Decimal


@dataclass(frozen=True)
class TrancheStatus:
    number: int
    cumulative_percent: Decimal
    required_amount: Decimal
    deadline: date
    status: str
    met_on: date | None
    days_late: int = 0
    # The deadline had already passed when the agreement was signed (signed late).
    deadline_before_signing: bool = False

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class Compliance:
    amount: Decimal
    paid: Decimal
    realisation_percent: Decimal
    tranches: tuple[TrancheStatus, ...]
    overpaid: bool
    overpayment: Decimal
    remaining: Decimal
    payments_before_signing: tuple[Payment, ...] = field(default_factory=tuple)

    @property
    def compliant(self) -> bool:
        """No tranche late or missing so far (pending tranches do not count against it)."""
        return all(t.status in (ON_TIME, PENDING) for t in self.tranches) and not self.overpaid

    @property
    def worst_status(self) -> str:
        order = (MISSING, LATE, PENDING, ON_TIME)
        statuses = {t.status for t in self.tranches}
        return next(s for s in order if s in statuses)


def compliance(
    *,
    amount: Decimal,
    signed_on: date,
    voting_date: date,
    payments: Iterable[Payment | tuple[date, Decimal]],
    as_of: date,
) -> Compliance:
    """The tranche statuses and realisation of one agreement as of ``as_of``.

    Payments dated after ``as_of`` are ignored (what was known on that day).
    """
    amount = Decimal(amount)
    if amount <= 0:
        raise ValueError("the agreed amount must be positive")
    items = sorted(
        (p if isinstance(p, Payment) else Payment(p[0], Decimal(p[1])) for p in payments),
        key=lambda p: p.paid_on,
    )
    items = [p for p in items if p.paid_on <= as_of]
    limits = deadlines(signed_on, voting_date)
    cumulative = Decimal(0)
    met: dict[int, date] = {}
    for p in items:
        cumulative += Decimal(p.amount)
        for rule in TRANCHE_RULES:
            if rule.number not in met and _reaches(cumulative, amount, rule.cumulative_percent):
                met[rule.number] = p.paid_on
    statuses = []
    for rule, deadline in zip(TRANCHE_RULES, limits, strict=True):
        met_on = met.get(rule.number)
        if met_on is not None:
            status = ON_TIME if met_on <= deadline else LATE
            days_late = max(0, (met_on - deadline).days)
        else:
            status = MISSING if as_of > deadline else PENDING
            days_late = max(0, (as_of - deadline).days) if status == MISSING else 0
        statuses.append(
            TrancheStatus(
                number=rule.number,
                cumulative_percent=rule.cumulative_percent,
                required_amount=(amount * rule.cumulative_percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP),
                deadline=deadline,
                status=status,
                met_on=met_on,
                days_late=days_late,
                deadline_before_signing=deadline < signed_on,
            )
        )
    overpayment = max(Decimal(0), cumulative - amount)
    return Compliance(
        amount=amount,
        paid=cumulative,
        realisation_percent=percent(cumulative, amount),
        tranches=tuple(statuses),
        overpaid=overpayment > 0,
        overpayment=overpayment,
        remaining=max(Decimal(0), amount - cumulative),
        payments_before_signing=tuple(p for p in items if p.paid_on < signed_on),
    )


# --- checks used by services before writing ------------------------------------------------------


def disbursement_error(
    *, amount: Decimal, signed_on: date, already_paid: Decimal, paid_on: date, new_amount: Decimal
) -> str | None:
    """The Indonesian refusal for a new disbursement (None when it may be recorded)."""
    if new_amount <= 0:
        return "Jumlah pencairan harus lebih dari nol."
    if paid_on < signed_on:
        return f"Tanggal pencairan {paid_on:%d-%m-%Y} sebelum NPHD ditandatangani ({signed_on:%d-%m-%Y})."
    total = Decimal(already_paid) + Decimal(new_amount)
    if total > amount:
        return (
            f"Pencairan melebihi nilai hibah: total menjadi Rp {format_rupiah(total)}, "
            f"nilai NPHD Rp {format_rupiah(amount)} (lebih Rp {format_rupiah(total - amount)})."
        )
    return None


def plan_errors(*, amount: Decimal, signed_on: date, planned: Sequence[tuple[date, Decimal]]) -> list[str]:
    """Refusals for a planned tranche schedule: dated before signing, or more than the agreed amount."""
    errors: list[str] = []
    total = Decimal(0)
    for index, (due_on, value) in enumerate(planned, start=1):
        if value <= 0:
            errors.append(f"Tahap {index}: jumlah harus lebih dari nol.")
        if due_on < signed_on:
            errors.append(
                f"Tahap {index}: rencana tanggal {due_on:%d-%m-%Y} sebelum NPHD ditandatangani ({signed_on:%d-%m-%Y})."
            )
        total += Decimal(value)
    if total > amount:
        errors.append(f"Jumlah rencana tahap Rp {format_rupiah(total)} melebihi nilai NPHD Rp {format_rupiah(amount)}.")
    return errors


def format_rupiah(value: Decimal) -> str:
    """Indonesian grouping: 1.234.567,50 (cents only when there are any)."""
    value = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, _, cents = f"{value:,.2f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if cents == "00" else f"{whole},{cents}"
