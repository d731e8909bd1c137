"""Pages of the plans app, mounted at the site root under the namespace `plans`."""

app_name = "plans"
urlpatterns: list = []
