"""/api/v1/ entries of supervision: oversight."""

ROUTES: list = []
API_PATHS: list = []
