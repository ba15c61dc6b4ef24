"""Thai first: the interface is Thai unless the user chose English with the language switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a Thai officer on an
English-language Windows would get English pages; here only the explicit choice (cookie) counts.
"""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ThaiFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNulMiddleware:
    """No field or parameter a person types contains a NUL character; PostgreSQL refuses one in any text (a
    server error wherever a view reads a parameter without a form). Such a request gets the Thai 400 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for data in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL character in a parameter")
        return self.get_response(request)
