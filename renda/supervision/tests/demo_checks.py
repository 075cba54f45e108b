"""What the demo year's supervision must show, from its parts."""

from renda.supervision.tests import demo_checks_oversight, demo_checks_projects


def check(figures: dict) -> None:
    demo_checks_oversight.check(figures)
    demo_checks_projects.check(figures)
