"""Forum pages: the scoped list, the detail (decrees, members with their history, meetings,
documents), and the forms (forum, decree, member, end of membership, meeting, document).
Thin: access → forms → ``forums.services``.

Every forum and part comes through ``access.get_forum_for_user`` / ``get_forum_part_for_user``
(404 out of scope); writes are checked before any parsing (403 for pimpinan) and again by the
services. A refusal is shown in Indonesian and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waspada.core.formviews import put_errors
from waspada.core.selectors import history_for
from waspada.forums import selectors, services
from waspada.forums.forms import DecreeForm, DocumentForm, ForumForm, MeetingForm, MemberForm
from waspada.forums.models import Forum, ForumDecree, ForumDocument, ForumMember
from waspada.forums.services import ForumRefused
from waspada.forums.views.common import (
    decree_download,
    document_download,
    may_write,
    posted_version,
    refusal_text,
    require_forum_writer,
    require_reader,
    require_writer,
    today,
)
from waspada.regions import access
from waspada.regions.models import Region

PAGE_SIZE = 50


def detail_url(forum: Forum) -> str:
    return reverse("forums:detail", kwargs={"public_id": forum.public_id})


def writable_regions(user: Any) -> list[Region]:
    """Where the user may record a forum: provinces and kabupaten/kota in scope (and the kecamatan
    of a kabupaten/kota scope)."""
    scope = access.scope_of(user)
    levels = [Region.Level.PROVINSI, *Region.KABKOTA_LEVELS]
    if not scope.national and scope.regions and all(r.level in Region.KABKOTA_LEVELS for r in scope.regions):
        levels.append(Region.Level.KECAMATAN)
    regions = Region.objects.visible_to(user).filter(level__in=levels).order_by("code")
    return [r for r in regions if access.can_write_forum(user, r)]


@require_GET
@login_required
@access.scoped
def forum_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_reader(user)
    kind = request.GET.get("jenis", "")
    status = request.GET.get("status", "")
    code = (request.GET.get("wilayah") or "").strip()[:13]
    errors: list[str] = []
    if kind and kind not in Forum.Kind.values:
        errors.append(_("Jenis forum «%(v)s» tidak dikenal.") % {"v": kind[:20]})
        kind = ""
    if status and status not in Forum.Status.values:
        errors.append(_("Status «%(v)s» tidak dikenal.") % {"v": status[:20]})
        status = ""
    region = access.get_region_for_user(user, code) if code else None
    qs = selectors.forums_for_user(user, kind=kind, region=region, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("halaman"))
    day = today()
    forums = list(page.object_list)
    statuses = selectors.forum_statuses(forums, day)  # one query for the page, not one per forum
    rows = [(f, statuses[f.id]) for f in forums]
    params = request.GET.copy()
    params.pop("halaman", None)
    context = {
        "active_nav": "forums",
        "page": page,
        "rows": rows,
        "kinds": Forum.Kind.choices,
        "statuses": Forum.Status.choices,
        "values": {"jenis": kind, "status": status, "wilayah": code},
        "errors": errors,
        "may_write": may_write(user),
        "query": params.urlencode(),
        "today": day,
    }
    return render(request, "forums/list.html", context, status=400 if errors else 200)


def _render_form(request: HttpRequest, form: BaseForm, *, title: str, forum: Forum | None, status: int = 200) -> Any:
    return render(
        request,
        "forums/form.html",
        {"form": form, "title": title, "forum": forum, "active_nav": "forums"},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def forum_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_writer(user)
    regions = writable_regions(user)
    title = _("Catat forum")
    if request.method == "GET":
        initial = {"region": request.GET.get("wilayah", ""), "kind": request.GET.get("jenis", "fkdm")}
        return _render_form(request, ForumForm(initial=initial, regions=regions), title=title, forum=None)
    form = ForumForm(request.POST, regions=regions)
    if not form.is_valid():
        return _render_form(request, form, title=title, forum=None, status=400)
    try:
        forum = services.forum_create(actor=user, data=form.to_input())
    except ForumRefused as exc:
        put_errors(form, exc)
        return _render_form(request, form, title=title, forum=None, status=400)
    messages.success(request, _("Forum dicatat. Lengkapi SK dan anggotanya."))
    return redirect(detail_url(forum))


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def forum_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    forum = access.get_forum_for_user(user, public_id)
    require_forum_writer(user, forum.region)
    title = _("Ubah forum")
    regions = [forum.region]
    if request.method == "GET":
        initial = {
            k: getattr(forum, k)
            for k in ("kind", "name", "status", "secretariat", "contact_name", "contact_phone", "contact_email", "note")
        }
        initial["region"] = forum.region.code
        return _render_form(
            request, ForumForm(initial=initial, regions=regions, editing=True), title=title, forum=forum
        )
    form = ForumForm(
        request.POST, initial={"region": forum.region.code, "kind": forum.kind}, regions=regions, editing=True
    )
    if not form.is_valid():
        return _render_form(request, form, title=title, forum=forum, status=400)
    try:
        services.forum_update(
            actor=user,
            forum=forum,
            data=form.to_input(region=forum.region, kind=forum.kind),
            expected_version=posted_version(request),
        )
    except ForumRefused as exc:
        put_errors(form, exc)
        return _render_form(request, form, title=title, forum=forum, status=409 if exc.code == "stale" else 400)
    messages.success(request, _("Forum diperbarui."))
    return redirect(detail_url(forum))


@require_POST
@login_required
@access.scoped
def forum_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    forum = access.get_forum_for_user(user, public_id)
    require_forum_writer(user, forum.region)
    try:
        services.forum_delete(
            actor=user, forum=forum, reason=request.POST.get("reason", ""), expected_version=posted_version(request)
        )
    except ForumRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(detail_url(forum))
    messages.success(request, _("Forum dihapus (tetap tercatat di jejak audit)."))
    return redirect("forums:list")


@require_GET
@login_required
@access.scoped
def forum_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    require_reader(user)
    forum = access.get_forum_for_user(user, public_id)
    day = today()
    current, former = selectors.members_of(forum)
    writer = access.can_write_forum(user, forum.region)
    context = {
        "forum": forum,
        "status": selectors.forum_status(forum, day),
        "current_decree": selectors.current_decree(forum, day),
        "decrees": selectors.decrees_of(forum),
        "members": current,
        "former_members": former,
        "meetings": selectors.meetings_of(forum),
        "documents": list(forum.documents.filter(deleted_at__isnull=True).select_related("meeting")),
        "may_write": writer,
        "history": history_for(user, forum),
        "today": day,
        "active_nav": "forums",
    }
    return render(request, "forums/detail.html", context)


def _part_view(
    request: HttpRequest,
    public_id: Any,
    form_class: type[BaseForm],
    title: str,
    save: Any,
    done: str,
) -> HttpResponse:
    """GET: the form alone; POST: the service, or the form again with the refusal (400)."""
    user = request.user
    forum = access.get_forum_for_user(user, public_id)
    require_forum_writer(user, forum.region)
    if request.method == "GET":
        return _render_form(request, form_class(), title=title, forum=forum)
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, title=title, forum=forum, status=400)
    try:
        save(user, forum, form)
    except ForumRefused as exc:
        put_errors(form, exc)
        return _render_form(request, form, title=title, forum=forum, status=400)
    except PermissionDenied:
        raise
    messages.success(request, done)
    return redirect(detail_url(forum))


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def decree_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _part_view(
        request,
        public_id,
        DecreeForm,
        _("Catat SK forum"),
        lambda u, f, form: services.decree_record(actor=u, forum=f, data=form.to_input(), today=today()),
        _("SK dicatat."),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def member_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _part_view(
        request,
        public_id,
        MemberForm,
        _("Tambah anggota forum"),
        lambda u, f, form: services.member_add(actor=u, forum=f, data=form.to_input()),
        _("Anggota ditambahkan."),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def meeting_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _part_view(
        request,
        public_id,
        MeetingForm,
        _("Catat rapat forum"),
        lambda u, f, form: services.meeting_record(actor=u, forum=f, data=form.to_input(), today=today()),
        _("Rapat dicatat."),
    )


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def document_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _part_view(
        request,
        public_id,
        DocumentForm,
        _("Unggah dokumen forum"),
        lambda u, f, form: services.document_add(
            actor=u, forum=f, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
        ),
        _("Dokumen diunggah."),
    )


@require_POST
@login_required
@access.scoped
def member_end(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request.user
    member = access.get_forum_part_for_user(user, ForumMember, public_id)
    require_forum_writer(user, member.forum.region)
    form = MemberEndForm(request.POST)
    try:
        left_on = form.left_on()
        services.member_end(
            actor=user,
            member=member,
            left_on=left_on,
            reason=request.POST.get("reason", ""),
            expected_version=posted_version(request),
        )
    except ForumRefused as exc:
        messages.error(request, refusal_text(exc))
        return redirect(detail_url(member.forum))
    messages.success(request, _("Keanggotaan diakhiri; riwayatnya tetap tersimpan."))
    return redirect(detail_url(member.forum))


class MemberEndForm:
    """The end date of a membership, as typed (TTTT-BB-HH)."""

    def __init__(self, data: Any) -> None:
        self.raw = (data.get("left_on") or "").strip()

    def left_on(self) -> Any:
        from datetime import date

        if not self.raw:
            return None
        try:
            return date.fromisoformat(self.raw[:10])
        except ValueError:
            raise ForumRefused({"left_on": [_("Tulis tanggal yang sah (TTTT-BB-HH).")]}) from None


@require_GET
@login_required
@access.scoped
def decree_file(request: HttpRequest, public_id: Any) -> FileResponse:
    require_reader(request.user)
    decree = access.get_forum_part_for_user(request.user, ForumDecree, public_id)
    return decree_download(decree)


@require_GET
@login_required
@access.scoped
def document_file(request: HttpRequest, public_id: Any) -> FileResponse:
    require_reader(request.user)
    document = access.get_forum_part_for_user(request.user, ForumDocument, public_id)
    return document_download(document)


urlpatterns = [
    path("", forum_list, name="list"),
    path("baru/", forum_create, name="create"),
    path("<uuid:public_id>/", forum_detail, name="detail"),
    path("<uuid:public_id>/ubah/", forum_edit, name="edit"),
    path("<uuid:public_id>/hapus/", forum_delete, name="delete"),
    path("<uuid:public_id>/sk/", decree_add, name="decree_add"),
    path("<uuid:public_id>/anggota/", member_add, name="member_add"),
    path("<uuid:public_id>/rapat/", meeting_add, name="meeting_add"),
    path("<uuid:public_id>/dokumen/", document_add, name="document_add"),
    path("anggota/<uuid:public_id>/akhiri/", member_end, name="member_end"),
    path("sk/<uuid:public_id>/berkas/", decree_file, name="decree_file"),
    path("dokumen/<uuid:public_id>/berkas/", document_file, name="document_file"),
]
