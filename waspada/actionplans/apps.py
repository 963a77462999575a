from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlansConfig(AppConfig):
    name = "waspada.actionplans"
    verbose_name = _("RAD Terpadu")

    def ready(self) -> None:
        # What people read in the "Riwayat" panel and the audit list instead of the machine names.
        from waspada.core.models import ACTION_LABELS

        ACTION_LABELS.update(
            {
                "action_plan.created": _("RAD Terpadu disusun"),
                "action_plan.updated": _("RAD Terpadu diubah"),
                "action_plan.deleted": _("RAD Terpadu dihapus"),
                "action.created": _("Aksi RAD ditambahkan"),
                "action.updated": _("Aksi RAD diubah"),
                "action.deleted": _("Aksi RAD dihapus"),
                "progress_report.opened": _("Laporan kemajuan RAD dibuat"),
                "progress_report.saved": _("Laporan kemajuan RAD disimpan"),
                "progress_report.submitted": _("Laporan kemajuan RAD dikirim"),
                "progress_report.verified": _("Laporan kemajuan RAD diverifikasi"),
                "progress_report.returned": _("Laporan kemajuan RAD dikembalikan"),
                "progress_report.evidence_added": _("Bukti dukung RAD dilampirkan"),
            }
        )
