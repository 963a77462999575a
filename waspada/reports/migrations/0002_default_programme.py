"""The situation levels, the default weekly report template (version 1) and the reporting
programme "Laporan Situasi Mingguan" — shipped as data, edited later through the admin."""

from django.db import migrations

LEVELS = [
    ("kondusif", "Kondusif", 0, "#2e7d32", "Situasi aman dan terkendali."),
    ("waspada", "Waspada", 1, "#f9a825", "Ada gejala gangguan yang perlu dipantau."),
    ("siaga", "Siaga", 2, "#ef6c00", "Gangguan mulai terjadi; perlu langkah penanganan."),
    ("awas", "Awas", 3, "#c62828", "Gangguan serius; perlu penanganan segera dan terpadu."),
]


def integer(code, label, required=False, help=""):
    return {"code": code, "label": label, "type": "integer", "required": required, "min": 0, "max": None, "help": help}


def yes_no(code, label, help=""):
    return {"code": code, "label": label, "type": "boolean", "required": False, "help": help}


def choice(code, label, choices, help=""):
    return {"code": code, "label": label, "type": "choice", "required": False, "choices": choices, "help": help}


def section(code, title, guidance, indicators, has_level=True, narrative_required=True):
    return {
        "code": code,
        "title": title,
        "guidance": guidance,
        "has_level": has_level,
        "narrative_required": narrative_required,
        "indicators": indicators,
    }


DEFINITION_V1 = {
    "sections": [
        section(
            "ideologi",
            "Ideologi",
            "Perkembangan paham/kegiatan yang bertentangan dengan Pancasila, intoleransi, radikalisme.",
            [integer("kegiatan_intoleran", "Kegiatan intoleran/radikal yang terpantau")],
        ),
        section(
            "politik",
            "Politik",
            "Dinamika politik lokal, unjuk rasa, kegiatan ormas dan partai politik.",
            [integer("unjuk_rasa", "Unjuk rasa"), integer("kegiatan_ormas", "Kegiatan ormas yang menonjol")],
        ),
        section(
            "ekonomi",
            "Ekonomi",
            "Harga dan ketersediaan bahan pokok, PHK, sengketa usaha yang berdampak sosial.",
            [
                choice("harga_bahan_pokok", "Harga bahan pokok", ["stabil", "naik", "turun"]),
                integer("phk", "Pekerja terkena PHK (orang)"),
            ],
        ),
        section(
            "sosial_budaya",
            "Sosial Budaya",
            "Isu SARA, hubungan antarumat beragama dan antaretnis, kenakalan remaja, bencana sosial.",
            [yes_no("isu_sara", "Ada isu SARA yang beredar"), integer("bentrok_warga", "Perkelahian/bentrok antarwarga")],
        ),
        section(
            "pertahanan_keamanan",
            "Pertahanan dan Keamanan",
            "Gangguan kamtibmas, kejahatan menonjol, bencana alam, wilayah perbatasan.",
            [integer("gangguan_kamtibmas", "Gangguan kamtibmas menonjol"), yes_no("bencana_alam", "Terjadi bencana alam")],
        ),
        section(
            "pilkada_prokes",
            "Pilkada dan Protokol Kesehatan",
            "Tahapan Pilkada yang berjalan, pelanggaran protokol kesehatan, pengerahan massa.",
            [
                {"code": "tahapan", "label": "Tahapan yang berjalan", "type": "text", "required": False, "help": ""},
                integer("pelanggaran_prokes", "Pelanggaran protokol kesehatan"),
                integer("pengerahan_massa", "Kegiatan dengan pengerahan massa"),
            ],
        ),
        section(
            "covid19",
            "Covid-19",
            "Situasi Covid-19: kasus baru, zona risiko, kepatuhan protokol kesehatan.",
            [
                integer("kasus_baru", "Kasus baru minggu ini"),
                choice("zona_risiko", "Zona risiko", ["hijau", "kuning", "oranye", "merah"]),
                {
                    "code": "kepatuhan_prokes",
                    "label": "Kepatuhan protokol kesehatan (%)",
                    "type": "decimal",
                    "required": False,
                    "min": 0,
                    "max": 100,
                    "help": "",
                },
            ],
        ),
        section(
            "konflik_sosial",
            "Konflik Sosial",
            "Peristiwa konflik sosial yang terjadi secara faktual, korban dan penanganannya.",
            [
                integer("peristiwa_konflik", "Peristiwa konflik sosial", required=True),
                integer("korban_meninggal", "Korban meninggal"),
                integer("korban_luka", "Korban luka"),
            ],
        ),
        section(
            "orang_asing_tka",
            "Orang Asing dan TKA",
            "Keberadaan dan kegiatan orang asing, tenaga kerja asing dan lembaga asing.",
            [
                integer("orang_asing_terpantau", "Orang asing yang terpantau"),
                yes_no("kegiatan_mencurigakan", "Ada kegiatan orang asing yang mencurigakan"),
            ],
        ),
        section(
            "rekomendasi",
            "Rekomendasi / Tindak Lanjut",
            "Langkah yang telah diambil dan rekomendasi kepada pimpinan.",
            [],
            has_level=False,
        ),
    ]
}


def forwards(apps, schema_editor):
    SituationLevel = apps.get_model("reports", "SituationLevel")
    ReportTemplate = apps.get_model("reports", "ReportTemplate")
    ReportingProgramme = apps.get_model("reports", "ReportingProgramme")
    for code, name, rank, colour, description in LEVELS:
        SituationLevel.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "colour": colour, "description": description}
        )
    template, _ = ReportTemplate.objects.get_or_create(
        code="lapsit-mingguan",
        version=1,
        defaults={
            "name": "Laporan Situasi Mingguan",
            "definition": DEFINITION_V1,
            "notes": "Versi awal menurut Surat Edaran Mendagri 2020 (Asta Gatra dan bagian yang diminta).",
        },
    )
    ReportingProgramme.objects.get_or_create(
        code="lapsit-mingguan",
        defaults={
            "name": "Laporan Situasi Mingguan Kesbangpol",
            "period_type": "weekly",
            "levels": ["provinsi", "kabupaten", "kota"],
            "deadline_offset_hours": 12,
            "edit_lock_days": 7,
            "reminder_hours_before": 24,
            "template": template,
        },
    )


def backwards(apps, schema_editor):
    apps.get_model("reports", "ReportingProgramme").objects.filter(code="lapsit-mingguan").delete()
    apps.get_model("reports", "ReportTemplate").objects.filter(code="lapsit-mingguan", version=1).delete()
    apps.get_model("reports", "SituationLevel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
