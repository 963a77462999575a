"""Store each report's deadline (the rule in force when it was opened), filled for existing rows."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def fill(apps, schema_editor):
    SituationReport = apps.get_model("reports", "SituationReport")
    pairs = (
        SituationReport.objects.filter(deadline__isnull=True)
        .values_list("period_id", "period__end", "region__timezone", "programme__deadline_offset_hours")
        .distinct()
    )
    for period_id, end, zone, hours in list(pairs):
        local_midnight = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(ZONES[zone]))
        deadline = local_midnight.astimezone(UTC) + timedelta(hours=hours)
        SituationReport.objects.filter(period_id=period_id, region__timezone=zone, deadline__isnull=True).update(
            deadline=deadline
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_default_programme")]
    operations = [
        migrations.AddField(
            model_name="situationreport",
            name="deadline",
            field=models.DateTimeField(null=True, verbose_name="batas waktu"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="situationreport",
            name="deadline",
            field=models.DateTimeField(verbose_name="batas waktu"),
        ),
    ]
