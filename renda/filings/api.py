"""API of filings: viewsets registered by renda/api_urls.py."""

ROUTES: list = []  # (prefix, viewset, basename)
API_PATHS: list = []  # extra path() entries under /api/v1/
