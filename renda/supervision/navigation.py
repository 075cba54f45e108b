"""Sidebar entries of supervision, from its parts."""

from renda.core.navigation import NAV
from renda.supervision import navigation_oversight, navigation_projects

for _entry in [*navigation_oversight.ENTRIES, *navigation_projects.ENTRIES]:
    if _entry not in NAV:
        NAV.append(_entry)
