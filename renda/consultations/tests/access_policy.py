"""URLs of consultations in the access matrix (renda/core/tests/test_access_matrix.py)."""

POLICY: dict = {}
