"""Staff pages of legislation (namespace "legislation")."""

app_name = "legislation"
urlpatterns: list = []
