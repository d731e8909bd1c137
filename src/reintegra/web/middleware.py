from django.utils.cache import patch_cache_control


class NoStoreForSignedIn:
    """Pages and API answers for a signed-in user hold special-category data: no browser
    or proxy cache may keep them (a shared office computer, a caching proxy)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
