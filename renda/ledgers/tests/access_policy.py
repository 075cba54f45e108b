"""Who may open the ledgers' URLs (see renda/core/tests/test_access_matrix.py)."""

POLICY: dict = {}
