"""Forms of the incident register pages. They turn what the user typed into the services' input
(``IncidentInput``, ``SourceInput``, ``ActorInput``): types, choices in scope, decimal commas.
Every rule on the incident itself (dates not in the future, coordinates inside Indonesia, codes of
the right list, …) is checked again by ``services.validate`` and its errors are put back here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from waspada.incidents import location, selectors, services
from waspada.incidents.models import ConflictStatus, Incident, IncidentCode, IncidentSource
from waspada.regions import access
from waspada.regions.models import Region

EMPTY_LABEL = _("— pilih —")
NONE_LABEL = _("— tidak ada —")
UNKNOWN_CHOICE = _("Pilihan tidak dikenal; pilih dari daftar.")
IMPACT_MESSAGES = {
    "invalid": _("Jumlah dampak harus bilangan bulat 0 atau lebih."),
    "min_value": _("Jumlah dampak harus bilangan bulat 0 atau lebih."),
    "max_value": _("Jumlah dampak terlalu besar."),
    "required": _("Isi 0 bila tidak ada."),
}
DATE_MESSAGES = {"invalid": _("Tulis tanggal yang sah (TTTT-BB-HH).")}
DETAIL_LEVELS = ("kecamatan", "desa")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _style(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget (the templates render ``{{ field }}``)."""
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


def code_field(kind: str, label: Any, *, required: bool, keep: int | None = None) -> forms.ModelChoiceField:
    """A choice of the active codes of a kind — plus ``keep``, the code an existing record already
    has, so that a record whose code was deactivated later can still be edited and saved."""
    codes = selectors.codes(kind)
    if keep is not None:
        codes = IncidentCode.objects.filter(kind=kind).filter(Q(is_active=True) | Q(pk=keep))
    return forms.ModelChoiceField(
        queryset=codes.order_by("order", "name"),
        label=label,
        required=required,
        empty_label=EMPTY_LABEL if required else NONE_LABEL,
        error_messages={
            "invalid_choice": _("Kode tidak dikenal; pilih dari daftar."),
            "required": _("Wajib dipilih."),
        },
    )


def kabkota_choices(user: Any) -> QuerySet[Region]:
    """Kabupaten/kota inside the user's scope (for the region picker)."""
    regions = Region.objects.filter(level__in=Region.KABKOTA_LEVELS).select_related("province")
    if not access.scope_of(user).national:
        regions = regions.filter(access.region_tree_q(user))
    return regions.order_by("code")


class KabkotaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class IncidentForm(forms.Form):
    """Peristiwa konflik sosial: the incident's own fields (sources and actors are formsets)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Judul"), max_length=200)
    occurred_on = forms.DateField(label=_("Tanggal kejadian"), widget=DateInput, error_messages=DATE_MESSAGES)
    date_precision = forms.ChoiceField(
        label=_("Ketepatan tanggal"), choices=Incident.DatePrecision.choices, initial=Incident.DatePrecision.DAY
    )
    reported_on = forms.DateField(
        label=_("Tanggal dilaporkan"),
        required=False,
        widget=DateInput,
        error_messages=DATE_MESSAGES,
        help_text=_("Kosong: sama dengan tanggal kejadian."),
    )
    kabkota = KabkotaChoiceField(
        queryset=Region.objects.none(),
        label=_("Kabupaten/kota"),
        empty_label=EMPTY_LABEL,
        error_messages={"invalid_choice": _("Kabupaten/kota ini tidak ada dalam cakupan Anda.")},
    )
    region_detail = forms.CharField(
        label=_("Kecamatan atau desa/kelurahan (kode)"),
        required=False,
        max_length=13,
        help_text=_("Opsional, mis. 32.73.01 (kecamatan) atau 32.73.01.1001 (desa/kelurahan)."),
    )
    location_detail = forms.CharField(label=_("Rincian lokasi"), required=False, max_length=200)
    latitude = forms.CharField(label=_("Lintang"), required=False, max_length=20)
    longitude = forms.CharField(label=_("Bujur"), required=False, max_length=20)
    geo_precision = forms.ChoiceField(
        label=_("Ketepatan lokasi"), choices=Incident.GeoPrecision.choices, initial=Incident.GeoPrecision.PART
    )
    confirm_mismatch = forms.BooleanField(
        label=_("Simpan meskipun titik berada di luar kabupaten/kota yang dipilih"), required=False
    )
    category = forms.ModelChoiceField(queryset=IncidentCode.objects.none(), label=_("Kategori"))
    conflict_source = forms.ModelChoiceField(queryset=IncidentCode.objects.none(), required=False)
    snpk_type = forms.ModelChoiceField(queryset=IncidentCode.objects.none(), required=False)
    acled_event_type = forms.ModelChoiceField(queryset=IncidentCode.objects.none(), required=False)
    killed = forms.IntegerField(label=_("Meninggal"), min_value=0, initial=0, error_messages=IMPACT_MESSAGES)
    injured = forms.IntegerField(label=_("Luka-luka"), min_value=0, initial=0, error_messages=IMPACT_MESSAGES)
    sexual_violence = forms.IntegerField(
        label=_("Kekerasan seksual"), min_value=0, initial=0, error_messages=IMPACT_MESSAGES
    )
    buildings_damaged = forms.IntegerField(
        label=_("Bangunan rusak"), min_value=0, initial=0, error_messages=IMPACT_MESSAGES
    )
    displaced = forms.IntegerField(label=_("Mengungsi"), min_value=0, initial=0, error_messages=IMPACT_MESSAGES)
    narrative = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    handling_stage = forms.ChoiceField(
        label=_("Tahap penanganan"), required=False, choices=[("", NONE_LABEL), *Incident.HandlingStage.choices]
    )
    conflict_status = forms.ModelChoiceField(
        queryset=ConflictStatus.objects.none(),
        label=_("Status keadaan konflik"),
        required=False,
        empty_label=NONE_LABEL,
        error_messages={"invalid_choice": _("Status keadaan konflik tidak dikenal.")},
    )
    classification = forms.ChoiceField(
        label=_("Klasifikasi"), choices=Incident.Classification.choices, initial=Incident.Classification.ORDINARY
    )

    def __init__(self, *args: Any, user: Any, incident: Incident | None = None, **kwargs: Any) -> None:
        """``incident``: the record being edited, whose current codes stay choosable."""
        super().__init__(*args, **kwargs)
        self.user = user

        def kept(name: str) -> int | None:
            return getattr(incident, f"{name}_id", None)

        self.fields["kabkota"].queryset = kabkota_choices(user)  # type: ignore[attr-defined]
        self.fields["category"] = code_field(
            IncidentCode.Kind.CATEGORY, _("Kategori"), required=True, keep=kept("category")
        )
        self.fields["category"].error_messages["invalid_choice"] = _("Kategori tidak dikenal; pilih dari daftar.")
        self.fields["conflict_source"] = code_field(
            IncidentCode.Kind.CONFLICT_SOURCE,
            _("Sumber konflik (UU 7/2012)"),
            required=False,
            keep=kept("conflict_source"),
        )
        self.fields["snpk_type"] = code_field(
            IncidentCode.Kind.SNPK_TYPE, _("Jenis SNPK"), required=False, keep=kept("snpk_type")
        )
        self.fields["acled_event_type"] = code_field(
            IncidentCode.Kind.ACLED_EVENT, _("Jenis peristiwa ACLED"), required=False, keep=kept("acled_event_type")
        )
        self.fields["conflict_status"].queryset = (  # type: ignore[attr-defined]
            ConflictStatus.objects.visible_to(user).select_related("region").order_by("-starts_on")
        )
        self.fields["region_detail"].widget.attrs.update({"list": "daftar-wilayah-rinci", "autocomplete": "off"})
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        self.fields["latitude"].help_text = _("Mis. -6,9147 (selatan khatulistiwa negatif).")
        self.fields["longitude"].help_text = _("Mis. 107,6098.")
        self.mismatch_messages: list[str] = []
        _style(self)

    @classmethod
    def initial_of(cls, incident: Incident) -> dict[str, Any]:
        """The form's values for an existing incident."""
        region = incident.region
        initial: dict[str, Any] = {
            name: getattr(incident, name)
            for name in (
                "title",
                "occurred_on",
                "date_precision",
                "reported_on",
                "location_detail",
                "geo_precision",
                "category",
                "conflict_source",
                "snpk_type",
                "acled_event_type",
                *Incident.IMPACT_FIELDS,
                "narrative",
                "handling_stage",
                "conflict_status",
                "classification",
                "version",
            )
        }
        initial["kabkota"] = incident.kabkota
        initial["region_detail"] = "" if region.level in Region.KABKOTA_LEVELS else region.code
        initial["latitude"] = "" if incident.latitude is None else str(incident.latitude)
        initial["longitude"] = "" if incident.longitude is None else str(incident.longitude)
        return initial

    def _coordinate(self, name: str) -> Any:
        try:
            return location.parse_coordinate(self.cleaned_data.get(name))
        except ValueError:
            raise forms.ValidationError(_("Tulis angka desimal, mis. -6,9147.")) from None

    def clean_latitude(self) -> Any:
        value = self._coordinate("latitude")
        if value is not None and not -90 <= value <= 90:
            raise forms.ValidationError(_("Lintang harus antara -90 dan 90."))
        return value

    def clean_longitude(self) -> Any:
        value = self._coordinate("longitude")
        if value is not None and not -180 <= value <= 180:
            raise forms.ValidationError(_("Bujur harus antara -180 dan 180."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        kabkota = data.get("kabkota")
        code = (data.get("region_detail") or "").strip()
        data["region"] = kabkota
        if kabkota is not None and code:
            region = Region.objects.select_related("kabkota", "province").filter(code=code).first()
            if region is None or region.level not in DETAIL_LEVELS:
                self.add_error(
                    "region_detail",
                    _("Kode kecamatan atau desa/kelurahan '%(code)s' tidak dikenal.") % {"code": code[:20]},
                )
            elif region.kabkota_id != kabkota.pk:
                self.add_error(
                    "region_detail",
                    _("Kecamatan atau desa ini tidak berada di %(name)s.") % {"name": kabkota.name},
                )
            else:
                data["region"] = region
        return data

    def incident_input(self, keep: Incident | None = None) -> services.IncidentInput:
        """The services' input; ``keep`` carries over what this form does not show (the election
        contest and stage, the import's external id)."""
        data = self.cleaned_data
        region = Region.objects.select_related("kabkota", "province").get(pk=data["region"].pk)
        return services.IncidentInput(
            title=data["title"],
            occurred_on=data["occurred_on"],
            date_precision=data["date_precision"],
            reported_on=data.get("reported_on"),
            region=region,
            location_detail=data.get("location_detail") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            geo_precision=data["geo_precision"],
            category=data["category"],
            conflict_source=data.get("conflict_source"),
            snpk_type=data.get("snpk_type"),
            acled_event_type=data.get("acled_event_type"),
            killed=data["killed"],
            injured=data["injured"],
            sexual_violence=data["sexual_violence"],
            buildings_damaged=data["buildings_damaged"],
            displaced=data["displaced"],
            narrative=data.get("narrative") or "",
            handling_stage=data.get("handling_stage") or "",
            conflict_status=data.get("conflict_status"),
            contest=keep.contest if keep is not None else None,
            election_stage=keep.election_stage if keep is not None else None,
            classification=data["classification"],
        )


class SourceForm(forms.Form):
    """Sumber: where the incident was learnt of."""

    kind = forms.ChoiceField(label=_("Jenis sumber"), choices=[("", EMPTY_LABEL), *IncidentSource.Kind.choices])
    name = forms.CharField(label=_("Nama sumber"), max_length=200)
    url = forms.URLField(
        label=_("Tautan"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Tulis alamat web yang sah, mis. https://…")},
    )
    published_on = forms.DateField(label=_("Tanggal"), required=False, widget=DateInput, error_messages=DATE_MESSAGES)
    scale = forms.ChoiceField(
        label=_("Skala"), choices=IncidentSource.Scale.choices, initial=IncidentSource.Scale.LOCAL
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].error_messages["invalid_choice"] = UNKNOWN_CHOICE
        self.fields["scale"].error_messages["invalid_choice"] = UNKNOWN_CHOICE
        _style(self)

    def source_input(self) -> services.SourceInput:
        data = self.cleaned_data
        return services.SourceInput(
            kind=data["kind"],
            name=data["name"],
            url=data.get("url") or "",
            published_on=data.get("published_on"),
            scale=data["scale"],
        )


class ActorForm(forms.Form):
    """Aktor: a party to the incident."""

    name = forms.CharField(label=_("Nama aktor"), max_length=200)
    actor_type = forms.ModelChoiceField(queryset=IncidentCode.objects.none(), label=_("Jenis aktor"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor_type"] = code_field(IncidentCode.Kind.ACTOR_TYPE, _("Jenis aktor"), required=True)
        _style(self)

    def actor_input(self) -> services.ActorInput:
        return services.ActorInput(name=self.cleaned_data["name"], actor_type=self.cleaned_data["actor_type"])


class BaseSourceFormSet(forms.BaseFormSet):
    """Sources of a new incident: rows left empty are ignored, at least one must be filled."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(f.has_changed() for f in self.forms):
            raise forms.ValidationError(_("Isi sekurang-kurangnya satu sumber."))


SourceFormSet = forms.formset_factory(SourceForm, formset=BaseSourceFormSet, extra=3, max_num=20, validate_max=True)
ActorFormSet = forms.formset_factory(ActorForm, extra=3, max_num=30, validate_max=True)


class HandlingActionForm(forms.Form):
    """Tindakan penanganan: one dated step."""

    stage = forms.ChoiceField(label=_("Tahap"), choices=[("", EMPTY_LABEL), *Incident.HandlingStage.choices])
    acted_on = forms.DateField(label=_("Tanggal"), widget=DateInput, error_messages=DATE_MESSAGES)
    description = forms.CharField(label=_("Tindakan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].error_messages["invalid_choice"] = UNKNOWN_CHOICE
        _style(self)


class ConflictStatusForm(forms.Form):
    """Status Keadaan Konflik: scale, region (none for the nation) and a period of ≤ 90 days."""

    scale = forms.ChoiceField(label=_("Skala"), choices=ConflictStatus.Scale.choices)
    region = forms.ModelChoiceField(
        queryset=Region.objects.none(),
        label=_("Wilayah"),
        required=False,
        empty_label=_("— nasional —"),
        error_messages={"invalid_choice": _("Wilayah ini tidak ada dalam cakupan Anda.")},
    )
    starts_on = forms.DateField(label=_("Mulai berlaku"), widget=DateInput, error_messages=DATE_MESSAGES)
    ends_on = forms.DateField(
        label=_("Berakhir"),
        widget=DateInput,
        error_messages=DATE_MESSAGES,
        help_text=_("Paling lama 90 hari sejak mulai berlaku."),
    )
    decree_number = forms.CharField(label=_("Nomor keputusan"), required=False, max_length=120)
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(level__in=[Region.Level.PROVINSI, *Region.KABKOTA_LEVELS])
        if not access.scope_of(user).national:
            regions = regions.filter(access.region_tree_q(user))
        field = self.fields["region"]
        field.queryset = regions.order_by("code")  # type: ignore[attr-defined]
        field.label_from_instance = lambda r: f"{r.code} {r.name}"  # type: ignore[attr-defined]
        self.fields["scale"].error_messages["invalid_choice"] = UNKNOWN_CHOICE
        _style(self)
