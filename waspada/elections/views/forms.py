"""Forms of the Pilkada pages. They turn what the user typed into the services' input
(``ViolationInput``); every rule (date inside a stage, paslon of that contest, location inside
the contest's region, …) is checked again by ``services.violation_errors`` and put back here."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.core.timezones import tzinfo_for
from waspada.elections import services
from waspada.elections.models import CandidatePair, Contest, ElectionStage, HealthEvent, ProkesViolation
from waspada.regions.models import Region

EMPTY_LABEL = _("— pilih —")
NONE_LABEL = _("— tidak ada —")
TYPE_FIELDS = ProkesViolation.VIOLATION_FIELDS


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


def location_choices(contest: Contest) -> list[Region]:
    """Where a violation of this contest can be: the kabupaten/kota of a pilgub's province, or
    the kabupaten/kota itself and its kecamatan."""
    region = contest.region
    if region.level == Region.Level.PROVINSI:
        return list(Region.objects.filter(parent=region, level__in=Region.KABKOTA_LEVELS).order_by("code"))
    return [region, *Region.objects.filter(parent=region, level=Region.Level.KECAMATAN).order_by("code")]


class ViolationForm(forms.Form):
    """Pelanggaran prokes of one contest (the contest is chosen before the form)."""

    pair = forms.CharField(label=_("Paslon"), required=False)
    occurred_at = forms.DateTimeField(
        label=_("Waktu kejadian"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={
            "invalid": _("Tulis waktu yang sah (tanggal dan jam)."),
            "required": _("Waktu kejadian wajib diisi."),
        },
    )
    region = forms.CharField(label=_("Lokasi (kabupaten/kota atau kecamatan)"))
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    latitude = forms.DecimalField(label=_("Lintang"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Bujur"), max_digits=9, decimal_places=6, required=False)
    stage = forms.CharField(label=_("Tahapan (kosong = menurut tanggal)"), required=False)
    activity = forms.ChoiceField(label=_("Kegiatan"), choices=[("", EMPTY_LABEL), *ProkesViolation.Activity.choices])
    participants = forms.IntegerField(
        label=_("Perkiraan peserta"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        error_messages={
            "min_value": _("Perkiraan peserta tidak boleh negatif."),
            "invalid": _("Tulis bilangan bulat."),
        },
    )
    over_capacity = forms.BooleanField(label=_("Peserta lebih dari 50 orang"), required=False)
    no_masks = forms.BooleanField(label=_("Tidak memakai masker"), required=False)
    no_distancing = forms.BooleanField(label=_("Tidak menjaga jarak"), required=False)
    banned_activity = forms.BooleanField(label=_("Kegiatan yang dilarang"), required=False)
    no_handwashing = forms.BooleanField(label=_("Tidak tersedia sarana cuci tangan"), required=False)
    high_temperature = forms.BooleanField(label=_("Suhu tubuh di atas 37,3 °C"), required=False)
    other_violation = forms.CharField(label=_("Pelanggaran lain"), max_length=200, required=False)
    sanction = forms.ChoiceField(label=_("Sanksi"), choices=ProkesViolation.Sanction.choices, required=False)
    source = forms.ChoiceField(label=_("Sumber"), choices=[("", EMPTY_LABEL), *ProkesViolation.Source.choices])
    source_url = forms.URLField(label=_("Tautan sumber"), max_length=500, required=False, assume_scheme="https")
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, contest: Contest, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.user = user
        self.zone = contest.region.timezone
        self.pairs = list(CandidatePair.objects.filter(contest=contest).order_by("ballot_number", "head_name"))
        self.locations = location_choices(contest)
        self.stages = list(ElectionStage.objects.filter(election_id=contest.election_id).order_by("order", "starts_on"))
        self.fields["occurred_at"].label = _("Waktu kejadian (%(zone)s)") % {"zone": self.zone}
        self.fields["pair"].widget = forms.Select(
            choices=[("", _("— bukan paslon (pendukung, penyelenggara, lainnya) —"))]
            + [(str(p.public_id), str(p)) for p in self.pairs]
        )
        self.fields["region"].widget = forms.Select(choices=[(r.code, f"{r.code} {r.name}") for r in self.locations])
        self.fields["stage"].widget = forms.Select(
            choices=[("", _("— menurut tanggal kejadian —"))]
            + [(s.code, f"{s.name} ({s.starts_on:%d-%m-%Y} – {s.ends_on:%d-%m-%Y})") for s in self.stages]
        )
        style(self)

    def clean_occurred_at(self) -> datetime:
        value: datetime = self.cleaned_data["occurred_at"]
        # The form's time is the contest region's local time (its zone is shown on the label).
        return value.replace(tzinfo=None).replace(tzinfo=tzinfo_for(self.zone))

    def clean_pair(self) -> CandidatePair | None:
        raw = (self.cleaned_data.get("pair") or "").strip()
        if not raw:
            return None
        # Any paslon of the same election in the user's scope is resolved here: one of another
        # contest is refused by the service with its own message, like the API.
        pair = (
            CandidatePair.objects.visible_to(self.user)
            .filter(public_id__in=[raw] if _is_uuid(raw) else [])
            .select_related("contest")
            .first()
        )
        if pair is None:
            raise forms.ValidationError(_("Paslon tidak dikenal; pilih dari daftar."))
        return pair

    def clean_region(self) -> Region:
        code = (self.cleaned_data.get("region") or "").strip()
        region = Region.objects.filter(code=code).select_related("province", "kabkota").first()
        if region is None:
            raise forms.ValidationError(_("Lokasi tidak dikenal; pilih dari daftar."))
        return region

    def clean_stage(self) -> ElectionStage | None:
        code = (self.cleaned_data.get("stage") or "").strip()
        if not code:
            return None
        stage = next((s for s in self.stages if s.code == code), None)
        if stage is None:
            raise forms.ValidationError(_("Tahapan tidak dikenal; pilih dari daftar."))
        return stage

    def to_input(self) -> services.ViolationInput:
        d = self.cleaned_data
        lat: Decimal | None = d.get("latitude")
        lon: Decimal | None = d.get("longitude")
        return services.ViolationInput(
            contest=self.contest,
            occurred_at=d["occurred_at"],
            region=d["region"],
            pair=d.get("pair"),
            place=d.get("place") or "",
            latitude=lat,
            longitude=lon,
            stage=d.get("stage"),
            activity=d["activity"],
            participants=d.get("participants"),
            other_violation=d.get("other_violation") or "",
            sanction=d.get("sanction") or "",
            source=d["source"],
            source_url=d.get("source_url") or "",
            description=d.get("description") or "",
            **{name: bool(d.get(name)) for name in TYPE_FIELDS},
        )

    def type_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in TYPE_FIELDS]


def initial_from(v: ProkesViolation) -> dict[str, Any]:
    from waspada.core.timezones import to_local

    initial: dict[str, Any] = {
        "pair": str(v.pair.public_id) if v.pair else "",
        "occurred_at": to_local(v.occurred_at, v.contest.region.timezone).replace(tzinfo=None),
        "region": v.region.code,
        "place": v.place,
        "latitude": v.latitude,
        "longitude": v.longitude,
        "stage": v.stage.code if v.stage and v.stage_overridden else "",
        "activity": v.activity,
        "participants": v.participants,
        "other_violation": v.other_violation,
        "sanction": v.sanction,
        "source": v.source,
        "source_url": v.source_url,
        "description": v.description,
    }
    for name in TYPE_FIELDS:
        initial[name] = getattr(v, name)
    return initial


def _is_uuid(raw: str) -> bool:
    import uuid

    try:
        uuid.UUID(raw)
    except ValueError:
        return False
    return True


class DisbursementForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Tanggal pencairan"),
        widget=DateInput(),
        error_messages={"invalid": _("Tulis tanggal yang sah."), "required": _("Tanggal pencairan wajib diisi.")},
    )
    amount = forms.DecimalField(
        label=_("Jumlah (Rp)"),
        max_digits=18,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "invalid": _("Jumlah pencairan harus angka rupiah (paling banyak dua desimal)."),
            "required": _("Jumlah pencairan wajib diisi."),
            "min_value": _("Jumlah pencairan harus lebih dari nol."),
            "max_decimal_places": _("Jumlah pencairan paling banyak dua desimal."),
        },
    )
    reference = forms.CharField(label=_("Nomor bukti"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class HealthEventForm(forms.Form):
    """Status kesehatan calon: one event of the head or the deputy of a paslon."""

    person = forms.ChoiceField(
        label=_("Calon"),
        choices=[("", EMPTY_LABEL), *HealthEvent.Person.choices],
        error_messages={"required": _("Pilih calon kepala daerah atau calon wakil.")},
    )
    kind = forms.ChoiceField(
        label=_("Peristiwa"),
        choices=[("", EMPTY_LABEL), *HealthEvent.Kind.choices],
        error_messages={"required": _("Pilih jenis peristiwa kesehatan.")},
    )
    occurred_on = forms.DateField(
        label=_("Tanggal"),
        widget=DateInput(),
        error_messages={"invalid": _("Tulis tanggal yang sah."), "required": _("Tanggal wajib diisi.")},
    )
    source = forms.CharField(
        label=_("Sumber informasi"),
        max_length=200,
        error_messages={"required": _("Sumber informasi wajib diisi.")},
    )
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, pair: CandidatePair, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pair = pair
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)
        person.choices = [
            ("", EMPTY_LABEL),
            (HealthEvent.Person.HEAD, f"{HealthEvent.Person.HEAD.label}: {pair.head_name}"),
            (HealthEvent.Person.DEPUTY, f"{HealthEvent.Person.DEPUTY.label}: {pair.deputy_name}"),
        ]
        style(self)

    def to_input(self) -> services.HealthEventInput:
        d = self.cleaned_data
        return services.HealthEventInput(
            pair=self.pair,
            person=d["person"],
            kind=d["kind"],
            occurred_on=d["occurred_on"],
            source=d["source"],
            note=d.get("note") or "",
        )


TRANCHE_ROWS = 4


class TranchePlanForm(forms.Form):
    """Rencana tahap pencairan NPHD: up to four rows (date, amount); empty rows are ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, TRANCHE_ROWS + 1):
            self.fields[f"due_on_{i}"] = forms.DateField(
                label=_("Rencana tanggal tahap %(n)s") % {"n": i},
                required=False,
                widget=DateInput(),
                error_messages={"invalid": _("Tulis tanggal yang sah.")},
            )
            self.fields[f"amount_{i}"] = forms.DecimalField(
                label=_("Jumlah tahap %(n)s (Rp)") % {"n": i},
                required=False,
                max_digits=18,
                decimal_places=2,
                min_value=Decimal("0.01"),
                error_messages={
                    "invalid": _("Jumlah tahap harus angka rupiah (paling banyak dua desimal)."),
                    "min_value": _("Jumlah tahap harus lebih dari nol."),
                    "max_decimal_places": _("Jumlah tahap paling banyak dua desimal."),
                    "max_digits": _("Jumlah tahap terlalu besar."),
                },
            )
        style(self)

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"due_on_{i}"], self[f"amount_{i}"]) for i in range(1, TRANCHE_ROWS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, TRANCHE_ROWS + 1):
            due, amount = data.get(f"due_on_{i}"), data.get(f"amount_{i}")
            if (
                (due is None) != (amount is None)
                and not self.has_error(f"due_on_{i}")
                and not self.has_error(f"amount_{i}")
            ):
                missing = f"amount_{i}" if amount is None else f"due_on_{i}"
                self.add_error(missing, _("Isi tanggal dan jumlah tahap bersama-sama, atau kosongkan keduanya."))
        return data

    def to_input(self) -> list[services.TrancheInput]:
        d = self.cleaned_data
        return [
            services.TrancheInput(due_on=d[f"due_on_{i}"], amount=d[f"amount_{i}"])
            for i in range(1, TRANCHE_ROWS + 1)
            if d.get(f"due_on_{i}") is not None and d.get(f"amount_{i}") is not None
        ]

    @classmethod
    def initial_from(cls, planned: list[Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for i, p in enumerate(planned[:TRANCHE_ROWS], start=1):
            initial[f"due_on_{i}"] = p.due_on
            initial[f"amount_{i}"] = p.amount
        return initial
