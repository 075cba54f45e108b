"""Staff pages of supervision: oversight."""

urlpatterns: list = []
