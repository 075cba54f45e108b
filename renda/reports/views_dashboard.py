"""The leaders' dashboard (being built)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse


@login_required
def leaders(request):
    if not request.user.has_perm("reports.view_dashboard"):
        raise PermissionDenied
    return HttpResponse("")
