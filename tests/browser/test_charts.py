"""In Chromium, under the site's Content-Security-Policy: a chart component (kit/charts.py) is drawn by
Chart.js from our own static files, with its numbers in the table beside it. Screenshot at 1366 and 375 px
(var/screenshots/chart-*.png)."""

import pytest
from django.template import Context, Template

from tests.test_charts import districts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chartjs_draws_the_chart_under_the_pages_policy(live_server, page_at, screenshot):
    html = Template('{% load charts %}{% chart c "villages" %}').render(Context({"c": districts()}))
    for width in (1366, 375):
        page = page_at(width, 700)
        blocked = []

        def note_blocked(message, blocked=blocked):
            if "Content Security Policy" in message.text:
                blocked.append(message.text)

        page.on("console", note_blocked)
        page.goto(f"{live_server.url}/about/")
        page.evaluate(
            """html => { const main = document.querySelector('main') || document.body;
                                   main.insertAdjacentHTML('afterbegin', html); }""",
            html,
        )
        for src in ("/static/vendor/chartjs/chart.umd.min.js", "/static/js/charts.js"):
            page.evaluate(
                """src => new Promise((done, failed) => { const s = document.createElement('script');
                             s.src = src; s.onload = done; s.onerror = failed;
                             document.body.appendChild(s); })""",
                src,
            )
        page.wait_for_function(
            "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
        )
        drawn = page.evaluate("""() => { const c = document.querySelector('canvas[data-chart]');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let inked = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) inked++; }
            return inked; }""")
        assert drawn > 1000, "the canvas has the chart on it"
        chart = page.evaluate(
            "() => Chart.getChart(document.querySelector('canvas[data-chart]')).data.datasets"
            ".map(d => d.data)"
        )
        assert chart == [[30, 20, 12], [15, 20, 0]]
        assert page.get_by_test_id("chart-villages").get_by_role("table").is_visible()
        assert not blocked, blocked
        screenshot(page, f"chart-{width}")
