"""The code lists of DOMAIN.md §4 as editable data: Kemendagri issue categories, the UU 7/2012
sources of conflict, SNPK types, ACLED event types and actor types."""

from django.db import migrations

CODES = {
    "kategori": [
        ("bentrok-antarwarga", "Bentrok antarwarga"),
        ("isu-keamanan", "Isu keamanan"),
        ("isu-sara", "Isu SARA"),
        ("kesenjangan-sosial", "Kesenjangan sosial"),
        ("konflik-institusi-pendidikan", "Konflik institusi pendidikan"),
        ("konflik-ormas", "Konflik ormas"),
        ("sengketa-lahan", "Sengketa lahan"),
        ("ekses-politik", "Ekses politik (termasuk pemilihan)"),
    ],
    "sumber_konflik": [
        ("polekbud", "Permasalahan politik, ekonomi dan sosial budaya"),
        ("sara", "Perseteruan antarumat beragama, antarsuku dan antaretnis"),
        ("batas-wilayah", "Sengketa batas wilayah desa, kabupaten/kota atau provinsi"),
        ("sumber-daya-alam", "Sengketa sumber daya alam antarmasyarakat atau masyarakat dengan pelaku usaha"),
        ("distribusi-sda", "Distribusi sumber daya alam yang tidak seimbang"),
    ],
    "snpk": [
        ("sumber-daya", "Konflik sumber daya"),
        ("tata-kelola", "Tata kelola pemerintahan"),
        ("pemilihan-jabatan", "Pemilihan dan jabatan"),
        ("identitas", "Identitas"),
        ("main-hakim-sendiri", "Main hakim sendiri"),
        ("separatisme", "Separatisme"),
        ("penegakan-hukum", "Kekerasan dalam penegakan hukum"),
        ("kriminalitas", "Kriminalitas"),
        ("kdrt", "Kekerasan dalam rumah tangga"),
    ],
    "acled": [
        ("battles", "Pertempuran (Battles)"),
        ("violence-against-civilians", "Kekerasan terhadap warga sipil (Violence against civilians)"),
        ("explosions", "Ledakan/kekerasan jarak jauh (Explosions/Remote violence)"),
        ("riots", "Kerusuhan (Riots)"),
        ("protests", "Unjuk rasa (Protests)"),
        ("strategic-developments", "Perkembangan strategis (Strategic developments)"),
    ],
    "aktor": [
        ("warga", "Warga"),
        ("ormas", "Ormas"),
        ("aparat", "Aparat"),
        ("perusahaan", "Perusahaan"),
        ("mahasiswa", "Mahasiswa"),
        ("pendukung-paslon", "Pendukung paslon"),
        ("kelompok-adat", "Kelompok adat"),
        ("kelompok-agama", "Kelompok agama"),
        ("kelompok-bersenjata", "Kelompok bersenjata"),
        ("lainnya", "Lainnya"),
    ],
}


def add_codes(apps, schema_editor):
    IncidentCode = apps.get_model("incidents", "IncidentCode")
    for kind, entries in CODES.items():
        for order, (code, name) in enumerate(entries, start=1):
            IncidentCode.objects.update_or_create(kind=kind, code=code, defaults={"name": name, "order": order})


def remove_codes(apps, schema_editor):
    IncidentCode = apps.get_model("incidents", "IncidentCode")
    for kind, entries in CODES.items():
        IncidentCode.objects.filter(kind=kind, code__in=[c for c, _ in entries]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(add_codes, remove_codes)]
