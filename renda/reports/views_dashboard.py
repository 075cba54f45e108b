"""The leaders' dashboard: the year's charts, each drilling down to the list behind it.

The data is embedded in the page (``json_script``) and drawn by reports/dashboard.js
with ECharts; a table under each chart holds the same numbers for readers without
JavaScript and for screen readers."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import clock
from renda.core.forms import style_form
from renda.reports import dashboard


class DashboardForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    district = forms.ModelChoiceField(
        label=gettext_lazy("Hot topics of"),
        queryset=dashboard.districts(),
        required=False,
        empty_label=gettext_lazy("the whole city"),
    )


@login_required
def leaders(request):
    if not request.user.has_perm("reports.view_dashboard"):
        raise PermissionDenied
    this_year = clock.today().year
    form = DashboardForm(request.GET or None, initial={"year": this_year})
    year, district, status = this_year, None, 200
    if request.GET:
        if form.is_valid():
            year, district = form.cleaned_data["year"], form.cleaned_data["district"]
        else:
            status = 400  # the errors are shown; the charts stay on the current year
    style_form(form)
    data = dashboard.dashboard(year, district)
    context = {
        "title": gettext_lazy("Leaders' dashboard"),
        "form": form,
        "year": year,
        "data": data,
        "labels": {
            "completed": _("Completed"),
            "in_handling": _("In handling"),
            "overdue": _("Overdue"),
            "opinions": _("Opinions"),
            "count": _("Count"),
            "empty": _("No records."),
        },
    }
    return render(request, "reports/dashboard.html", context, status=status)
