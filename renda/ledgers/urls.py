"""Staff pages of the work ledgers (namespace "ledgers")."""

app_name = "ledgers"
urlpatterns: list = []
