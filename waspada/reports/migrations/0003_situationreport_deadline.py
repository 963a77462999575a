"""Store each report's deadline (the rule in force when it was opened), filled for existing rows."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations, models

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def fill(apps, schema_editor):
    SituationReport = apps.get_model("reports", "SituationReport")
    Region = apps.get_model("regions", "Region")
    reporting = SituationReport.objects.values_list("region_id", flat=True).distinct()
    regions_by_zone = {}
    for region_id, zone in Region.objects.filter(id__in=reporting).values_list("id", "timezone"):
        regions_by_zone.setdefault(zone, []).append(region_id)
    periods = (
        SituationReport.objects.filter(deadline__isnull=True)
        .values_list("period_id", "period__end", "programme__deadline_offset_hours")
        .distinct()
    )
    # One UPDATE per period and zone, by region ids (a join per row made this take minutes).
    for period_id, end, hours in list(periods):
        for zone, region_ids in regions_by_zone.items():
            local_midnight = datetime.combine(end + timedelta(days=1), time(0, 0), tzinfo=ZoneInfo(ZONES[zone]))
            SituationReport.objects.filter(period_id=period_id, region_id__in=region_ids).update(
                deadline=local_midnight.astimezone(UTC) + timedelta(hours=hours)
            )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_default_programme"), ("regions", "0001_initial")]
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
