"""/api/v1/ entries of legislation."""

ROUTES: list = []
API_PATHS: list = []
