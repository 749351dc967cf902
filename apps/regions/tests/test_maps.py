import re

import pytest

from apps.regions.maps import ATTRIBUTION, district_map_svg

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _districts(orgs):
    """The districts come with the reference data."""


def test_the_map_has_one_path_per_district_with_the_given_fill_and_a_title():
    svg = str(district_map_svg({"07211": "#123456"}, {"07211": "Trier: 3 days"}))
    assert svg.startswith("<svg") and len(re.findall(r"<path ", svg)) == 36
    assert re.search(r'fill="#123456"[^>]*data-ags="07211"><title>Trier: 3 days</title>', svg)
    assert svg.count('fill="#e5e7eb"') == 35  # the default light grey
    assert "<title>Mainz</title>" in svg  # without a title: the district's name


def test_the_map_shows_the_bkg_attribution():
    assert ATTRIBUTION == "© GeoBasis-DE / BKG (2021), dl-de/by-2-0"
    assert ATTRIBUTION in str(district_map_svg({}))


def test_titles_and_fills_are_escaped():
    svg = str(district_map_svg({"07211": '"><script>'}, {"07211": "<script>alert(1)</script>"}))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_paths_stay_inside_the_requested_width():
    svg = str(district_map_svg({}, width=300))
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+),", svg)]
    assert xs and min(xs) >= 0 and max(xs) <= 300
