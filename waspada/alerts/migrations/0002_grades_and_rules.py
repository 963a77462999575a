"""Source and information grades (Indonesian practice, DOMAIN.md §5) and the default alert rules,
all as data an administrator may change. A sixth information grade is not official (UNVERIFIED),
so it is not shipped."""

from django.db import migrations

SOURCE_GRADES = [
    ("A", "Sangat dipercaya"),
    ("B", "Biasanya dapat dipercaya"),
    ("C", "Cukup dapat dipercaya"),
    ("D", "Biasanya tidak dapat dipercaya"),
    ("E", "Tidak dapat dipercaya"),
    ("F", "Tidak dapat dinilai"),
]
INFORMATION_GRADES = [
    ("1", "Dikonfirmasi sumber lain"),
    ("2", "Kemungkinan benar"),
    ("3", "Mungkin benar"),
    ("4", "Diragukan"),
    ("5", "Tidak dapat dinilai"),
]
RULES = [
    ("ears-c2-peristiwa", "EARS C2: lonjakan peristiwa konflik mingguan", "ears_c2", "kabkota", {"baseline": 7, "alpha": 0.001}, 3),
    ("ears-c3-peristiwa", "EARS C3: kenaikan peristiwa tiga minggu", "ears_c3", "kabkota", {"baseline": 7, "alpha": 0.025}, 3),
    (
        "farrington-peristiwa",
        "Farrington fleksibel: peristiwa di atas pola musiman",
        "farrington_flexible",
        "kabkota",
        {"b": 4, "w": 3, "alpha": 0.05},
        5,
    ),
    ("ambang-peristiwa-4-minggu", "Peristiwa ≥ 5 dalam 4 minggu", "count_threshold", "kabkota", {"n": 5, "weeks": 4}, 0),
    ("laporan-siaga-awas", "Laporan mingguan: bagian pada tingkat Siaga atau Awas", "report_level", "kabkota", {"levels": ["siaga", "awas"]}, 0),
    ("laporan-tidak-masuk", "Dua laporan mingguan berturut-turut tidak masuk", "missing_reports", "kabkota", {"consecutive": 2}, 0),
    ("prokes-10-hari", "Pelanggaran prokes ≥ 5 dalam 10 hari", "prokes_violations", "kabkota", {"n": 5, "days": 10}, 0),
    ("nphd-terlambat", "Tahap pencairan NPHD lewat jatuh tempo", "nphd_overdue", "kabkota", {}, 0),
    ("sk-forum-kedaluwarsa", "SK forum (FKDM/TKDPD) kedaluwarsa", "forum_expired", "kabkota", {"kinds": ["fkdm", "tkdpd"]}, 0),
]


def add(apps, schema_editor):
    Grade = apps.get_model("alerts", "Grade")
    AlertRule = apps.get_model("alerts", "AlertRule")
    for kind, grades in (("sumber", SOURCE_GRADES), ("informasi", INFORMATION_GRADES)):
        for order, (code, name) in enumerate(grades, start=1):
            Grade.objects.update_or_create(kind=kind, code=code, defaults={"name": name, "order": order})
    for code, name, method, level, parameters, min_count in RULES:
        AlertRule.objects.update_or_create(
            code=code,
            defaults={"name": name, "method": method, "level": level, "parameters": parameters, "min_count": min_count},
        )


def remove(apps, schema_editor):
    apps.get_model("alerts", "AlertRule").objects.filter(code__in=[r[0] for r in RULES]).delete()
    apps.get_model("alerts", "Grade").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
