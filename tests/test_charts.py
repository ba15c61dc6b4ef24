"""Charts (kit/charts.py): one description drawn by Chart.js on screen and as SVG in the PDFs, always with its
numbers in a table; labels are users' data and are escaped everywhere."""

import json
import re
import subprocess

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from kit.charts import Chart, Series, figure, nice_ceiling

HOSTILE = '<script>alert("x")</script>'


def months():
    return Chart(
        title="ครัวเรือนที่ได้รับการส่งเสริม (สะสม)",
        labels=("ต.ค.", "พ.ย.", "ธ.ค."),
        unit="ครัวเรือน",
        series=(Series("แผน", (100, 200, 300)), Series("ผล", (80, None, 310))),
        kind="line",
    )


def districts():
    return Chart(
        title="หมู่บ้านเป้าหมาย",
        labels=("เมืองกาฬสินธุ์", "ยางตลาด", HOSTILE),
        series=(Series("เป้าหมาย", (30, 20, 12)), Series("ผล", (15, 20, 0))),
    )


@pytest.mark.parametrize(
    ("value", "top"),
    [
        (0, 1),
        (-5, 1),
        (float("nan"), 1),
        (0.3, 0.5),
        (1, 1),
        (7, 10),
        (12, 20),
        (21, 25),
        (250, 250),
        (251, 500),
        (1_488_000, 2_000_000),
    ],
)
def test_the_axis_top_is_a_round_number_at_or_above_the_largest(value, top):
    assert nice_ceiling(value) == top


def test_figures_are_written_as_the_tables_write_them():
    assert [figure(v) for v in (None, 0, 1488000, 85.5, 2.0, -0.001)] == [
        "—",
        "0",
        "1,488,000",
        "85.5",
        "2",
        "0",
    ]


def test_the_chartjs_configuration_is_plain_json_with_numbers():
    config = months().chartjs()
    assert json.loads(json.dumps(config)) == config
    assert config["type"] == "line" and config["data"]["labels"] == ["ต.ค.", "พ.ย.", "ธ.ค."]
    assert config["data"]["datasets"][1]["data"] == [80.0, None, 310.0]
    assert config["options"]["scales"]["y"]["suggestedMax"] == 500


def test_the_svg_draws_each_bar_to_scale_and_escapes_every_label():
    svg = districts().svg(width=640, height=300)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert HOSTILE not in svg and "&lt;script&gt;" in svg
    heights = [
        float(h) for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    plot_h = 300 - 34 - 56
    # the legend's two squares are 10 high; the bars follow, top = 50 (the largest is 30)
    bars = heights[2:]
    assert bars == pytest.approx(
        [plot_h * 30 / 50, plot_h * 15 / 50, plot_h * 20 / 50, plot_h * 20 / 50, plot_h * 12 / 50, 0]
    )
    assert "เมืองกาฬสินธุ์" in svg and "1,488,000" not in svg


def test_a_line_chart_skips_the_missing_month():
    svg = months().svg()
    polylines = re.findall(r'points="([^"]+)"', svg)
    assert [len(p.split()) for p in polylines] == [3, 2]


def test_an_empty_chart_still_draws():
    svg = Chart(title="ว่าง", labels=(), series=()).svg()
    assert "<svg" in svg and "—" in svg


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        Chart(title="x", labels=("a", "b"), series=(Series("s", (1,)),))
    with pytest.raises(ValueError):
        Chart(title="x", labels=(), series=(), kind="pie")


def test_the_component_has_the_canvas_its_json_and_the_numbers_table():
    html = Template('{% load charts %}{% chart c "villages" %}').render(Context({"c": districts()}))
    assert 'data-chart="villages-config"' in html and 'id="villages-config"' in html
    assert HOSTILE not in html and "&lt;script&gt;" in html  # in the table; the JSON escapes < as \u003C
    table = html.split("<tbody>")[1]
    assert re.findall(r'<td class="text-end">([^<]+)</td>', table) == ["30", "15", "20", "20", "12", "0"]


def test_chartjs_and_the_starter_are_served_from_our_static_files():
    assert finders.find("vendor/chartjs/chart.umd.min.js")  # from npm (package.json), never a CDN
    assert finders.find("js/charts.js")


def test_the_svg_prints_in_a_pdf_with_its_thai_labels(tmp_path):
    from weasyprint import HTML

    from kit import pdf

    pdf._weasyprint()
    faces = "".join(
        f"@font-face {{ font-family: Sarabun; src: url('{f['url']}'); font-weight: {f['weight']}; }}"
        for f in pdf.font_faces()
    )
    document = HTML(
        string=f"<html><head><style>{faces}</style></head><body>{districts().svg()}</body></html>"
    )
    path = tmp_path / "chart.pdf"
    document.write_pdf(path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "ยางตลาด" in text and "เป้าหมาย" in text
