"""The one shape of a create/edit page: GET shows the form; POST validates it, hands it to a
service and either redirects with a success message or shows the form again with the service's
refusal on it (400, or 409 when someone else saved the record first). Nothing is written unless
the service accepted the data.

    return form_page(
        request,
        make_form=lambda data: forms.ThingForm(data, user=user),
        render_form=lambda form, status: render(request, "app/form.html", {"form": form}, status=status),
        save=lambda form: services.thing_create(actor=user, data=form.to_input()).get_absolute_url(),
        success_message=_("Data dicatat."),
        refused=services.ThingRefused,
    )
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from waspada.core.locking import StaleRecord

F = TypeVar("F", bound=BaseForm)


def put_errors(form: BaseForm, exc: ValidationError, field_for: Callable[[str], str | None] | None = None) -> None:
    """A service refusal back on the form: each message next to the field it names, where the form
    has that field; the rest (``__all__``, names the form does not show, a refusal without field
    names) on top of the form. ``field_for`` translates a service's name to the form's
    (``"region"`` → ``"kabkota"``, ``"politik.narrative"`` → ``"politik__narrative"``)."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for name, errors in exc.message_dict.items():
        target = field_for(name) if field_for is not None else name
        for message in errors:
            form.add_error(target if target in form.fields else None, message)


def form_page(
    request: HttpRequest,
    *,
    make_form: Callable[[Any], F],
    render_form: Callable[[F, int], HttpResponse],
    save: Callable[[F], str],
    success_message: str,
    refused: type[ValidationError] = ValidationError,
) -> HttpResponse:
    """``make_form(None)`` on GET, ``make_form(request.POST)`` on POST; ``save(form)`` calls the
    service and answers the URL to go to; a ``refused`` error from it is shown on the form."""
    if request.method != "POST":
        return render_form(make_form(None), 200)
    form = make_form(request.POST)
    if not form.is_valid():
        return render_form(form, 400)
    try:
        url = save(form)
    except refused as exc:
        put_errors(form, exc)
        return render_form(form, 409 if isinstance(exc, StaleRecord) else 400)
    messages.success(request, success_message)
    return redirect(url)
