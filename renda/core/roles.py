"""The roles of renda. Each is a Django group of the same name; a user may hold several."""

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "administrator"
OFFICE_STAFF = "office_staff"
LEADER = "leader"
COMMITTEE_MEMBER = "committee_member"
DEPUTY = "deputy"
UNIT_HANDLER = "unit_handler"
EXPERT = "expert"

ROLE_LABELS = {
    ADMINISTRATOR: _("Administrator"),
    OFFICE_STAFF: _("Office staff"),
    LEADER: _("Leader"),
    COMMITTEE_MEMBER: _("Committee member"),
    DEPUTY: _("Deputy"),
    UNIT_HANDLER: _("Unit handler"),
    EXPERT: _("Expert"),
}
ALL_ROLES = tuple(ROLE_LABELS)
# Roles that work inside the committee and see its registers whole.
COMMITTEE_SIDE = frozenset({ADMINISTRATOR, OFFICE_STAFF, LEADER, COMMITTEE_MEMBER})
# Roles that manage the registers (edit, import).
REGISTRARS = frozenset({ADMINISTRATOR, OFFICE_STAFF})


def roles_of(user) -> frozenset[str]:
    """The role names a user holds, computed once per request object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_renda_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached |= {ADMINISTRATOR}
        user._renda_roles = cached
    return cached


def has_any_role(user, roles) -> bool:
    return bool(roles_of(user) & set(roles))
