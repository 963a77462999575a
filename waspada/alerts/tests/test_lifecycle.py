"""The alert lifecycle: every transition, its refusals (wrong state, stale version, bad values, out
of scope, roles without the right), the action rows and audit events, notices, overdue, the risk
matrix and response times."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from waspada.alerts import selectors, services
from waspada.alerts.models import Alert, AlertAction, AlertRule
from waspada.alerts.services import AlertRefused, StaleAlert
from waspada.core.models import AuditEvent, Notification
from waspada.regions.models import Region

pytestmark = pytest.mark.django_db

TODAY = date(2020, 10, 6)
NOW = timezone.make_aware(datetime(2020, 10, 6, 9, 0))


def make_alert(code: str = "32.73", status: str = Alert.Status.NEW, **values: object) -> Alert:
    region = Region.objects.get(code=code)
    rule = AlertRule.objects.get(code="ambang-peristiwa-4-minggu")
    alert = Alert(
        rule=rule, region=region, week_key=str(values.pop("week_key", "2020-W40")), title=f"Uji {code}", status=status
    )
    for key, value in values.items():
        setattr(alert, key, value)
    alert.set_scope_keys(region)
    alert.save()
    return alert


def fresh(alert: Alert) -> Alert:
    return Alert.objects.get(pk=alert.pk)


def to_responding(alert: Alert, by: object, owner: object) -> Alert:
    alert = services.verify(user=by, alert=alert, decision="assess", version=alert.version)
    alert = services.assess_risk(user=by, alert=alert, likelihood=4, consequence=3, version=alert.version)
    return services.assign_response(
        user=by, alert=alert, owner=owner, due_on=TODAY + timedelta(days=7), version=alert.version, now=NOW
    )


@pytest.mark.parametrize(
    ("likelihood", "consequence", "risk"),
    [
        (1, 1, "rendah"),
        (1, 3, "rendah"),
        (2, 2, "sedang"),
        (2, 3, "sedang"),
        (2, 4, "tinggi"),
        (3, 4, "tinggi"),
        (3, 5, "sangat_tinggi"),
        (5, 5, "sangat_tinggi"),
    ],
)
def test_the_risk_matrix_maps_likelihood_times_consequence_to_a_level(
    likelihood: int, consequence: int, risk: str
) -> None:
    assert services.risk_level(likelihood, consequence) == risk


@pytest.mark.parametrize("bad", [0, 6, None, "3", True])
def test_a_score_outside_one_to_five_is_refused(bad: object) -> None:
    with pytest.raises(AlertRefused, match="1 sampai 5"):
        services.risk_level(bad, 3)  # type: ignore[arg-type]


def test_the_whole_path_new_assess_risk_respond_act_close_writes_one_row_and_event_per_step(personas: dict) -> None:
    analyst, operator = personas["verifikator.jabar"], personas["operator.kotabandung"]
    alert = make_alert()

    alert = services.verify(user=analyst, alert=alert, decision="assess", note="Dicek ke lapangan", version=1)
    assert alert.status == Alert.Status.ASSESSING and alert.verified_at is not None and alert.version == 2
    alert = services.assess_risk(user=analyst, alert=alert, likelihood=4, consequence=3, version=2)
    assert alert.risk == Alert.Risk.HIGH
    alert = services.assign_response(
        user=analyst, alert=alert, owner=operator, due_on=TODAY + timedelta(days=7), note="Mediasi", version=3, now=NOW
    )
    assert alert.status == Alert.Status.RESPONDING and alert.owner == operator and alert.responded_at is not None
    # The owner (an operator, not a handler) records an action and closes it.
    alert = services.record_action(user=operator, alert=alert, note="Rapat dengan tokoh warga", version=4)
    alert = services.close(user=operator, alert=alert, outcome="Kesepakatan damai ditandatangani", version=5)

    alert = fresh(alert)
    assert alert.status == Alert.Status.CLOSED and alert.closed_at is not None
    assert alert.outcome == "Kesepakatan damai ditandatangani"
    kinds = list(alert.actions.values_list("kind", "user__username"))
    assert kinds == [
        ("assess", "verifikator.jabar"),
        ("risk", "verifikator.jabar"),
        ("assign", "verifikator.jabar"),
        ("action", "operator.kotabandung"),
        ("close", "operator.kotabandung"),
    ]
    events = list(
        AuditEvent.objects.filter(object_id=str(alert.public_id)).order_by("id").values_list("action", flat=True)
    )
    assert events == ["alert.assess", "alert.risk", "alert.assign", "alert.action", "alert.close"]


def test_discarding_needs_a_reason_and_ends_the_alert(personas: dict) -> None:
    analyst = personas["analis.nasional"]
    alert = make_alert()
    with pytest.raises(AlertRefused, match="alasan"):
        services.verify(user=analyst, alert=alert, decision="discard", note="  ", version=1)
    assert fresh(alert).status == Alert.Status.NEW and not AlertAction.objects.filter(alert=alert).exists()

    alert = services.verify(user=analyst, alert=alert, decision="discard", note="Data ganda", version=1)
    assert alert.status == Alert.Status.DISCARDED and alert.outcome == "Data ganda"
    with pytest.raises(AlertRefused, match="berstatus Dibuang"):
        services.verify(user=analyst, alert=alert, decision="assess", version=alert.version)


def test_a_monitored_alert_can_later_be_assessed_but_not_monitored_again(personas: dict) -> None:
    analyst = personas["verifikator.jabar"]
    alert = services.verify(user=analyst, alert=make_alert(), decision="monitor", version=1)
    assert alert.status == Alert.Status.MONITORING
    with pytest.raises(AlertRefused):
        services.verify(user=analyst, alert=alert, decision="monitor", version=alert.version)
    alert = services.verify(user=analyst, alert=alert, decision="assess", version=alert.version)
    assert alert.status == Alert.Status.ASSESSING


def test_an_unknown_decision_is_refused(personas: dict) -> None:
    with pytest.raises(AlertRefused, match="Pilih keputusan"):
        services.verify(user=personas["verifikator.jabar"], alert=make_alert(), decision="hapus", version=1)


def test_a_stale_version_is_refused_and_nothing_is_written(personas: dict) -> None:
    alert = make_alert()
    with pytest.raises(StaleAlert, match="sudah diubah"):
        services.verify(user=personas["verifikator.jabar"], alert=alert, decision="assess", version=7)
    assert fresh(alert).status == Alert.Status.NEW
    assert not AlertAction.objects.filter(alert=alert).exists()


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Alert.Status.NEW, "risk"),
        (Alert.Status.NEW, "assign"),
        (Alert.Status.NEW, "close"),
        (Alert.Status.NEW, "escalate"),
        (Alert.Status.ASSESSING, "verify"),
        (Alert.Status.ASSESSING, "action"),
        (Alert.Status.CLOSED, "risk"),
        (Alert.Status.CLOSED, "close"),
        (Alert.Status.DISCARDED, "escalate"),
    ],
)
def test_a_step_in_the_wrong_state_is_refused_in_indonesian(personas: dict, status: str, step: str) -> None:
    analyst, operator = personas["verifikator.jabar"], personas["operator.kotabandung"]
    alert = make_alert(status=status, risk=Alert.Risk.HIGH, likelihood=3, consequence=4)
    calls = {
        "verify": lambda: services.verify(user=analyst, alert=alert, decision="assess", version=1),
        "risk": lambda: services.assess_risk(user=analyst, alert=alert, likelihood=2, consequence=2, version=1),
        "assign": lambda: services.assign_response(
            user=analyst, alert=alert, owner=operator, due_on=TODAY, version=1, now=NOW
        ),
        "action": lambda: services.record_action(user=analyst, alert=alert, note="x", version=1),
        "close": lambda: services.close(user=analyst, alert=alert, outcome="x", version=1),
        "escalate": lambda: services.escalate(user=analyst, alert=alert, to="nasional", note="x", version=1),
    }
    with pytest.raises(AlertRefused, match="tidak dapat dilakukan pada peringatan berstatus"):
        calls[step]()
    assert fresh(alert).version == 1
    assert not AlertAction.objects.filter(alert=alert).exists()


def test_assigning_before_the_risk_is_assessed_is_refused(personas: dict) -> None:
    alert = make_alert(status=Alert.Status.ASSESSING)
    with pytest.raises(AlertRefused, match="Nilai risikonya dulu"):
        services.assign_response(
            user=personas["verifikator.jabar"],
            alert=alert,
            owner=personas["operator.kotabandung"],
            due_on=TODAY,
            version=1,
            now=NOW,
        )


def test_the_owner_must_be_an_officer_of_the_region_and_the_due_date_not_past(personas: dict) -> None:
    analyst = personas["verifikator.jabar"]
    alert = make_alert(status=Alert.Status.ASSESSING, risk=Alert.Risk.LOW, likelihood=1, consequence=1)
    for owner in (personas["operator.kabbandung"], personas["fkdm.kotabandung"], personas["pimpinan"]):
        with pytest.raises(AlertRefused, match="Penanggung jawab harus"):
            services.assign_response(user=analyst, alert=alert, owner=owner, due_on=TODAY, version=1, now=NOW)
    with pytest.raises(AlertRefused, match="sebelum hari ini"):
        services.assign_response(
            user=analyst,
            alert=alert,
            owner=personas["operator.kotabandung"],
            due_on=TODAY - timedelta(days=1),
            version=1,
            now=NOW,
        )
    with pytest.raises(AlertRefused, match="Isi batas waktu"):
        services.assign_response(
            user=analyst, alert=alert, owner=personas["operator.kotabandung"], due_on=None, version=1, now=NOW
        )
    assert fresh(alert).status == Alert.Status.ASSESSING


def test_another_regions_alert_is_not_found_for_a_handler_out_of_scope(personas: dict) -> None:
    alert = make_alert("31.71")  # Jakarta: outside Jawa Barat
    with pytest.raises(Http404):
        services.verify(user=personas["verifikator.jabar"], alert=alert, decision="assess", version=1)
    with pytest.raises(Http404):
        services.comment(user=personas["operator.kotabandung"], alert=make_alert("32.04"), note="x")
    assert not AlertAction.objects.exists()


@pytest.mark.parametrize("username", ["pimpinan", "operator.kotabandung"])
def test_readers_who_are_not_handlers_get_403_on_verification(personas: dict, username: str) -> None:
    alert = make_alert()
    with pytest.raises(PermissionDenied):
        services.verify(user=personas[username], alert=alert, decision="assess", version=1)
    assert fresh(alert).status == Alert.Status.NEW


def test_an_fkdm_member_cannot_see_or_touch_an_alert(personas: dict) -> None:
    alert = make_alert()
    with pytest.raises(Http404):  # FKDM does not read alerts at all: not even their existence
        services.verify(user=personas["fkdm.kotabandung"], alert=alert, decision="assess", version=1)


def test_an_operator_who_does_not_own_the_response_cannot_close_it(personas: dict) -> None:
    analyst = personas["verifikator.jabar"]
    alert = to_responding(make_alert(), analyst, personas["verifikator.jabar"])
    with pytest.raises(PermissionDenied):
        services.close(user=personas["operator.kotabandung"], alert=alert, outcome="x", version=alert.version)


def test_the_owner_is_notified_on_assignment(personas: dict) -> None:
    operator = personas["operator.kotabandung"]
    alert = to_responding(make_alert(), personas["verifikator.jabar"], operator)
    note = Notification.objects.get(kind="alert.assigned")
    assert note.user == operator
    assert note.url == services.alert_url(alert)
    # Reassigning to the same owner (a new due date) tells nobody again.
    services.assign_response(
        user=personas["verifikator.jabar"],
        alert=alert,
        owner=operator,
        due_on=TODAY + timedelta(days=9),
        version=alert.version,
        now=NOW,
    )
    assert Notification.objects.filter(kind="alert.assigned").count() == 1


def test_escalation_to_the_province_then_the_nation_tells_each_level(personas: dict) -> None:
    analyst = personas["verifikator.jabar"]
    alert = services.verify(user=analyst, alert=make_alert(), decision="assess", version=1)
    with pytest.raises(AlertRefused, match="alasan eskalasi"):
        services.escalate(user=analyst, alert=alert, to="provinsi", note="", version=alert.version)

    alert = services.escalate(user=analyst, alert=alert, to="provinsi", note="Meluas", version=alert.version)
    assert alert.escalation == "provinsi"
    told = set(Notification.objects.filter(kind="alert.escalated").values_list("user__username", flat=True))
    assert told == set()  # the province's only handler is the one who escalated
    with pytest.raises(AlertRefused, match="sudah dieskalasi"):
        services.escalate(user=analyst, alert=alert, to="provinsi", note="lagi", version=alert.version)

    alert = services.escalate(user=analyst, alert=alert, to="nasional", note="Perlu pusat", version=alert.version)
    told = set(Notification.objects.filter(kind="alert.escalated").values_list("user__username", flat=True))
    assert told == {"analis.nasional", "pimpinan"}
    assert AlertAction.objects.filter(alert=alert, kind="escalate").count() == 2


def test_a_province_alert_escalates_only_to_the_nation(personas: dict) -> None:
    analyst = personas["analis.nasional"]
    alert = services.verify(user=analyst, alert=make_alert("32"), decision="assess", version=1)
    with pytest.raises(AlertRefused, match="hanya dapat dieskalasi ke nasional"):
        services.escalate(user=analyst, alert=alert, to="provinsi", note="x", version=alert.version)


def test_a_comment_is_allowed_in_any_state_and_changes_nothing_else(personas: dict) -> None:
    alert = make_alert(status=Alert.Status.CLOSED)
    services.comment(user=personas["verifikator.jabar"], alert=alert, note="Catatan evaluasi")
    assert fresh(alert).version == 1
    assert AlertAction.objects.get(alert=alert).kind == "comment"


def test_a_response_past_its_due_date_is_overdue_until_closed(personas: dict) -> None:
    late = make_alert(status=Alert.Status.RESPONDING, due_on=TODAY - timedelta(days=1))
    on_time = make_alert("32.04", status=Alert.Status.RESPONDING, due_on=TODAY)
    closed = make_alert("32.71", status=Alert.Status.CLOSED, due_on=TODAY - timedelta(days=5))
    assert services.is_overdue(late, TODAY)
    assert not services.is_overdue(on_time, TODAY)
    assert not services.is_overdue(closed, TODAY)
    filters = selectors.AlertFilters(overdue=True)
    now = timezone.make_aware(datetime(2020, 10, 6, 12, 0))
    assert list(selectors.alert_list(personas["analis.nasional"], filters, now=now)) == [late]


def test_my_alerts_holds_what_i_own_and_for_handlers_the_new_ones_in_scope(personas: dict) -> None:
    operator = personas["operator.kotabandung"]
    owned = make_alert(status=Alert.Status.RESPONDING, owner=operator, due_on=TODAY)
    new_here = make_alert("32.04")
    make_alert("31.71")  # new, but outside Jawa Barat
    make_alert("32.71", status=Alert.Status.CLOSED, owner=operator)
    assert list(selectors.my_alerts(operator)) == [owned]
    assert list(selectors.my_alerts(personas["verifikator.jabar"])) == [new_here]  # not the one owned by another


def test_the_list_filters_by_status_rule_region_week_and_risk(personas: dict) -> None:
    user = personas["analis.nasional"]
    a = make_alert("32.73", week_key="2020-W38", risk=Alert.Risk.HIGH, status=Alert.Status.ASSESSING)
    b = make_alert("32.04", week_key="2020-W40")
    c = make_alert("31.71", week_key="2020-W41")

    def run(**params: str) -> set[Alert]:
        return set(selectors.alert_list(user, selectors.parse_filters(user, params)))

    assert run(wilayah="32") == {a, b}
    assert run(wilayah="32.04") == {b}
    assert run(status="new") == {b, c}
    assert run(status="terbuka") == {a, b, c}
    assert run(dari="2020-W39", sampai="2020-W40") == {b}
    assert run(risiko="tinggi") == {a}
    assert run(aturan="ambang-peristiwa-4-minggu") == {a, b, c}
    bad = selectors.parse_filters(user, {"dari": "minggu lalu", "status": "x"})
    assert len(bad.errors) == 2


def test_response_times_by_province_are_medians_and_means_in_hours(personas: dict) -> None:
    t0 = timezone.make_aware(datetime(2020, 10, 5, 8, 0))
    h = timedelta(hours=1)
    make_alert(
        "32.73",
        created_at=t0,
        verified_at=t0 + 2 * h,
        responded_at=t0 + 10 * h,
        closed_at=t0 + 50 * h,
        status=Alert.Status.CLOSED,
    )
    make_alert("32.04", created_at=t0, verified_at=t0 + 4 * h, responded_at=t0 + 20 * h, status=Alert.Status.RESPONDING)
    make_alert("32.71", created_at=t0, verified_at=t0 + 12 * h, closed_at=t0 + 12 * h, status=Alert.Status.DISCARDED)
    make_alert("31.71", created_at=t0)

    rows, total = selectors.response_times(personas["analis.nasional"])

    jabar = next(r for r in rows if r.province_code == "32")
    assert jabar.alerts == 3
    assert (jabar.to_verification.count, jabar.to_verification.median, jabar.to_verification.mean) == (3, 4.0, 6.0)
    assert (jabar.to_response.count, jabar.to_response.median, jabar.to_response.mean) == (2, 15.0, 15.0)
    assert (jabar.to_closure.count, jabar.to_closure.median) == (1, 50.0)  # a discarded alert is no closure
    dki = next(r for r in rows if r.province_code == "31")
    assert dki.to_verification.count == 0 and dki.to_verification.median is None
    assert total.alerts == 4
    # Scoped: Jawa Barat's verifikator sees Jawa Barat only.
    rows, _ = selectors.response_times(personas["verifikator.jabar"])
    assert [r.province_code for r in rows] == ["32"]
