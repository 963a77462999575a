"""Pages of the monitoring of foreigners (under /orang-asing/). Thin: access → forms → services.

Personal data is masked on every page; the detail page offers analysts a reveal form (field +
reason) whose answer shows the one value in that response only, after the service audited it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.formviews import form_page, put_errors
from waspada.core.selectors import history_for
from waspada.core.templatetags.waspada import angka
from waspada.foreigners import crypto, forms, selectors, services
from waspada.foreigners.identity import nationality_choices
from waspada.foreigners.models import ForeignNational, Purpose, VisitRequest
from waspada.regions import access
from waspada.regions.selectors import boundary_layers_status

PAGE_SIZE = 50
DIGEST = re.compile(r"^[0-9a-f]{64}$")


class BadFilter(ValueError):
    pass


def may_read(user: Any) -> bool:
    return bool(access.scope_of(user).roles & access.FOREIGNER_READER_ROLES)


def may_write(user: Any) -> bool:
    return access.can_write(user) and access.has_role(user, *access.FOREIGNER_WRITER_ROLES)


def require_reader(user: Any) -> None:
    if not may_read(user):
        raise PermissionDenied(_("Peran Anda tidak berwenang membaca data orang asing."))


def require_writer(user: Any, region: Any = None) -> None:
    if not may_write(user) or (region is not None and not access.can_write_foreigners(user, region)):
        raise PermissionDenied(_("Peran Anda tidak berwenang mencatat data orang asing di wilayah ini."))


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def parse_filters(request: HttpRequest, user: Any) -> selectors.ForeignerFilter:
    get = request.GET
    region = None
    code = (get.get("wilayah") or "").strip()
    if code:
        region = access.get_region_for_user(user, code[:13])
    purpose = get.get("tujuan", "")
    if purpose and purpose not in Purpose.values:
        raise BadFilter(_("Tujuan «%(v)s» tidak dikenal.") % {"v": purpose[:30]})
    digests = tuple(get.getlist("sidik"))[:4]
    if any(not DIGEST.match(d) for d in digests):
        raise BadFilter(_("Sidik paspor tidak sah; cari ulang dengan nomor paspor lengkap."))
    status = get.get("status_izin", "")
    if status and status not in selectors.PERMIT_STATUSES:
        raise BadFilter(_("Status izin «%(v)s» tidak dikenal.") % {"v": status[:30]})
    return selectors.ForeignerFilter(
        q=(get.get("q") or "").strip()[:100],
        nationality=(get.get("kewarganegaraan") or "").strip()[:3],
        passport=(get.get("paspor") or "").strip()[:20],
        purpose=purpose,
        region=region,
        permit_status=status,
        present_only=get.get("hadir") == "1",
        digests=digests,
    )


def _nationality_options(selected: str) -> str:
    """The ~250 nationality ``<option>``s, built here: as a template loop they cost the recap page
    more than its queries do (100,000 people)."""
    options = (
        format_html('<option value="{}" selected>{}</option>', code, label)
        if code == selected
        else format_html('<option value="{}">{}</option>', code, label)
        for code, label in nationality_choices()
    )
    return format_html_join("", "{}", ((option,) for option in options))


def _filter_context(request: HttpRequest) -> dict[str, Any]:
    return {
        "active_nav": "foreigners",
        "values": {
            k: request.GET.get(k, "")
            for k in ("q", "kewarganegaraan", "sidik", "tujuan", "wilayah", "status_izin", "hadir")
        },
        "purposes": Purpose.choices,
        "statuses": list(selectors.PERMIT_STATUSES.items()),
        "nationalities": nationality_choices(),
        "nationality_options": _nationality_options(request.GET.get("kewarganegaraan", "")),
    }


@require_GET
@login_required
@access.scoped
def foreigner_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context = {**_filter_context(request), "may_write": may_write(user)}
    try:
        filters = parse_filters(request, user)
    except BadFilter as exc:
        return render(request, "foreigners/list.html", {**context, "errors": [str(exc)]}, status=400)
    today = timezone.localdate()
    page = Paginator(selectors.foreigners_for_user(user, filters, today), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    for person in page:
        person.permit_status = selectors.permit_status_of(person.permit_until, today)
    params = request.GET.copy()
    params.pop("halaman", None)
    context.update({"page": page, "query": params.urlencode(), "status_labels": selectors.PERMIT_STATUSES})
    return render(request, "foreigners/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def passport_search(request: HttpRequest) -> HttpResponse:
    """The passport search posts the number (kept out of URLs and access logs) and is redirected to
    the list filtered by its keyed digests (``?sidik=…``), which reveal nothing without the key."""
    require_reader(request.user)
    if request.method == "GET":
        return redirect("foreigners:list")
    number = crypto.normalise_passport(request.POST.get("paspor", ""))[:20]
    if not number or not number.isalnum():
        messages.error(request, _("Tulis nomor paspor lengkap (huruf dan angka) untuk mencarinya."))
        return redirect("foreigners:list")
    query = urlencode([("sidik", digest) for digest in crypto.search_digests(number)])
    return redirect(f"{reverse('foreigners:list')}?{query}")


def _form_page(
    request: HttpRequest,
    *,
    make_form: Callable[[Any], Any],
    save: Callable[[Any], str],
    title: str,
    success_message: str,
    obj: Any = None,
) -> HttpResponse:
    """A page of this app's one form template (``foreigners/form.html``) around
    ``core.formviews.form_page``: a service's ``ForeignerRefused`` is shown on the form."""

    def render_form(form: Any, status: int) -> HttpResponse:
        context = {"form": form, "title": title, "obj": obj, "active_nav": "foreigners"}
        return render(request, "foreigners/form.html", context, status=status)

    return form_page(
        request,
        make_form=make_form,
        render_form=render_form,
        save=save,
        success_message=success_message,
        refused=services.ForeignerRefused,
    )


def _detail_url(person: ForeignNational) -> str:
    return reverse("foreigners:detail", kwargs={"public_id": person.public_id})


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def foreigner_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)
    return _form_page(
        request,
        make_form=lambda data: forms.ForeignerForm(data, user=user),
        save=lambda form: _detail_url(services.foreigner_create(actor=user, data=form.to_input())),
        title=_("Catat orang asing"),
        success_message=_("Orang asing dicatat."),
    )


def _keeping_personal_data(data: QueryDict, person: ForeignNational) -> QueryDict:
    """The edit form is shown without personal data (nothing secret on screen): a passport number,
    address or birth date left empty keeps the stored one."""
    post = data.copy()
    for name, value in {"passport_number": person.passport_number, "address": person.address}.items():
        if not post.get(name, "").strip():
            post[name] = value
    if not post.get("birth_date") and person.birth_date:
        post["birth_date"] = person.birth_date.isoformat()
    return post


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def foreigner_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    person = access.get_foreigner_for_user(user, public_id)
    require_writer(user, person.region)
    initial = {
        "name": person.name,
        "nationality": person.nationality,
        "sex": person.sex,
        "purpose": person.purpose,
        "sponsor": person.sponsor,
        "region": person.region.code,
        "is_present": person.is_present,
    }

    def make_form(data: QueryDict | None) -> forms.ForeignerForm:
        if data is None:
            return forms.ForeignerForm(initial=initial, user=user)
        return forms.ForeignerForm(_keeping_personal_data(data, person), user=user)

    def save(form: forms.ForeignerForm) -> str:
        services.foreigner_update(
            actor=user, foreigner=person, data=form.to_input(), expected_version=_version(request)
        )
        return _detail_url(person)

    return _form_page(
        request,
        make_form=make_form,
        save=save,
        title=_("Ubah data orang asing"),
        success_message=_("Perubahan disimpan."),
        obj=person,
    )


def _detail(
    request: HttpRequest,
    person: ForeignNational,
    *,
    revealed: dict[str, str] | None = None,
    reveal_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    permits = list(person.permits.filter(deleted_at__isnull=True).select_related("permitted_region"))
    until = max((p.valid_until for p in permits), default=None)
    may_reveal = access.can_reveal_pii(user, person.region)
    return render(
        request,
        "foreigners/detail.html",
        {
            "person": person,
            "masked": person.masked(),
            "revealed": revealed or {},
            "permits": permits,
            "permit_status": selectors.permit_status_of(until, today),
            "status_labels": selectors.PERMIT_STATUSES,
            "activities": list(person.activities.filter(deleted_at__isnull=True).select_related("region")),
            "may_write": access.can_write_foreigners(user, person.region),
            "may_reveal": may_reveal,
            "reveal_form": reveal_form if reveal_form is not None else (forms.RevealForm() if may_reveal else None),
            "history": history_for(user, person),
            "zone": person.region.timezone,
            "active_nav": "foreigners",
        },
        status=status,
    )


@require_GET
@login_required
@access.scoped
def foreigner_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = access.get_foreigner_for_user(request.user, public_id)
    return _detail(request, person)


@require_POST
@login_required
@access.scoped
def foreigner_reveal(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    person = access.get_foreigner_for_user(user, public_id)
    if not access.can_reveal_pii(user, person.region):
        raise PermissionDenied(_("Peran Anda tidak berwenang membuka data pribadi orang asing."))
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        return _detail(request, person, reveal_form=form, status=400)
    try:
        value = services.foreigner_reveal(
            actor=user, foreigner=person, field=form.cleaned_data["field"], reason=form.cleaned_data["reason"]
        )
    except services.ForeignerRefused as exc:
        put_errors(form, exc)
        return _detail(request, person, reveal_form=form, status=400)
    response = _detail(request, person, revealed={form.cleaned_data["field"]: value}, reveal_form=forms.RevealForm())
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def permit_create(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    person = access.get_foreigner_for_user(user, public_id)
    require_writer(user, person.region)

    def save(form: forms.PermitForm) -> str:
        services.permit_create(actor=user, foreigner=person, data=form.to_input())
        return _detail_url(person)

    return _form_page(
        request,
        make_form=lambda data: forms.PermitForm(data, user=user),
        save=save,
        title=_("Tambah izin tinggal: %(name)s") % {"name": person.name},
        success_message=_("Izin tinggal dicatat."),
        obj=person,
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def activity_create(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    person = access.get_foreigner_for_user(user, public_id)
    require_writer(user, person.region)

    def save(form: forms.ActivityForm) -> str:
        services.activity_create(actor=user, foreigner=person, data=form.to_input())
        return _detail_url(person)

    return _form_page(
        request,
        make_form=lambda data: forms.ActivityForm(data, initial={"region": person.region.code}),
        save=save,
        title=_("Catat kegiatan: %(name)s") % {"name": person.name},
        success_message=_("Kegiatan dicatat."),
        obj=person,
    )


@require_GET
@login_required
@access.scoped
def recap(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    context = _filter_context(request)
    try:
        filters = parse_filters(request, user)
    except BadFilter as exc:
        return render(request, "foreigners/recap.html", {**context, "errors": [str(exc)]}, status=400)
    data = selectors.recap_for_user(user, filters, timezone.localdate())
    params = request.GET.copy()
    context.update(
        {
            "recap": data,
            "query": params.urlencode(),
            "map_counts": {code: n for code, _name, n in data.by_kabkota if code != "—"},
            # Up to 514 rows, built here like the nationality options (a template loop costs more).
            "kabkota_rows": format_html_join(
                "",
                '<tr><td>{} <span class="text-muted small">{}</span></td><td class="text-end">{}</td></tr>',
                ((name, code, angka(n)) for code, name, n in data.by_kabkota),
            ),
            "has_map": "kabkota" in boundary_layers_status(),
        }
    )
    return render(request, "foreigners/recap.html", context)


@require_GET
@login_required
@access.scoped
def organisation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    page = Paginator(selectors.organisations_for_user(user), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "foreigners/organisation_list.html",
        {"page": page, "may_write": may_write(user), "today": timezone.localdate(), "active_nav": "foreigners"},
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def organisation_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)

    def save(form: forms.OrganisationForm) -> str:
        services.organisation_create(actor=user, data=form.to_input())
        return reverse("foreigners:organisation_list")

    return _form_page(
        request,
        make_form=lambda data: forms.OrganisationForm(data, user=user),
        save=save,
        title=_("Catat ormas asing"),
        success_message=_("Ormas asing dicatat."),
    )


@require_GET
@login_required
@access.scoped
def visit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    decision = request.GET.get("keputusan", "")
    if decision and decision not in VisitRequest.Decision.values:
        decision = ""
    page = Paginator(selectors.visits_for_user(user, decision), PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "foreigners/visit_list.html",
        {
            "page": page,
            "decision": decision,
            "decisions": VisitRequest.Decision.choices,
            "may_write": may_write(user),
            "active_nav": "foreigners",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def visit_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)

    def save(form: forms.VisitForm) -> str:
        visit = services.visit_create(actor=user, data=form.to_input())
        return reverse("foreigners:visit_detail", kwargs={"public_id": visit.public_id})

    return _form_page(
        request,
        make_form=lambda data: forms.VisitForm(data, user=user),
        save=save,
        title=_("Catat permohonan kunjungan"),
        success_message=_("Permohonan kunjungan dicatat."),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def visit_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    visit = access.get_visit_request_for_user(user, public_id)
    may = access.can_write_foreigners(user, visit.region)
    form = forms.DecisionForm()
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied(_("Peran Anda tidak berwenang memutuskan permohonan kunjungan ini."))
        form = forms.DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.visit_decide(
                    actor=user,
                    visit=visit,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    expected_version=_version(request),
                )
            except services.ForeignerRefused as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("Keputusan disimpan."))
                return redirect(reverse("foreigners:visit_detail", args=[visit.public_id]))
        status = 400
    return render(
        request,
        "foreigners/visit_detail.html",
        {
            "visit": visit,
            "form": form,
            "may_write": may,
            "history": history_for(user, visit),
            "zone": visit.region.timezone,
            "active_nav": "foreigners",
        },
        status=status,
    )
