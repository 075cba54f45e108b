"""Staff pages of the personnel app (namespace "personnel")."""

app_name = "personnel"
urlpatterns: list = []
