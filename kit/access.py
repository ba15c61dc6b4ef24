"""Which pages answer without a login: declared here once, read by the URL sweep (tests/test_url_sweep.py).

Every other page asks for a login (a redirect to it) or answers 404. Our own public views carry
`@public_page`; Django's own public pages (the sign-in pages) are named in `PUBLIC_URL_NAMES`.
"""

PUBLIC_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "set_language",  # signing in and out, the language switch (Django's views)
        "admin:login",
        "admin:logout",  # the admin's sign-in and sign-out (every other admin page redirects to it)
    }
)


def public_page(view):
    """Mark a view as open to anyone (no login). Keep the list short: each is a page strangers may reach."""
    view.public_page = True
    return view


def is_public(match) -> bool:
    """`match`: a ResolverMatch. True for pages declared public."""
    return match.view_name in PUBLIC_URL_NAMES or getattr(match.func, "public_page", False)
