"""The annual report in the workbench, and the portal's statistics page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core import clock
from renda.core.history import audit_entries_for_user
from renda.core.spreadsheets import XLSX_TYPE
from renda.handling.documents import docx_response
from renda.handling.workflow import InvalidTransition
from renda.reports import annual, documents, exports, registry, services
from renda.reports.models import AnnualReport


class ProseForm(forms.Form):
    prose = forms.CharField(
        label=gettext_lazy("Text"),
        required=False,
        max_length=annual.MAX_PROSE,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": gettext_lazy("Reason for withdrawing")}
        ),
    )


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def _year(year: int) -> int:
    try:
        services.check_year(year)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    return year


@login_required
def annual_current(request):
    """Last year's report: the one the office is preparing for most of the year."""
    return annual_page(request, clock.today().year - 1)


@login_required
def annual_page(request, year: int, *, bound: tuple[str, forms.Form] | None = None, status=200):
    _require(request.user, "reports.view_annual_report")
    content = annual.build(_year(year))
    can_edit = request.user.has_perm("reports.edit_annual_report")
    report = content.report
    published = bool(report and report.state == AnnualReport.State.PUBLISHED)
    for section in content.sections:
        section.form = None
        # a published year's text is frozen until the figures are withdrawn
        if can_edit and not published and section.section.key in annual.SECTION_KEYS:
            section.form = ProseForm(
                initial={"prose": section.prose_template}, prefix=section.section.key
            )
            if bound and bound[0] == section.section.key:
                section.form = bound[1]
    context = {
        "title": _("Annual report %(year)s") % {"year": year},
        "content": content,
        "report": report,
        "published": published,
        "can_edit": can_edit,
        "withdraw_form": bound[1] if bound and bound[0] == "withdraw" else WithdrawForm(),
        "placeholders": [(f.key, f.label) for f in registry.figures()],
        "audit_entries": audit_entries_for_user(request.user, report) if report else None,
    }
    return render(request, "reports/annual.html", context, status=status)


@require_POST
@login_required
def annual_section(request, year: int, section: str):
    _require(request.user, "reports.edit_annual_report")
    if section not in annual.SECTION_KEYS:
        raise Http404
    form = ProseForm(request.POST, prefix=section)
    if form.is_valid():
        try:
            services.save_section(
                _year(year), section, form.cleaned_data["prose"], actor=request.user
            )
        except ValidationError as exc:
            form.add_error("prose", exc)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect("reports:annual", year=year)
    if form.errors:
        return annual_page(request, year, bound=(section, form), status=400)
    messages.success(request, _("The text is saved."))
    return redirect(f"{reverse('reports:annual', args=[year])}#section-{section}")


@require_POST
@login_required
def annual_publish(request, year: int):
    _require(request.user, "reports.edit_annual_report")
    try:
        services.publish(_year(year), actor=request.user)
        messages.success(request, _("The figures of %(year)s are on the portal.") % {"year": year})
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    return redirect("reports:annual", year=year)


@require_POST
@login_required
def annual_withdraw(request, year: int):
    _require(request.user, "reports.edit_annual_report")
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return annual_page(request, year, bound=("withdraw", form), status=400)
    try:
        services.withdraw(_year(year), form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("The figures are withdrawn from the portal."))
    except ValidationError as exc:
        form.add_error("reason", exc)
        return annual_page(request, year, bound=("withdraw", form), status=400)
    except InvalidTransition as exc:
        messages.error(request, str(exc))
    return redirect("reports:annual", year=year)


@login_required
def annual_download(request, year: int, fmt: str):
    _require(request.user, "reports.view_annual_report")
    year = _year(year)
    if fmt == "docx":
        return docx_response(documents.annual_report(year), f"履职工作综述-{year}.docx")
    if fmt == "xlsx":
        response = HttpResponse(exports.as_xlsx(year), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="figures-{year}.xlsx"'
        return response
    if fmt == "json":
        response = JsonResponse(
            exports.as_dict(annual.build(year)), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = f'attachment; filename="figures-{year}.json"'
        return response
    raise Http404


# --- the portal -------------------------------------------------------------------------
def _published_years() -> list[int]:
    return list(
        AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).values_list(
            "year", flat=True
        )
    )


PORTAL_CACHE_SECONDS = 300


def _published_content(year: int):
    """A published year's figures, counted at most every few minutes: the portal is
    public, and a page costs an aggregate query per figure."""
    key = f"reports:portal:{year}:{translation.get_language()}"
    content = cache.get(key)
    if content is None:
        built = annual.build(year)
        content = {
            "committee": built.committee,
            "sections": [
                {
                    "key": section.section.key,
                    "label": str(section.section.label),
                    "prose": section.prose,
                    "lines": [
                        {
                            "key": line.figure.key,
                            "label": str(line.figure.label),
                            "shown": line.shown,
                            "pending": bool(line.pending),
                        }
                        for line in section.lines
                    ],
                }
                for section in built.sections
            ],
        }
        cache.set(key, content, PORTAL_CACHE_SECONDS)
    return content


def statistics(request, year: int | None = None):
    """The published figures of a year (the latest by default); nothing unpublished."""
    years = _published_years()
    if year is None and years:
        year = years[0]
    if year is not None and year not in years:
        raise Http404
    content = _published_content(year) if year is not None else None
    return render(
        request,
        "reports/portal_statistics.html",
        {"title": _("Statistics"), "content": content, "years": years, "year": year},
    )
