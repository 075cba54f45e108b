"""What the demo year of consultations must show (run by renda/reports/tests/test_demo_year.py)."""


def check(figures: dict) -> None:
    pass
