"""Forms on a record's page that each call one service: the page lists the actions the
user may take now, and a POST runs one — the service's refusals become form errors
(bad input, status 400) or a message (an illegal move), never a 500."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
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


def perform(request, actions: dict, name: str, obj, *, page, detail: str, perm: str | None = None):
    """The POST of one action of a record's page. An unknown action, or one the user may
    not take (its own permission, else ``perm``), is refused (403); one not possible in
    the record's present state is refused with a message. Success or a refused move go
    back to the record's page (URL name ``detail``); bad input shows ``page`` again with
    the bound form (400)."""
    action = actions.get(name)
    needed = action and (action.perm or perm)
    if action is None or (needed and not request.user.has_perm(needed)):
        raise PermissionDenied
    if not action.available(obj):
        messages.error(request, _("This action is not possible now."))
        return redirect(detail, pk=obj.pk)
    bound = run_action(request, action, obj, prefix=name)
    if bound is None:
        return redirect(detail, pk=obj.pk)
    return page(request, obj, bound=bound, status=400)
