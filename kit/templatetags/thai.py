"""Template filters for Thai formats, loaded as builtins in every template (config/settings.py)."""

from django import template

from kit import thai

register = template.Library()


@register.filter
def thai_date(value):
    """{{ d|thai_date }} -> 15 ม.ค. 2569"""
    return thai.date_short(value)


@register.filter
def thai_date_long(value):
    """{{ d|thai_date_long }} -> 15 มกราคม พ.ศ. 2569"""
    return thai.date_long(value)


@register.filter
def fiscal_year(value):
    """{{ d|fiscal_year }} -> 2569"""
    return thai.fiscal_year(value) if value else ""


@register.filter
def be_year(value):
    return thai.be_year(value) if value else ""


@register.filter
def thai_digits(value):
    """{{ 2569|thai_digits }} -> ๒๕๖๙"""
    return thai.thai_digits(value)


@register.filter
def baht(value, decimals=2):
    """{{ amount|baht }} -> 1,234,567.50"""
    return thai.baht(value, int(decimals))


@register.filter
def masked_national_id(value):
    """{{ person.national_id|masked_national_id }} -> 1-2345-xxxxx-xx-1"""
    return thai.national_id_mask(value)


@register.filter
def name_parts(person):
    """{{ person|name_parts }}: the title and first name, and the last name, each kept on one line, so a
    narrow screen breaks a Thai name between its parts, never inside one
    (browsers break Thai words by dictionary)."""
    from django.utils.html import format_html

    if person is None:
        return ""
    first = f"{person.display_title}{person.first_name}".strip()
    return format_html(
        '<span class="text-nowrap">{}</span> <span class="text-nowrap">{}</span>', first, person.last_name
    )
