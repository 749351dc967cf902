"""/favicon.ico answers (it was 404) without signing in, and the back office links the SVG icon."""

from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse


@pytest.mark.django_db
def test_favicon_ico_is_served_to_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # ICO header: reserved 0, type 1 (icon)
    assert int.from_bytes(response.content[4:6], "little") >= 2  # 16 and 32 px at least
    assert "max-age" in response["Cache-Control"]
    assert resolve("/favicon.ico").func.access_policy == "public"


@pytest.mark.django_db
def test_the_sign_in_page_links_the_svg_icon(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    svg = ElementTree.parse(finders.find("favicon.svg")).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("viewBox") == "0 0 32 32"
