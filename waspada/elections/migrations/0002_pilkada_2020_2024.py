"""Shipped configurations: Pilkada serentak 2020 and 2024 with their stage calendars.

Contests are not created here: the region table is loaded by a command (``load_regions``), so
contests come from ``waspada.elections.loading.load_elections`` (``manage.py load_elections``),
run after it. Stage dates: DOMAIN.md §6 (PKPU 5/2020; PKPU 2/2024). Data, not logic: every
date is editable and ``election_move_voting_date`` moves them together.
"""

from datetime import date

from django.db import migrations

PILKADA_2020_BASIS = (
    "UU 1/2015 jo UU 8/2015 jo UU 10/2016; Perppu 2/2020 (ditetapkan menjadi UU 6/2020) menunda "
    "pemungutan suara dari 23 September 2020 ke 9 Desember 2020; PKPU 5/2020 (perubahan ketiga PKPU "
    "15/2019) tentang tahapan, program dan jadwal; PKPU 6/2020, 10/2020 dan 13/2020 tentang protokol "
    "kesehatan; Permendagri 54/2019 tentang hibah daerah (NPHD). Daftar 270 daerah: Ditjen Otonomi "
    "Daerah Kemendagri, 13 Juni 2019."
)
PILKADA_2024_BASIS = (
    "UU 10/2016 (Pasal 201 ayat 8: pemungutan suara serentak nasional November 2024); PKPU 2/2024 "
    "tentang tahapan dan jadwal; Permendagri 54/2019 tentang hibah daerah (NPHD). Tidak ikut: "
    "DI Yogyakarta (UU 13/2012), Kepulauan Seribu dan lima kota administrasi DKI Jakarta (UU 29/2007)."
)

# (code, name, start, end, is_campaign)
STAGES_2020 = [
    (
        "penyelenggaraan",
        "Tahapan lanjutan setelah penundaan (PKPU 5/2020)",
        date(2020, 6, 15),
        date(2021, 2, 26),
        False,
    ),
    (
        "verifikasi-faktual-perseorangan",
        "Verifikasi faktual dukungan calon perseorangan",
        date(2020, 6, 24),
        date(2020, 7, 12),
        False,
    ),
    ("coklit", "Pencocokan dan penelitian (coklit) data pemilih", date(2020, 7, 15), date(2020, 8, 13), False),
    ("pengumuman-pendaftaran", "Pengumuman pendaftaran pasangan calon", date(2020, 8, 28), date(2020, 9, 3), False),
    ("pendaftaran", "Pendaftaran pasangan calon", date(2020, 9, 4), date(2020, 9, 6), False),
    ("penelitian-persyaratan", "Penelitian persyaratan calon", date(2020, 9, 4), date(2020, 9, 22), False),
    ("penetapan-paslon", "Penetapan pasangan calon", date(2020, 9, 23), date(2020, 9, 23), False),
    ("undian-nomor-urut", "Pengundian nomor urut", date(2020, 9, 24), date(2020, 9, 24), False),
    ("sengketa-pencalonan", "Sengketa pencalonan", date(2020, 9, 23), date(2020, 11, 9), False),
    ("kampanye", "Kampanye", date(2020, 9, 26), date(2020, 12, 5), True),
    ("iklan-media-massa", "Kampanye melalui media massa", date(2020, 11, 22), date(2020, 12, 5), False),
    ("masa-tenang", "Masa tenang dan pembersihan alat peraga", date(2020, 12, 6), date(2020, 12, 8), False),
    ("pemungutan-suara", "Pemungutan suara", date(2020, 12, 9), date(2020, 12, 9), False),
    ("rekapitulasi", "Penghitungan suara dan rekapitulasi", date(2020, 12, 9), date(2020, 12, 26), False),
    (
        "perselisihan-hasil",
        "Perselisihan hasil di Mahkamah Konstitusi (perkiraan)",
        date(2020, 12, 27),
        date(2021, 2, 25),
        False,
    ),
    ("pelantikan", "Pelantikan tahap pertama", date(2021, 2, 26), date(2021, 2, 26), False),
]

STAGES_2024 = [
    ("penyelenggaraan", "Tahapan penyelenggaraan (PKPU 2/2024)", date(2024, 5, 5), date(2024, 12, 16), False),
    (
        "pengumuman-dukungan-perseorangan",
        "Pengumuman persyaratan dukungan calon perseorangan",
        date(2024, 5, 5),
        date(2024, 8, 19),
        False,
    ),
    (
        "pemutakhiran-data-pemilih",
        "Pemutakhiran dan penyusunan daftar pemilih",
        date(2024, 5, 31),
        date(2024, 9, 23),
        False,
    ),
    ("pengumuman-pendaftaran", "Pengumuman pendaftaran pasangan calon", date(2024, 8, 24), date(2024, 8, 26), False),
    ("pendaftaran", "Pendaftaran pasangan calon", date(2024, 8, 27), date(2024, 8, 29), False),
    ("penelitian-persyaratan", "Penelitian persyaratan calon", date(2024, 8, 27), date(2024, 9, 21), False),
    ("penetapan-paslon", "Penetapan pasangan calon", date(2024, 9, 22), date(2024, 9, 22), False),
    ("undian-nomor-urut", "Pengundian dan penetapan nomor urut", date(2024, 9, 23), date(2024, 9, 23), False),
    ("kampanye", "Kampanye", date(2024, 9, 25), date(2024, 11, 23), True),
    ("masa-tenang", "Masa tenang", date(2024, 11, 24), date(2024, 11, 26), False),
    ("pemungutan-suara", "Pemungutan suara", date(2024, 11, 27), date(2024, 11, 27), False),
    ("rekapitulasi", "Penghitungan suara dan rekapitulasi", date(2024, 11, 27), date(2024, 12, 16), False),
]

ELECTIONS = [
    ("pilkada-2020", "Pilkada Serentak 2020", date(2020, 12, 9), PILKADA_2020_BASIS, STAGES_2020),
    ("pilkada-2024", "Pilkada Serentak 2024", date(2024, 11, 27), PILKADA_2024_BASIS, STAGES_2024),
]


def add(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    ElectionStage = apps.get_model("elections", "ElectionStage")
    for code, name, voting, basis, stages in ELECTIONS:
        election, _ = Election.objects.get_or_create(
            code=code, defaults={"name": name, "kind": "pilkada", "voting_date": voting, "legal_basis": basis}
        )
        for order, (stage_code, stage_name, start, end, campaign) in enumerate(stages, start=1):
            ElectionStage.objects.get_or_create(
                election=election,
                code=stage_code,
                defaults={
                    "name": stage_name,
                    "starts_on": start,
                    "ends_on": end,
                    "order": order,
                    "is_campaign": campaign,
                },
            )


def remove(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    ElectionStage = apps.get_model("elections", "ElectionStage")
    Contest = apps.get_model("elections", "Contest")
    codes = [e[0] for e in ELECTIONS]
    # Contests hold recorded data (paslon, violations); leave elections that have any.
    keep = set(Contest.objects.filter(election__code__in=codes).values_list("election__code", flat=True))
    ElectionStage.objects.filter(election__code__in=[c for c in codes if c not in keep]).delete()
    Election.objects.filter(code__in=[c for c in codes if c not in keep]).delete()


class Migration(migrations.Migration):
    dependencies = [("elections", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
