"""Demo year of supervision, from its parts."""

from renda.supervision import demo_oversight, demo_projects  # noqa: F401
