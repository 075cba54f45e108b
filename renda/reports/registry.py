"""The figure registry: named, computed figures for a year.

Each app's ``figures.py`` registers functions ``(year) -> number``, each one aggregate
query over records. Nothing here stores a figure: the annual report, the API and the
dashboards all compute from the records every time.
"""

from collections.abc import Callable
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: str
    how: str
    compute: Callable[[int], Number]


_REGISTRY: dict[str, Figure] = {}


def register(key: str, *, section: str, label: str, how: str):
    """Decorator: ``@register("liaison_stations", section="deputies", label=..., how=...)``."""

    def decorator(func: Callable[[int], Number]):
        if key in _REGISTRY and _REGISTRY[key].compute is not func:
            raise ValueError(f"figure {key!r} registered twice")
        _REGISTRY[key] = Figure(key, section, label, how, func)
        return func

    return decorator


def figures() -> list[Figure]:
    return list(_REGISTRY.values())


def compute_all(year: int) -> dict[str, Number]:
    return {f.key: f.compute(year) for f in _REGISTRY.values()}


def share(part: int, whole: int) -> float:
    """A coverage share; an empty population counts as 0, never a division error."""
    return round(part / whole, 4) if whole else 0.0
