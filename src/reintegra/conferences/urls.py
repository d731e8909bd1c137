"""Pages of the conferences app, mounted at the site root under the namespace `conferences`."""

app_name = "conferences"
urlpatterns: list = []
