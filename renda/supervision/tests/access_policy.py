"""Who may open supervision's URLs, gathered from its parts (see
renda/core/tests/test_access_matrix.py)."""

from renda.supervision.tests import access_policy_oversight as _o
from renda.supervision.tests import access_policy_projects as _p

POLICY = {**_o.POLICY, **_p.POLICY}
POST_POLICY = {**_o.POST_POLICY, **_p.POST_POLICY}
URL_ARGS = {**_o.URL_ARGS, **_p.URL_ARGS}


def prepare(world) -> None:
    _o.prepare(world)
    _p.prepare(world)
