"""Reads of the reference data: districts and the postcodes that lead to them."""

import re

from apps.regions.models import District, Postcode

POSTCODE = re.compile(r"\d{5}")


def districts_for_postcode(code: str) -> list[District]:
    """The districts a postcode lies in (several where it spans a border), by name; each with
    `municipalities`, the names of its municipalities under that postcode. One query; an
    unknown or malformed postcode gives an empty list."""
    code = (code or "").strip()
    if not POSTCODE.fullmatch(code):
        return []
    found: dict[int, District] = {}
    for row in Postcode.objects.filter(code=code).select_related("district").order_by("municipality"):
        district = found.get(row.district_id)
        if district is None:
            district = found[row.district_id] = row.district
            district.municipalities = []
        if row.municipality not in district.municipalities:
            district.municipalities.append(row.municipality)
    return sorted(found.values(), key=lambda district: district.name)
