"""Fragments one app shows on another app's page, without the page's app knowing the other app.

An app registers a provider for a slot in its AppConfig.ready (`panels.register("groups.group", provider)`);
the page's view asks `panels.fragments("groups.group", request=request, obj=group)` and shows what comes back.
A provider returns HTML (already escaped, e.g. from render_to_string) or "" when it has nothing to say. The
kit names no app.
"""

from collections import defaultdict

from django.utils.safestring import mark_safe

_PROVIDERS: dict[str, list] = defaultdict(list)


def register(slot: str, provider) -> None:
    """`provider(request, obj)` -> str. Registering the same provider twice (ready() run again) keeps one."""
    if provider not in _PROVIDERS[slot]:
        _PROVIDERS[slot].append(provider)


def fragments(slot: str, *, request, obj=None) -> list[str]:
    return [mark_safe(html) for provider in _PROVIDERS.get(slot, ()) if (html := provider(request, obj))]
