"""The audit log: one append-only row per state change, in the caller's transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from renda.core.models import AuditEntry


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe picture of a record's concrete fields (foreign keys by id)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "password"}:
            continue
        value = field.value_from_object(instance)
        data[field.attname if field.is_relation else field.name] = _json_safe(value)
    return data


def _json_safe(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


def record(
    actor,
    target: models.Model,
    verb: str,
    *,
    before: dict | None = None,
    after: dict | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    actor_name: str = "",
) -> AuditEntry:
    """Write one audit row. Must run inside the transaction of the change it records,
    so that a rolled-back change leaves no row and a committed one always has its row."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the change's transaction")
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else (actor_name or "system"),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        from_state=from_state,
        to_state=to_state,
        before=before or {},
        after=after or {},
        note=note,
    )


def changed_fields(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ, for a compact before/after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def entries_for(target: models.Model):
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return AuditEntry.objects.filter(target_type=ct, target_id=str(target.pk))
