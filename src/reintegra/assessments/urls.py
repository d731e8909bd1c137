"""Pages of the assessments app, mounted at the site root under the namespace `assessments`."""

app_name = "assessments"
urlpatterns: list = []
