"""An inline SVG map of the districts, drawn from their GeoJSON boundaries (BKG VG5000).

Simple equirectangular projection: x = longitude · cos(mean latitude), y = −latitude,
scaled to the requested width. Good enough for a state the size of Rhineland-Palatinate;
the shapes come from apps.regions (dl-de/by-2-0), so the attribution is always drawn.
"""

import math
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ATTRIBUTION = "© GeoBasis-DE / BKG (2021), dl-de/by-2-0"
DEFAULT_FILL = "#e5e7eb"
_ATTRIBUTION_HEIGHT = 18


def _rings(geometry: dict) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


@lru_cache(maxsize=8)
def _shapes(width: int) -> tuple[tuple[tuple[str, str, str], ...], int]:
    """(ags, name, path data) per district and the map's height, for one width (per process)."""
    from apps.regions.models import District

    districts = [(d.ags, d.display_name, _rings(d.boundary)) for d in District.objects.order_by("ags")]
    points = [pt for _ags, _name, rings in districts for ring in rings for pt in ring]
    if not points:
        return (), 0
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    scale = (width - 2) / ((max_lon - min_lon) * kx or 1)
    height = math.ceil((max_lat - min_lat) * scale) + 2

    def project(pt):
        return f"{(pt[0] - min_lon) * kx * scale + 1:.1f},{(max_lat - pt[1]) * scale + 1:.1f}"

    shapes = tuple(
        (ags, name, " ".join("M" + " L".join(project(pt) for pt in ring) + " Z" for ring in rings))
        for ags, name, rings in districts
    )
    return shapes, height


def clear_cache() -> None:
    _shapes.cache_clear()


def district_map_svg(fills: dict[str, str], titles: dict[str, str] | None = None, *, width: int = 520,
                     label: str = "") -> SafeString:
    """The districts as an inline SVG, each filled with `fills[ags]` (default light grey) and
    titled `titles[ags]` (default: the district's name) for screen readers and tooltips;
    `label` is the map's accessible name (role="img" needs one)."""
    shapes, height = _shapes(width)
    if not shapes:  # districts not loaded yet: do not keep the empty map
        clear_cache()
    titles = titles or {}
    paths = []
    for ags, name, data in shapes:
        fill = escape(fills.get(ags, DEFAULT_FILL))
        title = escape(titles.get(ags, name))
        paths.append(f'<path d="{data}" fill="{fill}" stroke="#4b5563" stroke-width="0.6" data-ags="{escape(ags)}">'
                     f"<title>{title}</title></path>")
    total = height + _ATTRIBUTION_HEIGHT
    # Every value from outside (fills, titles, keys) is escaped above; the rest are numbers.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="district-map" role="img" width="{int(width)}" '
        + (f'aria-label="{escape(label)}" ' if label else "")
        + f'height="{total}" viewBox="0 0 {width} {total}">' + "".join(paths)
        + f'<text x="{width - 4}" y="{total - 5}" text-anchor="end" font-size="11" fill="#374151">'
        f"{escape(ATTRIBUTION)}</text></svg>"
    )
