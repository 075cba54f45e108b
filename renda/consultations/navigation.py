"""Sidebar entries of consultations."""

from renda.core.navigation import NAV, NavEntry

ENTRIES: list[NavEntry] = []
for _entry in ENTRIES:
    if _entry not in NAV:
        NAV.append(_entry)
