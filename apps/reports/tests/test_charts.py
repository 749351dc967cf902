"""The SVG bar chart: well-formed XML, accessible names, the numbers as text, withheld values hatched."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import translation

from apps.reports.charts import bar_chart, format_value
from apps.reports.disclosure import Cell

NS = {"svg": "http://www.w3.org/2000/svg"}


def chart(cells, **kwargs):
    with translation.override("de"):
        svg = str(bar_chart(chart_id="c1", title="Beratene Personen", description="nach Geschlecht", cells=cells,
                            **kwargs))
    return svg, ET.fromstring(svg)  # noqa: S314 — our own output


def test_chart_is_well_formed_and_named():
    svg, root = chart([Cell("f", "weiblich", 1234), Cell("m", "männlich", 12)])
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find("svg:title", NS).text == "Beratene Personen"
    assert root.find("svg:desc", NS).text == "nach Geschlecht"
    assert root.get("width") == "100%" and root.get("viewBox").startswith("0 0 360 ")
    assert "style=" not in svg  # the CSP forbids inline styles


def test_chart_carries_labels_and_german_numbers():
    _svg, root = chart([Cell("f", "weiblich", 1234), Cell("m", "männlich", Decimal("2.5"))])
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["weiblich", "1.234", "männlich", "2,50"]
    bars = root.findall("svg:rect", NS)
    assert [b.get("class") for b in bars] == ["chart-bar", "chart-bar"]
    assert float(bars[0].get("width")) > float(bars[1].get("width"))


def test_withheld_values_are_hatched_bars_with_their_marker():
    _svg, root = chart([Cell("a", "Trier", 40), Cell("b", "Bitburg", None, True, "<5"),
                        Cell("c", "Wittlich", None, True, "×")])
    rects = root.findall("svg:rect", NS)
    assert [r.get("class") for r in rects] == ["chart-bar", "chart-bar-withheld", "chart-bar-withheld"]
    assert rects[1].get("fill") == "url(#c1-hatch)"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Trier", "40", "Bitburg", "<5", "Wittlich", "×"]


def test_labels_are_escaped():
    svg, root = chart([Cell("x", "<script>alert(1)</script>", 3)])
    assert "<script>" not in svg
    assert root.find("svg:text", NS).text == "<script>alert(1)</script>"


def test_empty_chart_says_so():
    _svg, root = chart([])
    assert root.find("svg:text", NS).text in ("No figures.", "Keine Zahlen.")  # German once the fragment is merged


def test_format_value_german():
    with translation.override("de"):
        assert format_value(1234567) == "1.234.567"
        assert format_value(Decimal("12.0")) == "12"
        assert format_value(Decimal("0.755")) == "0,76"
        assert format_value(Decimal("12.35")) == "12,4"
