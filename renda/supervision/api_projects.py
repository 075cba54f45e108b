"""/api/v1/ entries of supervision: projects."""

ROUTES: list = []
API_PATHS: list = []
