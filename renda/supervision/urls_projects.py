"""Staff pages of supervision: projects."""

urlpatterns: list = []
