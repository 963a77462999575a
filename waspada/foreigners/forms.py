"""Forms of the foreigners pages. They parse input only; the rules live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.foreigners import services
from waspada.foreigners.models import ActivityObservation, ForeignNational, Permit, Purpose, VisitRequest
from waspada.regions import access
from waspada.regions.models import Region


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap classes on every widget (the house style of the other apps' forms)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class RegionCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("help_text", _("Kode wilayah Kemendagri, mis. 32.73 atau 32.73.01."))
        super().__init__(**kwargs)


class ScopedForm(StyledForm):
    """A form whose region codes must be inside the user's scope."""

    region_fields: tuple[str, ...] = ("region",)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.regions: dict[str, Region | None] = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.region_fields:
            code = (data.get(name) or "").strip()
            if not code:
                self.regions[name] = None
                continue
            region = Region.objects.visible_to(self.user).filter(code=code).first()
            if region is None:
                self.add_error(
                    name, _("Kode wilayah «%(code)s» tidak dikenal atau di luar cakupan Anda.") % {"code": code}
                )
            self.regions[name] = region
        return data


class ForeignerForm(ScopedForm):
    name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    nationality = forms.CharField(
        label=_("Kewarganegaraan"),
        max_length=3,
        help_text=_("Kode ISO 3166 alfa-3 seperti di paspor, mis. CHN, USA, AUS."),
    )
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=ForeignNational.Sex.choices)
    birth_date = forms.DateField(
        label=_("Tanggal lahir"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    passport_number = forms.CharField(label=_("Nomor paspor"), max_length=20)
    purpose = forms.ChoiceField(label=_("Tujuan"), choices=Purpose.choices)
    sponsor = forms.CharField(label=_("Penjamin / pemberi kerja"), max_length=200, required=False)
    region = RegionCodeField(label=_("Lokasi (kode wilayah)"))
    address = forms.CharField(label=_("Alamat"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_present = forms.BooleanField(label=_("Masih berada di wilayah"), required=False, initial=True)

    def to_input(self) -> services.ForeignerInput:
        d = self.cleaned_data
        return services.ForeignerInput(
            name=d["name"],
            nationality=d["nationality"],
            sex=d["sex"],
            passport_number=d["passport_number"],
            purpose=d["purpose"],
            region=self.regions.get("region"),
            birth_date=d.get("birth_date"),
            sponsor=d.get("sponsor", ""),
            address=d.get("address", ""),
            is_present=bool(d.get("is_present")),
        )


class PermitForm(ScopedForm):
    region_fields = ("permitted_region",)
    kind = forms.ChoiceField(label=_("Jenis izin"), choices=Permit.Kind.choices)
    number = forms.CharField(label=_("Nomor izin"), max_length=60)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=forms.DateInput(attrs={"type": "date"}))
    permitted_region = RegionCodeField(
        label=_("Wilayah yang diizinkan (kode)"),
        required=False,
        help_text=_("Kosongkan bila sama dengan kabupaten/kota tempat tinggal."),
    )

    def to_input(self) -> services.PermitInput:
        d = self.cleaned_data
        return services.PermitInput(
            kind=d["kind"],
            number=d["number"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            permitted_region=self.regions.get("permitted_region"),
        )


class ActivityForm(StyledForm):
    """The place of an activity may be outside the user's scope (that is what is being reported)."""

    observed_on = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Kegiatan"), widget=forms.Textarea(attrs={"rows": 3}))
    activity_purpose = forms.ChoiceField(
        label=_("Sifat kegiatan"), choices=[("", _("— tidak dinilai —")), *Purpose.choices], required=False
    )
    region = RegionCodeField(label=_("Lokasi kegiatan (kode wilayah)"))
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    source = forms.ChoiceField(label=_("Sumber"), choices=ActivityObservation.Source.choices)
    assessment = forms.ChoiceField(label=_("Penilaian"), choices=ActivityObservation.Assessment.choices)
    assessment_note = forms.CharField(
        label=_("Catatan penilaian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_region(self) -> Region:
        code = self.cleaned_data["region"].strip()
        region = access.reference_region(code)
        if region is None:
            raise forms.ValidationError(_("Kode wilayah «%(code)s» tidak dikenal.") % {"code": code})
        return region

    def to_input(self) -> services.ActivityInput:
        d = self.cleaned_data
        return services.ActivityInput(
            observed_on=d["observed_on"],
            description=d["description"],
            region=d["region"],
            source=d["source"],
            activity_purpose=d.get("activity_purpose", ""),
            place=d.get("place", ""),
            assessment=d["assessment"],
            assessment_note=d.get("assessment_note", ""),
        )


class RevealForm(StyledForm):
    field = forms.ChoiceField(label=_("Data"), choices=list(services.REVEALABLE.items()))
    reason = forms.CharField(
        label=_("Alasan membuka data"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat di jejak audit bersama nama Anda."),
    )


class OrganisationForm(ScopedForm):
    name = forms.CharField(label=_("Nama ormas asing"), max_length=200)
    country = forms.CharField(label=_("Negara asal (ISO alfa-3)"), max_length=3)
    field_of_activity = forms.CharField(label=_("Bidang kegiatan"), max_length=200, required=False)
    region = RegionCodeField(label=_("Wilayah kegiatan (kode)"))
    recommendation_number = forms.CharField(label=_("Nomor rekomendasi"), max_length=100, required=False)
    recommendation_date = forms.DateField(
        label=_("Tanggal rekomendasi"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ministry_partner = forms.CharField(label=_("Kementerian mitra"), max_length=200, required=False)
    mou_number = forms.CharField(label=_("Nomor MoU"), max_length=100, required=False)
    mou_valid_until = forms.DateField(
        label=_("MoU berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def to_input(self) -> services.OrganisationInput:
        d = self.cleaned_data
        return services.OrganisationInput(
            name=d["name"],
            country=d["country"],
            region=self.regions.get("region"),
            field_of_activity=d.get("field_of_activity", ""),
            recommendation_number=d.get("recommendation_number", ""),
            recommendation_date=d.get("recommendation_date"),
            ministry_partner=d.get("ministry_partner", ""),
            mou_number=d.get("mou_number", ""),
            mou_valid_until=d.get("mou_valid_until"),
            note=d.get("note", ""),
        )


class VisitForm(ScopedForm):
    visitor_name = forms.CharField(label=_("Nama tamu / delegasi"), max_length=200)
    visitor_kind = forms.ChoiceField(label=_("Jenis tamu"), choices=VisitRequest.VisitorKind.choices)
    country = forms.CharField(label=_("Negara (ISO alfa-3)"), max_length=3)
    region = RegionCodeField(label=_("Wilayah tujuan (kode)"))
    purpose = forms.CharField(label=_("Maksud kunjungan"), widget=forms.Textarea(attrs={"rows": 2}))
    planned_from = forms.DateField(label=_("Rencana mulai"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_until = forms.DateField(label=_("Rencana selesai"), widget=forms.DateInput(attrs={"type": "date"}))
    received_on = forms.DateField(label=_("Permohonan diterima"), widget=forms.DateInput(attrs={"type": "date"}))

    def to_input(self) -> services.VisitInput:
        d = self.cleaned_data
        return services.VisitInput(
            visitor_name=d["visitor_name"],
            visitor_kind=d["visitor_kind"],
            country=d["country"],
            region=self.regions.get("region"),
            purpose=d["purpose"],
            planned_from=d["planned_from"],
            planned_until=d["planned_until"],
            received_on=d["received_on"],
        )


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[c for c in VisitRequest.Decision.choices if c[0] != VisitRequest.Decision.PENDING],
    )
    reason = forms.CharField(label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Berkas XLSX"), help_text=_("Lembar pertama; baris pertama berisi nama kolom."))
