"""The figure registry: named, computed figures for a year.

Each app's ``figures.py`` registers functions ``(year) -> number``, each one aggregate
query over records. Nothing here stores a figure: the annual report, the API and the
dashboards all compute from the records every time.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Number = int | float


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    label: Any  # lazily translated, as how and pending_what
    how: Any
    compute: Callable[[int], Number]
    # How many of the figure's inputs are still open in the year (cases in handling,
    # documents under review): the figure may still move and the report says so.
    pending: Callable[[int], int] | None = None
    pending_what: Any = ""  # lazily translated


_REGISTRY: dict[str, Figure] = {}


def register(
    key: str,
    *,
    section: str,
    label: Any,
    how: Any,
    pending: Callable[[int], int] | None = None,
    pending_what: Any = "",
):
    """Decorator: ``@register("liaison_stations", section="deputies", label=..., how=...)``.
    ``pending(year)`` counts the inputs not yet final, ``pending_what`` names them."""

    def decorator(func: Callable[[int], Number]):
        if key in _REGISTRY and _REGISTRY[key].compute is not func:
            raise ValueError(f"figure {key!r} registered twice")
        _REGISTRY[key] = Figure(key, section, label, how, func, pending, pending_what)
        return func

    return decorator


def figures() -> list[Figure]:
    return list(_REGISTRY.values())


def compute_all(year: int) -> dict[str, Number]:
    return {f.key: f.compute(year) for f in _REGISTRY.values()}


def incomplete(year: int) -> dict[str, dict]:
    """The figures of the year whose inputs are not all final: key → count and what."""
    result = {}
    for figure in _REGISTRY.values():
        if figure.pending is None:
            continue
        open_inputs = figure.pending(year)
        if open_inputs:
            result[figure.key] = {"pending": open_inputs, "what": str(figure.pending_what)}
    return result


# Figures that count what exists now rather than what happened in a year.
STANDING = {"handling_units"}


def has_records(year: int) -> bool:
    """Whether anything happened in the year: a count other than the standing ones."""
    return any(
        value
        for key, value in compute_all(year).items()
        if key not in STANDING and not isinstance(value, float)
    )


def display(value: Number) -> str:
    """A figure as people read it: shares (floats 0..1) as percentages."""
    if isinstance(value, float):
        return f"{value:.1%}".replace(".0%", "%")
    return str(value)


def share(part: int, whole: int) -> float:
    """A coverage share; an empty population counts as 0, never a division error."""
    return round(part / whole, 4) if whole else 0.0
