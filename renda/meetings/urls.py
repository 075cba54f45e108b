"""Staff pages of the meetings app (namespace "meetings")."""

app_name = "meetings"
urlpatterns: list = []
