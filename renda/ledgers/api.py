"""/api/v1/ entries of the work ledgers."""

ROUTES: list = []
API_PATHS: list = []
