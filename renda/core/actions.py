"""Forms on a record's page that each call one service: the page lists the actions the
user may take now, and a POST runs one — the service's refusals become form errors
(bad input, status 400) or a message (an illegal move), never a 500."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from renda.core.forms import add_service_errors
from renda.handling.workflow import InvalidTransition


@dataclass(frozen=True)
class Action:
    label: Any
    form: Callable  # (obj, data, files, prefix=) -> Form
    apply: Callable  # (obj, form, actor) -> None; calls the service
    available: Callable = lambda obj: True  # in the record's present state
    perm: str | None = None  # who may take it; None: the page's permission


def action_forms(user, actions: dict, obj, *, perm: str | None = None, bound=None) -> dict:
    """name → (label, form) of the actions ``user`` may take on ``obj`` now; ``bound``
    (a form that failed) is shown in place of the empty one of its action."""
    result = {}
    for name, action in actions.items():
        needed = action.perm or perm
        if (needed and not user.has_perm(needed)) or not action.available(obj):
            continue
        if bound is not None and bound.prefix == name:
            result[name] = (action.label, bound)
        else:
            result[name] = (action.label, action.form(obj, None, None, prefix=name))
    return result


def run_action(request, action: Action, obj, *, prefix: str):
    """Validate the action's form and call its service. The bound form on bad input
    (to show with status 400); None on success or on a refused move (with a message)."""
    form = action.form(obj, request.POST, request.FILES, prefix=prefix)
    if not form.is_valid():
        return form
    try:
        action.apply(obj, form, request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return form
    except InvalidTransition as exc:
        messages.error(request, str(exc))
        return None
    messages.success(request, _("Done: %(action)s.") % {"action": action.label})
    return None
