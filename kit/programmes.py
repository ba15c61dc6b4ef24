"""The fiscal year's target villages of the village programme (สัมมาชีพชุมชน),
for the apps that carry the programme out.

The plan and its approved target villages live in an app of their own; the apps that run the programme
(training, groups) ask only this: `target_villages(fiscal_year)`. The plan's app registers its provider in its
AppConfig.ready (`programmes.register(provider)`); the kit names no app. Without a provider there are no
target villages, so nothing is allowed that needs one.
"""

_provider = None


def register(provider) -> None:
    """`provider(fiscal_year: int)` -> QuerySet of registry.Village (the approved targets of that year, every
    province: callers narrow by the user's area). Registering again (ready() run twice) replaces it."""
    global _provider
    _provider = provider


def unregister(provider) -> None:
    """Take the provider away again (tests that register their own), if it is still the registered one."""
    global _provider
    if _provider is provider:
        _provider = None


def target_villages(fiscal_year: int):
    """The approved target villages of `fiscal_year`: the provider's queryset, or none when no provider is
    registered."""
    if _provider is None:
        from django.apps import apps

        return apps.get_model("registry", "Village").objects.none()  # the contract's empty answer
    return _provider(fiscal_year)
