"""NPHD compliance (Permendagri 54/2019) on crafted agreements: exact Decimal arithmetic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from waspada.elections import nphd
from waspada.elections.nphd import LATE, MISSING, ON_TIME, PENDING, Payment, compliance

D = Decimal
VOTING = date(2020, 12, 9)


def statuses(result: nphd.Compliance) -> list[str]:
    return [t.status for t in result.tranches]


def test_the_deadlines_are_14_days_after_signing_and_4_and_1_months_before_voting() -> None:
    assert nphd.deadlines(date(2019, 10, 1), VOTING) == (date(2019, 10, 15), date(2020, 8, 9), date(2020, 11, 9))


def test_payments_by_the_rule_are_on_time() -> None:
    result = compliance(
        amount=D("1000000000"),
        signed_on=date(2019, 10, 1),
        voting_date=VOTING,
        payments=[
            Payment(date(2019, 10, 14), D("400000000")),
            Payment(date(2020, 7, 1), D("500000000")),
            Payment(date(2020, 11, 9), D("100000000")),
        ],
        as_of=date(2020, 12, 1),
    )
    assert statuses(result) == [ON_TIME, ON_TIME, ON_TIME]
    assert result.realisation_percent == D("100.00") and result.compliant
    assert result.tranches[0].required_amount == D("400000000.00")


def test_paid_in_one_tranche_meets_all_three_on_that_day() -> None:
    result = compliance(
        amount=D("750000000"),
        signed_on=date(2019, 10, 1),
        voting_date=VOTING,
        payments=[(date(2019, 10, 10), D("750000000"))],
        as_of=date(2020, 12, 9),
    )
    assert statuses(result) == [ON_TIME, ON_TIME, ON_TIME]
    assert {t.met_on for t in result.tranches} == {date(2019, 10, 10)}


def test_a_first_tranche_just_below_forty_percent_is_not_met() -> None:
    result = compliance(
        amount=D("1000000000.00"),
        signed_on=date(2019, 10, 1),
        voting_date=VOTING,
        payments=[(date(2019, 10, 10), D("399999999.99"))],
        as_of=date(2019, 10, 20),
    )
    assert statuses(result) == [MISSING, PENDING, PENDING]
    assert result.tranches[0].days_late == 5
    assert result.realisation_percent == D("40.00")  # rounded display, the rule uses exact amounts


def test_signed_late_the_second_deadline_had_passed_and_the_tranche_is_late() -> None:
    # Signed on 1 Sep 2020, after the 9 Aug deadline for 90 %: whatever is paid comes late.
    result = compliance(
        amount=D("200000000"),
        signed_on=date(2020, 9, 1),
        voting_date=VOTING,
        payments=[(date(2020, 9, 10), D("80000000")), (date(2020, 10, 1), D("120000000"))],
        as_of=date(2020, 12, 9),
    )
    assert statuses(result) == [ON_TIME, LATE, ON_TIME]
    assert result.tranches[1].deadline_before_signing
    assert result.tranches[1].days_late == (date(2020, 10, 1) - date(2020, 8, 9)).days
    assert not result.compliant and result.worst_status == LATE


def test_overpayment_is_flagged_with_the_excess() -> None:
    result = compliance(
        amount=D("100000000"),
        signed_on=date(2019, 10, 1),
        voting_date=VOTING,
        payments=[(date(2019, 10, 2), D("60000000")), (date(2020, 1, 2), D("40000000.50"))],
        as_of=date(2020, 12, 9),
    )
    assert result.overpaid and result.overpayment == D("0.50")
    assert result.remaining == D(0) and not result.compliant


def test_moving_the_voting_date_after_signing_moves_the_deadlines() -> None:
    kwargs = {
        "amount": D("300000000"),
        "signed_on": date(2020, 2, 1),
        "payments": [(date(2020, 2, 10), D("120000000")), (date(2020, 7, 1), D("150000000"))],
        "as_of": date(2020, 7, 15),
    }
    before = compliance(voting_date=date(2020, 9, 23), **kwargs)  # type: ignore[arg-type]
    after = compliance(voting_date=VOTING, **kwargs)  # type: ignore[arg-type]
    assert before.tranches[1].deadline == date(2020, 5, 23)
    assert statuses(before) == [ON_TIME, LATE, PENDING]
    assert after.tranches[1].deadline == date(2020, 8, 9)
    assert after.tranches[2].deadline == date(2020, 11, 9)
    assert statuses(after) == [ON_TIME, ON_TIME, PENDING]


def test_payments_after_the_as_of_date_are_not_counted() -> None:
    result = compliance(
        amount=D("100"),
        signed_on=date(2019, 10, 1),
        voting_date=VOTING,
        payments=[(date(2019, 10, 2), D("40")), (date(2020, 3, 1), D("60"))],
        as_of=date(2020, 1, 1),
    )
    assert result.paid == D("40") and statuses(result) == [ON_TIME, PENDING, PENDING]


def test_disbursement_and_plan_checks_name_the_problem_in_indonesian() -> None:
    assert "sebelum NPHD ditandatangani" in (
        nphd.disbursement_error(
            amount=D(100), signed_on=date(2020, 1, 10), already_paid=D(0), paid_on=date(2020, 1, 9), new_amount=D(1)
        )
        or ""
    )
    message = nphd.disbursement_error(
        amount=D("1000000"),
        signed_on=date(2020, 1, 10),
        already_paid=D("900000"),
        paid_on=date(2020, 2, 1),
        new_amount=D("200000"),
    )
    assert message is not None and "melebihi nilai hibah" in message and "1.100.000" in message
    assert (
        nphd.disbursement_error(
            amount=D(100), signed_on=date(2020, 1, 10), already_paid=D(60), paid_on=date(2020, 2, 1), new_amount=D(40)
        )
        is None
    )
    errors = nphd.plan_errors(
        amount=D(100), signed_on=date(2020, 1, 10), planned=[(date(2020, 1, 1), D(40)), (date(2020, 5, 1), D(70))]
    )
    assert len(errors) == 2


def test_rupiah_amounts_use_the_indonesian_format() -> None:
    assert nphd.format_rupiah(D("1234567.5")) == "1.234.567,50"
    assert nphd.format_rupiah(D("1000")) == "1.000"
