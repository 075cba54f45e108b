"""Supervision models: projects (see models/__init__.py)."""

__all__: list[str] = []
