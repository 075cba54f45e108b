"""Public pages of livelihood projects (/portal/livelihood/, namespace "livelihood-portal")."""

app_name = "livelihood-portal"
urlpatterns: list = []
