"""Staff pages of the ballots app (namespace "ballots")."""

app_name = "ballots"
urlpatterns: list = []
