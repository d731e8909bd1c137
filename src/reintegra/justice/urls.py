"""Pages of the justice app, mounted at the site root under the namespace `justice`."""

app_name = "justice"
urlpatterns: list = []
