"""Public portal pages of filings (namespace "filings-portal")."""

app_name = "filings-portal"
urlpatterns: list = []
