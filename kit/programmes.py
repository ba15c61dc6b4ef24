"""The target villages of a fiscal year's village programme, without the asking app knowing the reports app.

The reports app registers its provider in its AppConfig.ready (`programmes.register(approved_villages)`); the training
and groups apps ask `programmes.target_villages(year)` and narrow the queryset by the user's area. The kit names no app.
"""

_PROVIDER = None


def register(provider) -> None:
    """`provider(fiscal_year: int)` -> QuerySet of registry.Village (the approved target villages)."""
    global _PROVIDER
    _PROVIDER = provider


def target_villages(fiscal_year: int):
    """The provider's queryset, or Village.objects.none() when none is registered."""
    if _PROVIDER is None:
        from django.apps import apps

        return apps.get_model("registry", "Village").objects.none()
    return _PROVIDER(fiscal_year)
