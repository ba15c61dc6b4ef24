from django import template

from reports.selectors.plans import number

register = template.Library()


@register.filter
def figure(value):
    """1,488,000 or 85.50, as the plan's document writes its figures."""
    return number(value)
