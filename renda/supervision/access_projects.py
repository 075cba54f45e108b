"""Access to supervision records: projects."""

__all__: list[str] = []
