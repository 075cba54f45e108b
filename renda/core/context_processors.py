from django.urls import reverse

from renda.core import roles
from renda.core.navigation import NAV


def workbench(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    sections: dict[str, list] = {}
    for entry in NAV:
        if user.has_perm(entry.permission):
            sections.setdefault(str(entry.section), []).append(
                (entry.label, reverse(entry.url_name), entry.icon, entry.url_name)
            )
    return {
        "nav_sections": list(sections.items()),
        "user_roles": [roles.ROLE_LABELS[r] for r in roles.ALL_ROLES if r in roles.roles_of(user)],
    }
