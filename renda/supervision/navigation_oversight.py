"""Sidebar entries of supervision: oversight."""

ENTRIES: list = []
