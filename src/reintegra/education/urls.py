"""Pages of the education app, mounted at the site root under the namespace `education`."""

app_name = "education"
urlpatterns: list = []
