"""Notices: written in the to-do lists after the change commits, then handed to the
configured senders (e-mail, SMS gateway…). Idempotent by key."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.module_loading import import_string

from renda.handling.models import Notice

logger = logging.getLogger(__name__)


def notify(key: str, type: str, case, message: str, *, user=None, unit=None) -> None:
    """Queue a notice for after the current transaction commits."""
    transaction.on_commit(lambda: deliver(key, type, case.pk, str(message), user, unit))


def deliver(key, type, case_id, message, user=None, unit=None) -> Notice | None:
    """Create the notice unless one with this key exists; returns it only if new."""
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                key=key[:160],
                type=type,
                case_id=case_id,
                message=message[:300],
                recipient_user=user,
                recipient_unit=unit,
            )
    except IntegrityError:
        return None
    for path in getattr(settings, "RENDA_NOTICE_SENDERS", []):
        try:
            import_string(path)(notice)
        except Exception:  # noqa: BLE001 - a failing gateway must not lose the notice
            logger.exception("notice sender %s failed for notice %s", path, notice.pk)
    return notice


def email_sender(notice: Notice) -> None:
    """A sender for RENDA_NOTICE_SENDERS: e-mail to the user, or to the unit's users."""
    from django.core.mail import send_mail

    users = (
        [notice.recipient_user]
        if notice.recipient_user
        else list(notice.recipient_unit.users.all())
    )
    addresses = [u.email for u in users if u and u.email]
    if addresses:
        send_mail(str(notice.get_type_display()), notice.message, None, addresses)
