"""The 2023 demo year. Each app adds its loader with ``@demo_step(order)``; the
``seed_demo`` command runs them in order, in one transaction, and every loader is
idempotent (a second run changes nothing)."""

from collections.abc import Callable

_STEPS: list[tuple[int, str, Callable]] = []


def demo_step(order: int):
    def decorator(func):
        _STEPS.append((order, f"{func.__module__}.{func.__name__}", func))
        return func

    return decorator


def steps() -> list[tuple[str, Callable]]:
    return [(name, func) for _order, name, func in sorted(_STEPS, key=lambda s: (s[0], s[1]))]


from renda.core.demo import year2023  # noqa: E402,F401  (registers the core loader)
