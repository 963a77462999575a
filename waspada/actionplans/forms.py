"""Forms of the RAD Terpadu pages. They turn what the user typed into the services' input; every
rule is checked again by the services and their messages put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.actionplans import services
from waspada.actionplans.models import Action, ActionPlan
from waspada.elections.views.forms import DateInput, style
from waspada.regions.models import Region


class PlanForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Wilayah"), queryset=Region.objects.none(), to_field_name="code", empty_label=_("— pilih —")
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Judul"), max_length=200)
    decree_number = forms.CharField(label=_("Nomor SK penetapan"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK penetapan"), required=False, widget=DateInput())
    document = forms.FileField(
        label=_("Dokumen RAD (PDF atau dokumen kantor)"), required=False, help_text=_("Paling besar 10 MB.")
    )

    def __init__(self, *args: Any, regions: list[Region], plan: ActionPlan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("code")
        if plan is not None:
            self.fields["region"].disabled = True
        style(self)

    def to_input(self) -> services.PlanInput:
        d = self.cleaned_data
        return services.PlanInput(
            region=d["region"],
            year=d["year"],
            title=d["title"],
            decree_number=d.get("decree_number") or "",
            decree_date=d.get("decree_date"),
        )


class ActionForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap penanganan"), choices=Action.Stage.choices)
    activity = forms.CharField(label=_("Kegiatan"), max_length=300)
    responsible_units = forms.CharField(label=_("Penanggung jawab (OPD/instansi)"), max_length=300)
    indicator = forms.CharField(label=_("Indikator"), max_length=300)
    target = forms.CharField(label=_("Target"), max_length=200)
    budget = forms.DecimalField(label=_("Anggaran (Rp)"), min_value=0, max_digits=18, decimal_places=2, initial=0)
    starts_on = forms.DateField(label=_("Jadwal mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Jadwal selesai"), widget=DateInput())
    adjusted_for_covid = forms.BooleanField(label=_("Disesuaikan untuk Covid-19"), required=False)
    adjusted_for_pilkada = forms.BooleanField(label=_("Disesuaikan untuk Pilkada"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def to_input(self) -> services.ActionInput:
        d = self.cleaned_data
        return services.ActionInput(
            stage=d["stage"],
            activity=d["activity"],
            responsible_units=d["responsible_units"],
            indicator=d["indicator"],
            target=d["target"],
            budget=d["budget"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            adjusted_for_covid=d.get("adjusted_for_covid", False),
            adjusted_for_pilkada=d.get("adjusted_for_pilkada", False),
        )

    @classmethod
    def initial_from(cls, action: Action) -> dict[str, Any]:
        return {name: getattr(action, name) for name in cls.base_fields}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class EvidenceForm(forms.Form):
    entry = forms.UUIDField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Bukti dukung"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
