"""Where a form sends the user after a POST: the page it names in `next`, if that is a path on this site."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def back_to(request, default: str) -> HttpResponseRedirect:
    """A redirect to the POST's `next` when it is a path of this site ("/grants/12/#printouts"), else to
    `default`.

    `next` is typed by the browser, so anything may come: a bare word or number ("-1") is not a path, another
    host or scheme is not ours; both fall back to `default`. The answer is always a plain redirect to a URL,
    never a lookup of a view by name (which fails on a value that is neither)."""
    target = request.POST.get("next", "")
    if (
        target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)
