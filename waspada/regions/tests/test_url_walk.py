"""Every URL of ours goes through the access choke point, and every parametrised scoped URL
answers 404 for another region's object. A new view without a marker, or a new
parametrised URL without an out-of-scope case below, fails this test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from waspada.regions.access import ACCESS_MARK
from waspada.regions.models import Region

# Third-party URL trees: authentication (allauth), Django admin (staff only), language switch,
# and the OpenAPI schema/docs (no regional data).
THIRD_PARTY_MODULES = (
    "allauth.",
    "django.contrib.admin",
    "django.views.i18n",
    "drf_spectacular.",
    "django.views.static",
)


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else "", prefix + str(p.pattern), p


def marker_of(pattern: URLPattern) -> str | None:
    callback = pattern.callback
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None:
        return getattr(view_class, ACCESS_MARK, None)
    return getattr(callback, ACCESS_MARK, None)


def is_third_party(pattern: URLPattern) -> bool:
    module = getattr(pattern.callback, "__module__", "") or ""
    view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        module = view_class.__module__
    return module.startswith(THIRD_PARTY_MODULES)


def our_patterns() -> list[tuple[str, str, URLPattern]]:
    return [
        (name, route, p)
        for name, route, p in walk(get_resolver().url_patterns)
        if not is_third_party(p) and not route.startswith("admin/")
    ]


def kabupaten_bandung_event() -> int:
    from waspada.core import audit

    region = Region.objects.get(code="32.04")
    return audit.record(actor=None, action="uji.walk", obj=region, region=region).pk


def kabupaten_bandung_report() -> Any:
    """A submitted weekly report of Kabupaten Bandung (needs the personas fixture)."""
    from waspada.accounts.models import User
    from waspada.reports.tests.factories import submitted_report

    return submitted_report(User.objects.get(username="operator.kabbandung"), "32.04", "2020-W40")


def kabupaten_bandung_attachment() -> dict[str, Any]:
    """A report of Kabupaten Bandung with an attachment row (no file is written)."""
    from waspada.reports.models import ReportAttachment

    report = kabupaten_bandung_report()
    attachment = ReportAttachment.objects.create(
        report=report,
        file="laporan/uji.pdf",
        original_name="uji.pdf",
        content_type="application/pdf",
        size=5,
        uploaded_by=report.created_by,
    )
    return {"public_id": report.public_id, "attachment_id": attachment.public_id}


def kabupaten_bandung_period() -> dict[str, Any]:
    from waspada.reports.tests.factories import open_week

    return {"code": "32.04", "period": open_week("2020-W40").key}


def kabupaten_bandung_export() -> dict[str, Any]:
    """A finished export requested by the operator of Kabupaten Bandung (exports are their
    requester's alone)."""
    from waspada.accounts.models import User
    from waspada.core.models import Export

    export = Export.objects.create(
        kind="reports.recap",
        params={"filters": {"periode": "2020-W40"}},
        status=Export.Status.DONE,
        filename="rekap.xlsx",
        requested_by=User.objects.get(username="operator.kabbandung"),
    )
    return {"public_id": export.public_id}


def kabupaten_bandung_incident() -> dict[str, Any]:
    """An incident of Kabupaten Bandung registered by its operator (needs the personas fixture)."""
    from waspada.accounts.models import User
    from waspada.incidents.tests.factories import registered

    incident = registered(User.objects.get(username="operator.kabbandung"), "32.04")
    return {"public_id": incident.public_id}


def kabupaten_bandung_conflict_status() -> dict[str, Any]:
    """A Status Keadaan Konflik declared for Kabupaten Bandung."""
    from datetime import date

    from waspada.accounts.models import User
    from waspada.incidents import services

    status = services.conflict_status_declare(
        actor=User.objects.get(username="operator.kabbandung"),
        scale="kabkota",
        region=Region.objects.get(code="32.04"),
        starts_on=date(2020, 10, 1),
        ends_on=date(2020, 10, 30),
    )
    return {"public_id": status.public_id}


def analis_import() -> dict[str, Any]:
    """An incident import requested by the analis nasional (an import is its requester's alone)."""
    from waspada.accounts.models import User
    from waspada.incidents.models import ImportMapping, IncidentImport

    analis = User.objects.get(username="analis.nasional")
    mapping = ImportMapping.objects.create(name="Uji jelajah", definition={}, created_by=analis)
    record = IncidentImport.objects.create(
        requested_by=analis, file="imports/uji.csv", original_name="uji.csv", mapping=mapping
    )
    return {"public_id": record.public_id}


# For operator Kota Bandung (32.73): an object of Kabupaten Bandung (32.04) for each URL.
OUT_OF_SCOPE_CASES: dict[str, Callable[[], dict[str, Any]]] = {
    "regions:detail": lambda: {"code": "32.04"},
    "core:audit_detail": lambda: {"event_id": kabupaten_bandung_event()},
    "api:region-detail": lambda: {"code": "32.04"},
    "api:region-children": lambda: {"code": "32.04"},
    "reports:detail": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:edit": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:snapshot": lambda: {"public_id": kabupaten_bandung_report().public_id, "number": 1},
    "reports:submit": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:verify": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:return": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:accept": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:reopen": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:comment": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:attachment_add": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "reports:attachment": kabupaten_bandung_attachment,
    "reports:attachment_remove": kabupaten_bandung_attachment,
    "reports:region": lambda: {"code": "32.04"},
    "reports:write": kabupaten_bandung_period,
    "reports:nil": kabupaten_bandung_period,
    "reports:reopen_period": kabupaten_bandung_period,
    "exports:detail": kabupaten_bandung_export,
    "exports:status": kabupaten_bandung_export,
    "exports:download": kabupaten_bandung_export,
    "incidents:import_detail": analis_import,
    "incidents:import_status": analis_import,
    "incidents:import_confirm": analis_import,
    "incidents:detail": kabupaten_bandung_incident,
    "incidents:edit": kabupaten_bandung_incident,
    "incidents:status": kabupaten_bandung_incident,
    "incidents:delete": kabupaten_bandung_incident,
    "incidents:merge": kabupaten_bandung_incident,
    "incidents:source_add": kabupaten_bandung_incident,
    "incidents:actor_add": kabupaten_bandung_incident,
    "incidents:handling_add": kabupaten_bandung_incident,
    "incidents:conflict_status_detail": kabupaten_bandung_conflict_status,
    "api:report-detail": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "api:report-submit": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "api:report-verify": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "api:report-return": lambda: {"public_id": kabupaten_bandung_report().public_id},
    "api:report-accept": lambda: {"public_id": kabupaten_bandung_report().public_id},
}


def kabupaten_bandung_api_incident() -> dict[str, Any]:
    """An incident of Kabupaten Bandung, for the incident API's URLs (needs the personas fixture)."""
    from waspada.accounts.models import User
    from waspada.incidents.tests.factories import registered

    return {"public_id": registered(User.objects.get(username="operator.kabbandung"), "32.04").public_id}


OUT_OF_SCOPE_CASES.update(
    {
        "api:incident-detail": kabupaten_bandung_api_incident,
        "api:incident-merge": kabupaten_bandung_api_incident,
    }
)


def kabupaten_bandung_pilkada() -> dict[str, Any]:
    """Pilkada 2020 records of Kabupaten Bandung (a contest of the shipped configuration): a
    paslon, a violation, a health event and an NPHD (needs the personas fixture)."""
    from datetime import date

    from waspada.accounts.models import User
    from waspada.elections import services
    from waspada.elections.tests import factories as ef

    admin = User.objects.get(username="admin")
    contest = ef.contest("32.04")
    pair = ef.pair(admin, contest, 1)
    violation = ef.violation(admin, contest, ef.at(2020, 10, 1), pair=pair)
    event = services.health_event_create(
        actor=User.objects.get(username="operator.kabbandung"),
        data=services.HealthEventInput(
            pair=pair, person="kepala", kind="positif", occurred_on=date(2020, 10, 2), source="Dinkes"
        ),
    )
    grant = ef.grant(admin, contest, "kpu", "1000000", date(2020, 7, 1))
    return {"contest": contest, "pair": pair, "violation": violation, "event": event, "grant": grant}


def _pilkada(key: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"public_id": kabupaten_bandung_pilkada()[key].public_id}


OUT_OF_SCOPE_CASES.update(
    {
        "elections:contest_detail": _pilkada("contest"),
        "elections:violation_detail": _pilkada("violation"),
        "elections:violation_edit": _pilkada("violation"),
        "elections:violation_delete": _pilkada("violation"),
        "elections:health_detail": _pilkada("event"),
        "elections:grant_detail": _pilkada("grant"),
        "elections:grant_plan": _pilkada("grant"),
        "elections:health_create": _pilkada("pair"),
        "elections:pull_to_report": kabupaten_bandung_period,
        "api:contest-detail": _pilkada("contest"),
        "api:candidate-pair-detail": _pilkada("pair"),
        "api:violation-detail": _pilkada("violation"),
        "api:health-event-detail": _pilkada("event"),
        "api:grant-agreement-detail": _pilkada("grant"),
    }
)


def kabupaten_bandung_alert() -> dict[str, Any]:
    """An early-warning alert of Kabupaten Bandung."""
    from waspada.alerts.models import Alert

    region = Region.objects.get(code="32.04")
    alert = Alert(region=region, week_key="2020-W40", title="Peringatan Kabupaten Bandung")
    alert.set_scope_keys(region)
    alert.save()
    return {"public_id": alert.public_id}


OUT_OF_SCOPE_CASES.update(
    {
        "alerts:detail": kabupaten_bandung_alert,
        "alerts:chart": kabupaten_bandung_alert,
        "alerts:act": kabupaten_bandung_alert,
    }
)


def kabupaten_bandung_li() -> dict[str, Any]:
    """A Laporan Informasi (BIASA) of Kabupaten Bandung, with an attachment row."""
    from django.utils import timezone

    from waspada.accounts.models import User
    from waspada.alerts.models import Grade, InformationReport, InformationReportAttachment

    region = Region.objects.get(code="32.04")
    reporter = User.objects.get(username="operator.kabbandung")
    report = InformationReport(
        reporter=reporter,
        region=region,
        title="LI Kabupaten Bandung",
        source_description="Warga",
        obtained_how="Wawancara",
        obtained_at=timezone.now(),
        source_grade=Grade.objects.get(kind="sumber", code="B"),
        information_grade=Grade.objects.get(kind="informasi", code="2"),
        fact_what="Uji",
        fact_when="Kemarin",
        fact_where="Soreang",
    )
    report.set_scope_keys(region)
    report.save()
    attachment = InformationReportAttachment.objects.create(
        report=report,
        file="li/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=1,
        uploaded_by=reporter,
    )
    return {"public_id": report.public_id, "attachment_id": attachment.public_id}


def _li(*keys: str) -> Callable[[], dict[str, Any]]:
    return lambda: {k: v for k, v in kabupaten_bandung_li().items() if k in keys}


OUT_OF_SCOPE_CASES.update(
    {
        "alerts:li_detail": _li("public_id"),
        "alerts:li_act": _li("public_id"),
        "alerts:li_attachment_add": _li("public_id"),
        "alerts:li_attachment": _li("public_id", "attachment_id"),
        "api:information-report-detail": _li("public_id"),
        "api:alert-detail": kabupaten_bandung_alert,
        **{
            f"api:alert-{step}": kabupaten_bandung_alert
            for step in ("verify", "assess", "assign", "act", "escalate", "close", "comment")
        },
    }
)


def kabupaten_bandung_rad() -> dict[str, Any]:
    """A RAD Terpadu of Kabupaten Bandung with one action, a progress report and its evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waspada.accounts.models import User
    from waspada.actionplans import services as rad
    from waspada.actionplans.tests import factories as radf

    operator = User.objects.get(username="operator.kabbandung")
    plan = radf.plan(operator, code="32.04", year=2025)
    action = radf.action(operator, plan)
    report = radf.report(operator, plan)
    evidence = rad.evidence_add(
        actor=operator, entry=report.entries.get(), upload=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti")
    )
    return {
        "plan": plan.public_id,
        "action": action.public_id,
        "report": report.public_id,
        "evidence": evidence.public_id,
    }


def _rad(**keys: str) -> Callable[[], dict[str, Any]]:
    def case() -> dict[str, Any]:
        made = kabupaten_bandung_rad()
        return {name: made[source] for name, source in keys.items()}

    return case


OUT_OF_SCOPE_CASES.update(
    {
        **{
            f"actionplans:{name}": _rad(public_id="plan")
            for name in ("plan_detail", "plan_edit", "plan_delete", "plan_document", "action_create", "report_open")
        },
        "actionplans:action_edit": _rad(public_id="action"),
        "actionplans:action_delete": _rad(public_id="action"),
        **{
            f"actionplans:{name}": _rad(public_id="report")
            for name in ("report_detail", "report_verify", "report_return", "evidence_upload")
        },
        "actionplans:evidence_download": _rad(public_id="report", evidence_id="evidence"),
        "api:action-plan-detail": _rad(public_id="plan"),
        "api:progress-report-detail": _rad(public_id="report"),
        "api:action-plan-actions": _rad(public_id="plan"),
        "api:plan-action-detail": _rad(public_id="action"),
        "api:action-plan-progress-reports": _rad(public_id="plan"),
        "api:progress-report-submit": _rad(public_id="report"),
        "api:progress-report-verify": _rad(public_id="report"),
        "api:progress-report-return": _rad(public_id="report"),
        "api:progress-report-evidence": _rad(public_id="report"),
        "api:action-plan-document": _rad(public_id="plan"),
        "api:progress-report-evidence-file": _rad(public_id="report", evidence_id="evidence"),
    }
)


def kabupaten_bandung_forum() -> dict[str, Any]:
    """The FKDM of Kabupaten Bandung with a decree (PDF), a member, a meeting and a document."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from waspada.accounts.models import User
    from waspada.forums import services as fs
    from waspada.forums.tests import factories as ff

    operator = User.objects.get(username="operator.kabbandung")
    forum = ff.forum("32.04", actor=operator)
    decree = ff.decree(forum, date(2020, 1, 1), None, actor=operator, upload=ff.pdf())
    member = ff.member(forum)
    meeting = fs.meeting_record(
        actor=operator, forum=forum, data=fs.MeetingInput(held_on=date(2020, 2, 1), agenda="Koordinasi")
    )
    document = fs.document_add(
        actor=operator, forum=forum, title="Notulen", upload=SimpleUploadedFile("n.pdf", b"%PDF-1.4 n"), meeting=meeting
    )
    return {"forum": forum, "decree": decree, "member": member, "meeting": meeting, "document": document}


def _forum(key: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"public_id": kabupaten_bandung_forum()[key].public_id}


OUT_OF_SCOPE_CASES.update(
    {
        **{
            f"forums:{name}": _forum("forum")
            for name in ("detail", "edit", "delete", "decree_add", "member_add", "meeting_add", "document_add")
        },
        "forums:member_end": _forum("member"),
        "forums:decree_file": _forum("decree"),
        "forums:document_file": _forum("document"),
        "api:forum-detail": _forum("forum"),
        "api:forum-decrees": _forum("forum"),
        "api:forum-members": _forum("forum"),
        "api:forum-end-member": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "member_id": made["member"].public_id}
        )(kabupaten_bandung_forum()),
        "api:forum-meetings": _forum("forum"),
        "api:forum-documents": _forum("forum"),
        "api:forum-delete-member": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "member_id": made["member"].public_id}
        )(kabupaten_bandung_forum()),
        "api:forum-delete-meeting": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "meeting_id": made["meeting"].public_id}
        )(kabupaten_bandung_forum()),
        "api:forum-decree-file": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "decree_id": made["decree"].public_id}
        )(kabupaten_bandung_forum()),
        "api:forum-document-file": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "document_id": made["document"].public_id}
        )(kabupaten_bandung_forum()),
        "api:forum-delete-document": lambda: (
            lambda made: {"public_id": made["forum"].public_id, "document_id": made["document"].public_id}
        )(kabupaten_bandung_forum()),
    }
)


def kabupaten_bandung_foreigner() -> dict[str, Any]:
    """A foreigner in Kabupaten Bandung (32.04) with a permit, and a visit request there."""
    from datetime import date

    from waspada.accounts.models import User
    from waspada.foreigners import services as fs
    from waspada.foreigners.tests import factories as fof

    operator = User.objects.get(username="operator.kabbandung")
    person = fof.foreigner(operator, region_code="32.04", passport_number="E99887766")
    permit = fof.permit(operator, person, date(2026, 1, 1), date(2027, 1, 1))
    visit = fs.visit_create(
        actor=operator,
        data=fs.VisitInput(
            visitor_name="Duta Besar",
            visitor_kind="diplomat",
            country="JPN",
            region=fof.region("32.04"),
            purpose="Kunjungan kehormatan",
            planned_from=date(2026, 1, 10),
            planned_until=date(2026, 1, 11),
            received_on=date(2026, 1, 2),
        ),
    )
    organisation = fs.organisation_create(
        actor=operator, data=fs.OrganisationInput(name="Yayasan Asing", country="USA", region=fof.region("32.04"))
    )
    return {"person": person, "visit": visit, "organisation": organisation, "permit": permit}


def _foreigner(key: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"public_id": kabupaten_bandung_foreigner()[key].public_id}


OUT_OF_SCOPE_CASES.update(
    {
        **{
            f"foreigners:{name}": _foreigner("person")
            for name in ("detail", "edit", "reveal", "permit_create", "activity_create")
        },
        "foreigners:visit_detail": _foreigner("visit"),
        "api:foreigner-detail": _foreigner("person"),
        "api:foreigner-permits": _foreigner("person"),
        "api:foreigner-activities": _foreigner("person"),
        "api:foreigner-delete-permit": lambda: (
            lambda made: {"public_id": made["person"].public_id, "permit_id": made["permit"].public_id}
        )(kabupaten_bandung_foreigner()),
        "api:visit-request-detail": _foreigner("visit"),
        "api:foreign-organisation-detail": _foreigner("organisation"),
    }
)


def kabupaten_bandung_assessment() -> dict[str, Any]:
    """A scored vulnerability assessment of Kabupaten Bandung (32.04)."""
    from waspada.vulnerability import services as vs
    from waspada.vulnerability.models import IndicatorValue
    from waspada.vulnerability.tests import factories as vf

    fw = vf.worked_example_framework(code="walk")
    a = vf.assessment(fw, "32.04")
    IndicatorValue.objects.create(assessment=a, indicator=fw.indicators.get(code="I1"), value=3)
    vs.assessment_score(assessment=a)
    return {"public_id": a.public_id}


OUT_OF_SCOPE_CASES.update(
    {
        **{
            f"vulnerability:{name}": kabupaten_bandung_assessment
            for name in ("assessment", "assessment_chart", "values_save", "finalise")
        },
        "api:vulnerability-assessment-detail": kabupaten_bandung_assessment,
        "api:vulnerability-assessment-values": kabupaten_bandung_assessment,
    }
)


def test_every_view_of_ours_is_marked_scoped_or_public():
    unmarked = [f"{route} ({name})" for name, route, p in our_patterns() if marker_of(p) not in ("scoped", "public")]
    assert our_patterns(), "no URL patterns found"
    assert unmarked == []


def test_every_parametrised_scoped_url_has_an_out_of_scope_case():
    missing = sorted(
        {
            name
            for name, _route, p in our_patterns()
            if marker_of(p) == "scoped"
            and set(p.pattern.regex.groupindex) - {"format"}
            and name not in OUT_OF_SCOPE_CASES
        }
    )
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", sorted(OUT_OF_SCOPE_CASES))
def test_another_regions_object_answers_404(login_as, url_name):
    client = login_as("operator.kotabandung")
    url = reverse(url_name, kwargs=OUT_OF_SCOPE_CASES[url_name]())
    response = client.get(url)
    if response.status_code == 405:  # a POST-only action: the same 404 must come before any change
        response = client.post(url, {})
    if response.status_code == 405:  # a DELETE-only action (soft delete), likewise
        response = client.delete(f"{url}?version=1&reason=x")
    assert response.status_code == 404, url


@pytest.mark.django_db
def test_every_parameterless_page_of_ours_answers_a_scoped_user_without_error(login_as):
    client = login_as("operator.kotabandung")
    for name, route, p in our_patterns():
        if p.pattern.regex.groupindex or not name:
            continue
        if p.callback.__name__ in ("rotate_token",) or "get" not in getattr(p.callback, "actions", {"get": ""}):
            continue  # POST-only (a view, or an API action such as /api/v1/reports/nil/)
        response = client.get(reverse(name))
        assert response.status_code in (200, 302, 403), f"{route}: {response.status_code}"
