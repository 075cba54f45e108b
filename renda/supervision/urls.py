"""Staff pages of supervision (namespace "supervision")."""

from renda.supervision import urls_oversight, urls_projects

app_name = "supervision"
urlpatterns = [*urls_oversight.urlpatterns, *urls_projects.urlpatterns]
