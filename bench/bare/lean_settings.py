"""renda as is, except that the intake's background work is only recorded, never stored
or run (the dummy task backend): the floor of what the API intake costs. A diagnostic
for bench/opinions.py --lean; never used by renda."""

from renda.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
