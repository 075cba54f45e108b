"""API of the meetings app. ROUTES are registered on the project's one router;
API_PATHS are extra paths under /api/v1/ (namespace "api")."""

ROUTES: list = []  # (prefix, viewset, basename)
API_PATHS: list = []  # django.urls.path(...) entries
