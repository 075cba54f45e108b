"""Public portal pages of consultations (namespace "consultations-portal")."""

app_name = "consultations-portal"
urlpatterns: list = []
