"""Staff pages of filings (namespace "filings")."""

app_name = "filings"
urlpatterns: list = []
