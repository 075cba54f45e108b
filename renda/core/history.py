"""What a record's page shows of its history: the audit entries of its state changes
(with their changes spelt out) and the stored versions of its fields — to users who
may see history (``core.view_history``), nothing to others."""

from renda.core import audit

SHOWN = 50  # audit entries per record
VERSIONS_SHOWN = 20


def describe_changes(entry) -> str:
    keys = sorted(set(entry.before) | set(entry.after))
    text = "; ".join(f"{k}: {entry.before.get(k, '')} → {entry.after.get(k, '')}" for k in keys)
    return text[:500]


def audit_entries_for_user(user, record, related=()) -> list | None:
    """The newest audit entries of ``record`` (and of ``related`` records), or None
    when the user may not see history."""
    if not user.has_perm("core.view_history"):
        return None
    entries = list(audit.entries_for(record)[:SHOWN])
    for other in related:
        entries.extend(audit.entries_for(other)[:SHOWN])
    if related:
        entries.sort(key=lambda e: e.created_at, reverse=True)
    for entry in entries:
        entry.changes = describe_changes(entry)
    return entries


def history_context(user, record, related=()) -> dict:
    """Template context: ``audit_entries`` and ``versions`` (django-simple-history)."""
    entries = audit_entries_for_user(user, record, related)
    if entries is None:
        return {"audit_entries": None, "versions": None}
    versions = list(record.history.select_related("history_user").all()[:VERSIONS_SHOWN])
    return {"audit_entries": entries, "versions": versions}
