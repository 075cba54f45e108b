"""The "my to-do" page: each line of work contributes what waits for a user."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    due: Any = None
    kind: str = ""


_PROVIDERS: list[Callable[[Any], list[TodoItem]]] = []


def register(provider: Callable[[Any], list[TodoItem]]) -> Callable:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def items_for(user) -> list[TodoItem]:
    items: list[TodoItem] = []
    for provider in _PROVIDERS:
        items.extend(provider(user))
    return items
