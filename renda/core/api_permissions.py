"""API permission classes (kept apart from api_support: DRF imports them while
its own views module is still loading)."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from renda.core import roles


class HasRole(BasePermission):
    """Logged in and holding at least one renda role; a bare account sees nothing."""

    message = _("Your account has no role in renda.")

    def has_permission(self, request, view) -> bool:
        return bool(roles.roles_of(request.user))


class RulesPermission(HasRole):
    """Checks the view's ``required_perm`` (a ``rules`` permission), the same one
    that guards the matching page, so API and pages cannot drift apart."""

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "required_perm", None)
        if not super().has_permission(request, view):
            return False
        return perm is None or request.user.has_perm(perm)
