"""Who may open legislation's URLs (see renda/core/tests/test_access_matrix.py)."""

POLICY: dict = {}
