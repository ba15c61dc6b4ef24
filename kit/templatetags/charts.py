"""`{% chart chart "dom-id" %}`: a chart (kit/charts.py) on screen, drawn by Chart.js,
with its numbers in a table."""

from django import template

from kit.charts import figure

register = template.Library()


@register.inclusion_tag("components/chart.html")
def chart(chart, dom_id: str, height: int = 280):
    return {
        "chart": chart,
        "dom_id": dom_id,
        "config_id": f"{dom_id}-config",
        "config": chart.chartjs(),
        "rows": chart.rows(),
        "height": height,
    }


@register.filter
def chart_figure(value):
    return figure(value)
