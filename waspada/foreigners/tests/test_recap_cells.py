"""The foreigners recap cells (``recap_cells``): after every kind of write — create, edit (move to
another province, change of nationality or purpose), marking absent, permits added, extended and
deleted, soft delete, import, synthetic and demo data — the stored cells equal a fresh count of the person
table, and the recap read from the cells equals the recap scanned from the person table for a
national, a provincial and a kabupaten/kota user; ``rebuild`` gives the same cells."""

from __future__ import annotations

import contextlib
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import Workbook

from waspada.accounts.demo import ensure_personas
from waspada.accounts.models import User
from waspada.core.models import AuditEvent
from waspada.foreigners import demo, imports, recap_cells, selectors, services, synthetic
from waspada.foreigners.models import ForeignerRecapCell, ForeignNational, Permit, Purpose
from waspada.foreigners.selectors import ForeignerFilter
from waspada.foreigners.tests import factories as f
from waspada.regions.models import Region

# Kota Bandung, Kabupaten Bandung, Jawa Barat itself (no kabupaten/kota), Denpasar (Bali), Kota
# Yogyakarta (DI Yogyakarta): three provinces; a kecamatan of Kota Bandung is added in setUp.
PLACES = ("32.73", "32.04", "32", "51.71", "34.71")
NATIONALITIES = ("USA", "AUS", "GBR")
USERS = ("analis.nasional", "pimpinan", "verifikator.jabar", "operator.kotabandung")


def scanned(user: Any, filters: ForeignerFilter, today: date) -> selectors.Recap:
    """The recap with the cells switched off: the person table answers."""
    original = selectors._recap_cells_for
    selectors._recap_cells_for = lambda *a, **k: None
    try:
        return selectors.recap_for_user(user, filters, today)
    finally:
        selectors._recap_cells_for = original


def person_input(person: ForeignNational, **changes: Any) -> services.ForeignerInput:
    data = services.ForeignerInput(
        name=person.name,
        nationality=person.nationality,
        sex=person.sex,
        passport_number=person.passport_number,
        purpose=person.purpose,
        region=person.region,
        birth_date=person.birth_date,
        sponsor=person.sponsor,
        address=person.address,
        is_present=person.is_present,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


facts = st.fixed_dictionaries(
    {
        "place": st.integers(0, len(PLACES)),  # the last one: the kecamatan
        "nationality": st.sampled_from(NATIONALITIES),
        "purpose": st.sampled_from((Purpose.WORK, Purpose.TOURISM, Purpose.RESEARCH)),
        "present": st.booleans(),
    }
)
# Permit ends around today's status boundaries (expired, ending within 30 days, valid).
permit_days = st.sampled_from((-40, -1, 0, 30, 31, 200))
operations = st.lists(
    st.one_of(
        st.tuples(st.just("create"), facts),
        st.tuples(st.just("edit"), st.integers(0, 9), facts),
        st.tuples(st.just("absent"), st.integers(0, 9)),
        st.tuples(st.just("permit"), st.integers(0, 9), permit_days),
        st.tuples(st.just("extend"), st.integers(0, 9), permit_days),
        st.tuples(st.just("drop_permit"), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.integers(0, 9)),
    ),
    min_size=1,
    max_size=10,
)


class RecapCellsPropertyTest(TestCase):
    admin: User
    users: list[User]
    places: list[Region]

    @classmethod
    def setUpTestData(cls) -> None:
        personas = {u.username: u for u in ensure_personas()}
        cls.admin = personas["admin"]
        cls.users = [personas[name] for name in USERS]
        kecamatan = Region.objects.filter(parent__code="32.73").order_by("code").first()
        assert kecamatan is not None
        cls.places = [*(Region.objects.get(code=code) for code in PLACES), kecamatan]

    def _input(self, fact: dict[str, Any], number: int) -> services.ForeignerInput:
        return services.ForeignerInput(
            name=f"Orang Uji {number}",
            nationality=fact["nationality"],
            sex="L",
            passport_number=f"P{number:07d}",
            purpose=fact["purpose"],
            region=self.places[fact["place"]],
            is_present=fact["present"],
        )

    def _apply(self, op: tuple[Any, ...], made: list[int], today: date) -> None:
        if op[0] == "create":
            made.append(services.foreigner_create(actor=self.admin, data=self._input(op[1], len(made) + 1)).pk)
            return
        alive = [pk for pk in made if ForeignNational.objects.filter(pk=pk, deleted_at__isnull=True).exists()]
        if not alive:
            return
        person = ForeignNational.objects.get(pk=alive[op[1] % len(alive)])
        if op[0] == "edit":
            fact = op[2]
            data = person_input(
                person,
                nationality=fact["nationality"],
                purpose=fact["purpose"],
                region=self.places[fact["place"]],
                is_present=fact["present"],
            )
            services.foreigner_update(actor=self.admin, foreigner=person, data=data, expected_version=person.version)
        elif op[0] == "absent":
            data = person_input(person, is_present=False)
            services.foreigner_update(actor=self.admin, foreigner=person, data=data, expected_version=person.version)
        elif op[0] == "permit":
            until = today + timedelta(days=op[2])
            f.permit(self.admin, person, until - timedelta(days=300), until)
        elif op[0] == "extend":
            permit = person.permits.filter(deleted_at__isnull=True).first()
            if permit is None:
                return
            until = today + timedelta(days=op[2])
            services.permit_update(
                actor=self.admin,
                permit=permit,
                data=services.PermitInput(
                    kind=permit.kind, number=permit.number, valid_from=until - timedelta(days=300), valid_until=until
                ),
                expected_version=permit.version,
            )
        elif op[0] == "drop_permit":
            permit = person.permits.filter(deleted_at__isnull=True).first()
            if permit is not None:
                services.permit_delete(actor=self.admin, permit=permit, reason="Salah catat", expected_version=None)
        else:
            services.foreigner_delete(actor=self.admin, foreigner=person, reason="Data ganda", expected_version=None)

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(ops=operations)
    def test_the_cells_equal_a_fresh_count_and_the_recap_from_them_equals_the_scan(
        self, ops: list[tuple[Any, ...]]
    ) -> None:
        today = timezone.localdate()
        made: list[int] = []
        for op in ops:
            with contextlib.suppress(services.ForeignerRefused):
                self._apply(op, made, today)
        incremental = recap_cells.stored()
        self.assertEqual(incremental, recap_cells.fresh())
        jabar, bali = Region.objects.get(code="32"), Region.objects.get(code="51")
        for user in self.users:
            for filters in (ForeignerFilter(), ForeignerFilter(region=jabar), ForeignerFilter(region=bali)):
                self.assertEqual(selectors.recap_for_user(user, filters, today), scanned(user, filters, today))
        # The national and provincial users read the cells; the kabupaten/kota operator the person table.
        self.assertIsNotNone(selectors._recap_cells_for(self.users[0], ForeignerFilter()))
        self.assertIsNotNone(selectors._recap_cells_for(self.users[2], ForeignerFilter(region=jabar)))
        self.assertIsNone(selectors._recap_cells_for(self.users[3], ForeignerFilter()))
        recap_cells.rebuild()
        self.assertEqual(recap_cells.stored(), incremental)


pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def _both_paths_agree(personas: dict[str, User], today: date) -> None:
    assert recap_cells.stored() == recap_cells.fresh()
    for name in USERS:
        for filters in (ForeignerFilter(), ForeignerFilter(region=Region.objects.get(code="32"))):
            user = personas[name]
            assert selectors.recap_for_user(user, filters, today) == scanned(user, filters, today)


def test_a_province_verifikators_recap_from_the_cells_counts_only_its_province(personas):
    actor = personas["admin"]
    f.foreigner(actor, "32.73", passport_number="E00000041")
    f.foreigner(actor, "32.04", passport_number="E00000042", is_present=False)
    f.foreigner(actor, "51.71", passport_number="E00000043")
    verifikator = personas["verifikator.jabar"]
    assert selectors._recap_cells_for(verifikator, ForeignerFilter()) is not None
    today = timezone.localdate()
    recap = selectors.recap_for_user(verifikator, ForeignerFilter(), today)
    assert (recap.total, recap.present) == (2, 1)
    assert {code for code, _name, _n in recap.by_kabkota} == {"32.73", "32.04"}
    assert selectors.recap_for_user(personas["analis.nasional"], ForeignerFilter(), today).total == 3
    # Another province through the filter: nothing (the page answers 404 before that).
    bali = ForeignerFilter(region=Region.objects.get(code="51"))
    assert selectors.recap_for_user(verifikator, bali, today).total == 0


def test_moving_a_person_to_another_province_moves_the_count(personas):
    actor = personas["admin"]
    person = f.foreigner(actor, "32.73", passport_number="E00000051")
    services.foreigner_update(
        actor=actor,
        foreigner=person,
        data=person_input(person, region=Region.objects.get(code="51.71")),
        expected_version=person.version,
    )
    today = timezone.localdate()
    assert selectors.recap_for_user(personas["verifikator.jabar"], ForeignerFilter(), today).total == 0
    national = selectors.recap_for_user(personas["analis.nasional"], ForeignerFilter(), today)
    assert national.by_kabkota == [("51.71", "Kota Denpasar", 1)]
    assert not ForeignerRecapCell.objects.filter(province__code="32").exists()
    _both_paths_agree(personas, today)


def test_a_permit_written_from_a_page_opened_before_the_person_moved_counts_in_the_new_province(personas):
    """The permit form was opened while the person was in Kota Bandung; another clerk moved them to
    Kota Denpasar before it was saved: the permit end is counted in Denpasar's cells."""
    actor = personas["admin"]
    person = f.foreigner(actor, "32.73", passport_number="E00000052")
    opened_before = ForeignNational.objects.get(pk=person.pk)
    services.foreigner_update(
        actor=actor,
        foreigner=person,
        data=person_input(person, region=Region.objects.get(code="51.71")),
        expected_version=person.version,
    )
    until = timezone.localdate() + timedelta(days=400)
    permit = services.permit_create(
        actor=actor,
        foreigner=opened_before,
        data=services.PermitInput(
            kind=Permit.Kind.KITAS, number="K-52", valid_from=timezone.localdate(), valid_until=until
        ),
    )
    assert recap_cells.stored() == recap_cells.fresh()
    assert ForeignerRecapCell.objects.get(dimension="izin", province__code="51", permit_until=until).people == 1
    permit.foreigner = opened_before
    services.permit_delete(actor=actor, permit=permit, reason="salah catat", expected_version=permit.version)
    assert recap_cells.stored() == recap_cells.fresh()
    assert ForeignNational.objects.get(pk=person.pk).permit_until is None


def test_the_recap_from_the_cells_does_not_read_the_person_table(personas):
    actor = personas["admin"]
    person = f.foreigner(actor, "32.73", passport_number="E00000061")
    f.permit(actor, person, TODAY - timedelta(days=10), TODAY + timedelta(days=10))
    with CaptureQueriesContext(connection) as queries:
        recap = selectors.recap_for_user(personas["analis.nasional"], ForeignerFilter(), TODAY)
    assert recap.total == 1
    assert dict((k, n) for k, _label, n in recap.by_permit_status)["segera_berakhir"] == 1
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "foreigners_foreignnational" not in sql
    assert "foreigners_foreignerrecapcell" in sql


def test_a_kabupaten_operator_or_any_other_filter_reads_the_person_table(personas):
    national = personas["analis.nasional"]
    assert selectors._recap_cells_for(personas["operator.kotabandung"], ForeignerFilter()) is None
    assert selectors._recap_cells_for(national, ForeignerFilter(nationality="USA")) is None
    assert selectors._recap_cells_for(national, ForeignerFilter(purpose=Purpose.WORK)) is None
    assert selectors._recap_cells_for(national, ForeignerFilter(present_only=True)) is None
    assert selectors._recap_cells_for(national, ForeignerFilter(permit_status="berakhir")) is None
    assert selectors._recap_cells_for(national, ForeignerFilter(region=Region.objects.get(code="32.73"))) is None
    # FKDM members read no foreigners at all: no cells either.
    fkdm = personas["fkdm.kotabandung"]
    cells = selectors._recap_cells_for(fkdm, ForeignerFilter())
    assert cells is None or not cells.exists()


def test_the_import_recounts_every_province_it_touched(personas):
    f.foreigner(personas["admin"], "51.71", passport_number="E00000071")
    book = Workbook()
    sheet = book.active
    sheet.append(["nama", "kewarganegaraan", "jenis_kelamin", "nomor_paspor", "tujuan", "kode_wilayah", "jenis_izin",
                  "nomor_izin", "izin_mulai", "izin_sampai"])  # fmt: skip
    sheet.append(["Kim Min-jun", "KOR", "L", "M12345678", "kerja", "32.73", "KITAS", "K-1", "2026-01-01", "2027-01-01"])
    sheet.append(["John Smith", "USA", "L", "123456789", "wisata", "32.04", "", "", "", ""])
    sheet.append(["Jane Smith", "USA", "P", "123456780", "wisata", "51.71", "", "", "", ""])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = imports.import_foreigners(out, actor=personas["analis.nasional"])
    assert result.ok, result.errors
    today = timezone.localdate()
    assert selectors.recap_for_user(personas["verifikator.jabar"], ForeignerFilter(), today).total == 2
    assert selectors.recap_for_user(personas["analis.nasional"], ForeignerFilter(), today).total == 4
    _both_paths_agree(personas, today)


def test_synthetic_and_demo_data_leave_the_cells_equal_to_a_fresh_count(personas):
    synthetic.generate(300, seed=5, today=TODAY)
    assert recap_cells.stored() == recap_cells.fresh()
    demo.demo_seed(TODAY)
    assert ForeignerRecapCell.objects.filter(dimension="izin").count() > 50
    _both_paths_agree(personas, TODAY)


def test_rebuild_mends_stale_cells_and_writes_an_audit_event(personas):
    actor = personas["admin"]
    person = f.foreigner(actor, "32.73", passport_number="E00000081")
    f.permit(actor, person, TODAY - timedelta(days=10), TODAY + timedelta(days=100))
    f.foreigner(actor, "51.71", passport_number="E00000082")
    incremental = recap_cells.stored()
    # Written outside the services: the cells no longer match until the rebuild.
    ForeignNational.objects.filter(pk=person.pk).update(is_present=False)
    ForeignerRecapCell.objects.filter(dimension="izin").delete()
    assert recap_cells.stored() != recap_cells.fresh()
    out = io.StringIO()
    call_command("rebuild_foreigner_recap", stdout=out)
    assert "sel ditulis" in out.getvalue()
    assert recap_cells.stored() == recap_cells.fresh() != incremental
    assert AuditEvent.objects.filter(action="foreigners.recap_rebuilt").exists()
    assert Permit.objects.count() == 1


def test_the_check_passes_on_kept_cells_and_fails_on_stale_ones_without_writing(personas):
    actor = personas["admin"]
    f.foreigner(actor, "32.73", passport_number="E00000061")
    out = io.StringIO()
    call_command("rebuild_foreigner_recap", "--check", stdout=out)
    assert "sesuai" in out.getvalue()
    ForeignerRecapCell.objects.filter(dimension="kabkota").update(people=7)
    before = recap_cells.stored()
    with pytest.raises(CommandError, match="berbeda dari hitungan baru pada 1 sel"):
        call_command("rebuild_foreigner_recap", "--check", stdout=io.StringIO())
    assert recap_cells.stored() == before
    assert not AuditEvent.objects.filter(action="foreigners.recap_rebuilt").exists()


def test_the_migration_fills_the_cells_of_the_people_already_stored(personas):
    from importlib import import_module

    from django.apps import apps

    actor = personas["admin"]
    person = f.foreigner(actor, "32.73", passport_number="E00000091")
    f.permit(actor, person, TODAY - timedelta(days=10), TODAY + timedelta(days=100))
    f.foreigner(actor, "51.71", passport_number="E00000092", is_present=False)
    gone = f.foreigner(actor, "32.04", passport_number="E00000093")
    services.foreigner_delete(actor=actor, foreigner=gone, reason="Data ganda", expected_version=None)
    expected = recap_cells.fresh()
    ForeignerRecapCell.objects.all().delete()
    import_module("waspada.foreigners.migrations.0003_recap_cells").fill_recap_cells(apps, None)
    assert recap_cells.stored() == expected


def test_a_refresh_rewrites_only_the_cells_whose_count_changed_and_mends_wrong_ones(personas):
    actor = personas["admin"]
    for n in range(1, 4):
        f.foreigner(actor, "32.73", passport_number=f"E{n:08d}", purpose=Purpose.WORK)
    jabar = Region.objects.get(code="32")
    assert recap_cells.refresh_provinces([jabar.pk]) == 0  # nothing changed: nothing written
    untouched = set(ForeignerRecapCell.objects.filter(dimension="izin").values_list("pk", flat=True))
    f.foreigner(actor, "32.73", passport_number="E00000009", purpose=Purpose.RESEARCH)
    # The new person's purpose cell is new, their kabupaten/kota and permit cells changed count.
    assert set(ForeignerRecapCell.objects.filter(dimension="izin").values_list("pk", flat=True)) != untouched
    cell = ForeignerRecapCell.objects.filter(dimension="kewarganegaraan", purpose=Purpose.WORK).get()
    assert cell.people == 3
    ForeignerRecapCell.objects.filter(pk=cell.pk).update(people=7)
    ForeignerRecapCell.objects.create(
        province=jabar, dimension="kewarganegaraan", nationality="CHN", purpose="kerja", people=3
    )
    recap_cells.refresh_provinces([jabar.pk])  # the cell with the wrong count goes, the right one stays
    assert recap_cells.stored() == recap_cells.fresh()
    assert ForeignerRecapCell.objects.filter(dimension="kewarganegaraan", purpose=Purpose.WORK).get().people == 3


@pytest.mark.django_db(transaction=True)
def test_two_writers_in_one_province_at_once_leave_the_right_counts_on_postgresql(monkeypatch) -> None:
    """Both people are inserted before either transaction recounts: without the province lock both
    would replace the same cell with their own count (each blind to the other's person)."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: nothing interleaves")
    from waspada.regions.services import regions_load

    regions_load()
    actor = {u.username: u for u in ensure_personas()}["admin"]
    f.foreigner(actor, "32.73", passport_number="E00000100")
    barrier = threading.Barrier(2, timeout=30)
    refresh = recap_cells.refresh_provinces

    def after_both_inserted(province_ids: Any) -> int:
        barrier.wait()
        return refresh(province_ids)

    monkeypatch.setattr(recap_cells, "refresh_provinces", after_both_inserted)
    failures: list[BaseException] = []

    def write(number: int) -> None:
        try:
            f.foreigner(actor, "32.73", passport_number=f"E{number:08d}")
        except BaseException as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in (101, 102)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    assert recap_cells.stored() == recap_cells.fresh()
    cells = ForeignerRecapCell.objects.filter(dimension="kabkota")
    assert list(cells.values_list("people", flat=True)) == [3]
