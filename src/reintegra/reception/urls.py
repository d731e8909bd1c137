"""Pages of the reception app, mounted at the site root under the namespace `reception`."""

app_name = "reception"
urlpatterns: list = []
