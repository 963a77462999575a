from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from waspada.actionplans.api import ActionPlanViewSet, PlanActionViewSet, ProgressReportViewSet
from waspada.alerts.api import AlertViewSet, InformationReportViewSet, TriageViewSet
from waspada.elections.api import (
    CandidatePairViewSet,
    ContestViewSet,
    ElectionViewSet,
    GrantAgreementViewSet,
    HealthEventViewSet,
    ViolationViewSet,
)
from waspada.foreigners.api import ForeignerViewSet, ForeignOrganisationViewSet, VisitRequestViewSet
from waspada.forums.api import ForumViewSet
from waspada.incidents.api import ConflictStatusViewSet, IncidentCodeViewSet, IncidentViewSet
from waspada.regions.api import RegionViewSet
from waspada.reports.api import ReportViewSet
from waspada.vulnerability.api import VulnerabilityAssessmentViewSet, VulnerabilityFrameworkViewSet

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", RegionViewSet, basename="region")
router.register("reports", ReportViewSet, basename="report")
router.register("incidents", IncidentViewSet, basename="incident")
router.register("incident-codes", IncidentCodeViewSet, basename="incident-code")
router.register("conflict-statuses", ConflictStatusViewSet, basename="conflict-status")
router.register("alerts", AlertViewSet, basename="alert")
router.register("information-reports", InformationReportViewSet, basename="information-report")
router.register("triage", TriageViewSet, basename="triage")
router.register("elections", ElectionViewSet, basename="election")
router.register("contests", ContestViewSet, basename="contest")
router.register("candidate-pairs", CandidatePairViewSet, basename="candidate-pair")
router.register("violations", ViolationViewSet, basename="violation")
router.register("health-events", HealthEventViewSet, basename="health-event")
router.register("grant-agreements", GrantAgreementViewSet, basename="grant-agreement")
router.register("forums", ForumViewSet, basename="forum")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("plan-actions", PlanActionViewSet, basename="plan-action")
router.register("progress-reports", ProgressReportViewSet, basename="progress-report")
router.register("foreigners", ForeignerViewSet, basename="foreigner")
router.register("foreign-organisations", ForeignOrganisationViewSet, basename="foreign-organisation")
router.register("visit-requests", VisitRequestViewSet, basename="visit-request")
router.register("vulnerability-frameworks", VulnerabilityFrameworkViewSet, basename="vulnerability-framework")
router.register("vulnerability-assessments", VulnerabilityAssessmentViewSet, basename="vulnerability-assessment")


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
