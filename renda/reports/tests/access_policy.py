"""Who may open the reports' URLs (see renda/core/tests/test_access_matrix.py). Each part
of the reports app declares its URLs in its own ``policy_*.py`` module beside this one."""

from importlib import import_module
from pathlib import Path

POLICY: dict = {}
POST_POLICY: dict = {}
URL_ARGS: dict = {}
_PREPARES = []
for _path in sorted(Path(__file__).parent.glob("policy_*.py")):
    _module = import_module(f"renda.reports.tests.{_path.stem}")
    POLICY.update(_module.POLICY)
    POST_POLICY.update(getattr(_module, "POST_POLICY", {}))
    URL_ARGS.update(getattr(_module, "URL_ARGS", {}))
    if hasattr(_module, "prepare"):
        _PREPARES.append(_module.prepare)


def prepare(world):
    for step in _PREPARES:
        step(world)
