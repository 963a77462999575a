"""Forms of the forum pages. They turn what the user typed into the services' input; every rule
(decree ending before it starts, member without a name, …) is checked again by the services and
put back on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from waspada.elections.views.forms import DateInput, style
from waspada.forums import services
from waspada.forums.models import Forum, ForumMember
from waspada.regions.models import Region

EMPTY_LABEL = _("— pilih —")


class ForumForm(forms.Form):
    region = forms.CharField(label=_("Wilayah"), max_length=13)
    kind = forms.ChoiceField(label=_("Jenis forum"), choices=Forum.Kind.choices)
    name = forms.CharField(label=_("Nama forum"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Forum.Status.choices, initial=Forum.Status.ACTIVE)
    secretariat = forms.CharField(label=_("Sekretariat"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Narahubung"), max_length=120, required=False)
    contact_phone = forms.CharField(label=_("Telepon narahubung"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("Surel narahubung"), required=False)
    note = forms.CharField(label=_("Keterangan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, regions: list[Region], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.regions = {r.code: r for r in regions}
        self.fields["region"].widget = forms.Select(
            choices=[("", EMPTY_LABEL), *((r.code, f"{r.code} {r.name}") for r in regions)]
        )
        if editing:  # region and kind of a recorded forum stay
            for name in ("region", "kind"):
                self.fields[name].required = False
                self.fields[name].disabled = True
        style(self)

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region") or ""
        if self.fields["region"].disabled:
            return None
        region = self.regions.get(code)
        if region is None:
            raise forms.ValidationError(_("Pilih wilayah dalam cakupan Anda."))
        return region

    def to_input(self, region: Region | None = None, kind: str = "") -> services.ForumInput:
        d = self.cleaned_data
        return services.ForumInput(
            region=region or d["region"],
            kind=kind or d["kind"],
            name=d["name"],
            status=d["status"],
            secretariat=d["secretariat"],
            contact_name=d["contact_name"],
            contact_phone=d["contact_phone"],
            contact_email=d["contact_email"],
            note=d["note"],
        )


class DecreeForm(forms.Form):
    number = forms.CharField(label=_("Nomor SK"), max_length=120, required=False)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DateInput(), required=False)
    signer = forms.CharField(label=_("Penanda tangan"), max_length=160, required=False)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=DateInput(), required=False)
    valid_until = forms.DateField(
        label=_("Berlaku sampai"), widget=DateInput(), required=False, help_text=_("Kosongkan bila tanpa batas.")
    )
    file = forms.FileField(label=_("Berkas SK (PDF)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def to_input(self) -> services.DecreeInput:
        d = self.cleaned_data
        return services.DecreeInput(
            number=d["number"],
            decree_date=d["decree_date"],
            signer=d["signer"],
            valid_from=d["valid_from"],
            valid_until=d["valid_until"],
            upload=d.get("file"),
        )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=160, required=False)
    position = forms.CharField(label=_("Jabatan dalam forum"), max_length=120, required=False)
    agency = forms.CharField(label=_("Instansi / unsur yang diwakili"), max_length=200, required=False)
    element = forms.ChoiceField(
        label=_("Unsur"), choices=[("", EMPTY_LABEL), *ForumMember.Element.choices], required=False
    )
    phone = forms.CharField(label=_("Telepon"), max_length=40, required=False)
    email = forms.EmailField(label=_("Surel"), required=False)
    joined_on = forms.DateField(label=_("Mulai"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def to_input(self) -> services.MemberInput:
        d = self.cleaned_data
        return services.MemberInput(
            name=d["name"],
            position=d["position"],
            joined_on=d["joined_on"],
            agency=d["agency"],
            element=d["element"],
            phone=d["phone"],
            email=d["email"],
        )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Tanggal rapat"), widget=DateInput(), required=False)
    place = forms.CharField(label=_("Tempat"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    attendance = forms.IntegerField(label=_("Jumlah hadir"), min_value=0, max_value=100000, initial=0)
    attendees = forms.CharField(label=_("Daftar hadir"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    minutes = forms.CharField(label=_("Notulen"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    follow_ups = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def to_input(self) -> services.MeetingInput:
        d = self.cleaned_data
        return services.MeetingInput(
            held_on=d["held_on"],
            agenda=d["agenda"],
            place=d["place"],
            attendance=d["attendance"] or 0,
            attendees=d["attendees"],
            minutes=d["minutes"],
            follow_ups=d["follow_ups"],
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Judul dokumen"), max_length=200, required=False)
    file = forms.FileField(label=_("Berkas"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
