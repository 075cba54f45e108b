"""Sidebar entries of supervision: projects."""

ENTRIES: list = []
