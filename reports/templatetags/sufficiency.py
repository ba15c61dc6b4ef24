"""How a sufficiency-village level and a change between rounds are drawn."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from reports.models import Level

register = template.Library()

BADGES = {
    Level.NONE: "text-bg-light border",
    Level.SUFFICIENT: "text-bg-info",
    Level.WELL: "text-bg-primary",
    Level.PROSPEROUS: "text-bg-success",
}
CHANGES = {
    "gained": ("text-success", "bi-arrow-up-circle-fill", _("passed in round 2")),
    "lost": ("text-danger", "bi-arrow-down-circle-fill", _("no longer passed in round 2")),
    "same": ("text-muted", "bi-dash", _("unchanged")),
}


@register.simple_tag
def level_badge(level):
    """The level as a badge; None (no round recorded) as a dash."""
    if not level:
        return format_html('<span class="text-muted">{}</span>', _("not recorded"))
    level = Level(level)
    return format_html(
        '<span class="badge {} text-nowrap" data-level="{}">{}</span>',
        BADGES[level],
        level.value,
        level.label,
    )


@register.simple_tag
def change_mark(change, only_changes=False):
    """What changed between the rounds; `only_changes` (the narrow screen's line under the indicator) leaves
    the unchanged ones out."""
    if change not in CHANGES or (only_changes and change == "same"):
        return ""
    css, icon, label = CHANGES[change]
    return format_html(
        '<span class="{} text-nowrap" data-change="{}"><i class="bi {}" aria-hidden="true"></i> {}</span>',
        css,
        change,
        icon,
        label,
    )


@register.simple_tag
def answer_mark(answer):
    """An indicator's answer in a round: passed, not passed, or no answer (the round is not recorded)."""
    if answer is None:
        return mark_safe('<span class="text-muted">—</span>')
    if answer.passed:
        return format_html(
            '<span class="text-success text-nowrap"><i class="bi bi-check-circle-fill" '
            'aria-hidden="true"></i> {}</span>',
            _("passed"),
        )
    return format_html(
        '<span class="text-danger text-nowrap"><i class="bi bi-x-circle" aria-hidden="true"></i> {}</span>',
        _("not passed"),
    )
