"""Response headers of the whole app that are not about accounts.

`KeinCacheMiddleware`: no response of the app may be kept by a browser or a
proxy (every page may show personal data); static files are served before it.
"""

from django.utils.cache import patch_cache_control


class KeinCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
