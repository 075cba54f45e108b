"""Role sets for the access matrix; apps' ``tests/access_policy.py`` use them too.

An app declares its URLs in ``<app>/tests/access_policy.py``: ``POLICY``, and where
needed ``POST_POLICY``, ``URL_ARGS`` and ``prepare(world)`` (creates the other unit's
or the other deputy's objects the URLs point at).
"""

ROLES = (
    "administrator",
    "office_staff",
    "leader",
    "committee_member",
    "deputy",
    "unit_handler",
    "expert",
    "no_role",
    "anonymous",
)
WITH_ROLE = frozenset(ROLES) - {"no_role", "anonymous"}
COMMITTEE = frozenset({"administrator", "office_staff", "leader", "committee_member"})
REGISTRARS = frozenset({"administrator", "office_staff"})
ADMIN = frozenset({"administrator"})
PUBLIC = frozenset(ROLES)
NOBODY = frozenset()
