"""Templates ask the app's policy: `{% can "groups.change" group as may %}{% if may %}...{% else
%}{{ may.reason }}`."""

from django import template

from kit.policy import can as policy_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    return policy_can(context["request"].user, action, obj)
