"""Notifikasi: the signed-in user's own notifications, and marking them read.

Only ever the user's own rows: another user's notification id answers 404 and changes nothing.
Marking one's own notification read is personal bookkeeping, not a write of regional data, so
read-only roles (pimpinan) may do it too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from waspada.core.models import Notification
from waspada.core.notifications import mark_read
from waspada.core.timezones import zone_for_province
from waspada.regions import access

PAGE_SIZE = 30
UNREAD_FILTER = "belum-dibaca"


def own_notifications(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def zone_of(user: Any) -> str:
    """The zone to show the user's times in: their region's (from the cached scope), else WIB."""
    regions = access.scope_of(user).regions
    return zone_for_province(regions[0].code) if regions else "WIB"


@require_http_methods(["GET", "POST"])
@login_required
@access.scoped
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _mark_read(request)
    notes = own_notifications(request.user)
    only_unread = request.GET.get("tampil") == UNREAD_FILTER
    if only_unread:
        notes = notes.filter(read_at__isnull=True)
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "core/notification_list.html",
        {
            "page": page,
            "only_unread": only_unread,
            "unread_filter": UNREAD_FILTER,
            "zone": zone_of(request.user),
            "active_nav": "notifications",
        },
    )


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = ""
    if not target.startswith("/"):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


def _mark_read(request: HttpRequest) -> HttpResponse:
    if request.POST.get("semua"):
        count = mark_read(user=request.user)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)d notifikasi ditandai sudah dibaca.", "%(count)d notifikasi ditandai sudah dibaca.", count
                )
                % {"count": count},
            )
        else:
            messages.info(request, _("Tidak ada notifikasi yang belum dibaca."))
        return _back(request)
    raw = request.POST.getlist("id")
    if not raw or not all(value.isdigit() for value in raw):
        messages.error(request, _("Pilih notifikasi yang akan ditandai sudah dibaca."))
        return _back(request)
    ids = {int(value) for value in raw}
    if own_notifications(request.user).filter(pk__in=ids).count() != len(ids):
        raise Http404  # someone else's notification, or none at all: the same answer
    mark_read(user=request.user, ids=ids)
    messages.success(request, _("Notifikasi ditandai sudah dibaca."))
    return _back(request)
