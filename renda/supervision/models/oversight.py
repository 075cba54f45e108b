"""Supervision models: oversight (see models/__init__.py)."""

__all__: list[str] = []
