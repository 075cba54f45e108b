"""/api/v1/ entries of supervision, gathered from its parts."""

from renda.supervision import api_oversight, api_projects

ROUTES: list = [*api_oversight.ROUTES, *api_projects.ROUTES]
API_PATHS: list = [*api_oversight.API_PATHS, *api_projects.API_PATHS]
