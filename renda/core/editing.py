"""The plain edit page of the workbench (core/edit.html): a form to fill, shown again
with its errors (400) until its service accepts it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from renda.core.forms import add_service_errors


def edit_page(request, title, form, *, status: int | None = None):
    return render(
        request,
        "core/edit.html",
        {"title": title, "forms": [form]},
        status=status or (400 if form.errors else 200),
    )


def create_page(request, form, create, *, title, detail: str, success=None):
    """On a valid POST, ``create(cleaned_data)`` calls the service and the new record's
    page (URL name ``detail``) follows; the service's refusals become form errors."""
    if request.method == "POST" and form.is_valid():
        try:
            record = create(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success or _("Saved."))
            return redirect(detail, pk=record.pk)
    return edit_page(request, title, form)
