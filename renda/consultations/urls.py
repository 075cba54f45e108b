"""Staff pages of consultations (namespace "consultations")."""

app_name = "consultations"
urlpatterns: list = []
