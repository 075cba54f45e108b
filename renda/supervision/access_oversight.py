"""Access to supervision records: oversight."""

__all__: list[str] = []
