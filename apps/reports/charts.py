"""Charts drawn on the server as accessible SVG: no JavaScript, no external service.

A bar chart is a picture of a table the page always shows beside it (reports/_figure.html):
the SVG carries role="img", a <title> and a <desc>, every bar has its words and its number as
text, and a withheld value is a hatched, empty bar labelled "<5" or "×", never a colour alone.
Colours come from classes in static/css/returnnet.css (the CSP forbids inline styles); the
hatching is an SVG pattern, so it survives printing in black and white.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from apps.regions.maps import district_map_svg

WIDTH = 360          # the viewBox; the SVG scales to 100 % of its box (390 px phones included)
ROW = 38             # label line + bar
BAR = 14
TOP = 6
VALUE_ROOM = 56      # room after the longest bar for its number
STUB = 22            # the hatched bar of a withheld value


def format_value(value) -> str:
    """A figure in the active language's number format (German: 1.234 and 2,5)."""
    if isinstance(value, Decimal):
        # Scores (0..1) need two places, days and percentages one; Django would cut, so round first.
        places = 0 if value == value.to_integral_value() else (2 if abs(value) < 10 else 1)
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        return number_format(value, places, use_l10n=True, force_grouping=True)
    return number_format(value, 0, use_l10n=True, force_grouping=True)


def cell_text(cell) -> str:
    return cell.display if cell.suppressed else format_value(cell.value)


def bar_chart(*, chart_id: str, title: str, description: str, cells) -> SafeString:
    """Horizontal bars, one per cell (objects with label, value, suppressed, display)."""
    cells = list(cells)
    shown = [c.value for c in cells if not c.suppressed and c.value is not None]
    top = max([float(v) for v in shown] + [0]) or 1
    scale = (WIDTH - VALUE_ROOM) / top
    height = TOP + ROW * max(len(cells), 1)
    ident = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{ident}-t {ident}-d">',
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>',
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" class="chart-hatch-line"/>'
        f"</pattern></defs>",
    ]
    for index, cell in enumerate(cells):
        y = TOP + index * ROW
        parts.append(f'<text x="0" y="{y + 11}" class="chart-label">{escape(cell.label)}</text>')
        bar_y = y + 16
        text = escape(cell_text(cell))
        if cell.suppressed:
            parts.append(f'<rect x="0" y="{bar_y}" width="{STUB}" height="{BAR}" class="chart-bar-withheld" '
                         f'fill="url(#{ident}-hatch)"/>')
            end = STUB
        else:
            end = round(float(cell.value or 0) * scale, 1)
            if end:
                parts.append(f'<rect x="0" y="{bar_y}" width="{end}" height="{BAR}" class="chart-bar"/>')
        parts.append(f'<text x="{end + 4}" y="{bar_y + 11}" class="chart-value">{text}</text>')
    if not cells:
        parts.append(f'<text x="0" y="{TOP + 16}" class="chart-label">{escape(_("No figures."))}</text>')
    parts.append("</svg>")
    # Every text from outside (ids, labels, titles) is escaped above; the rest are numbers.
    return mark_safe("".join(parts))  # noqa: S308


# Map fills, darker for more; a withheld district is drawn with the lightest shade and its title says
# "<5": the table beside the map carries every number in words.
MAP_SHADES = ("#e5e7eb", "#cfe0f3", "#9cc1e6", "#5b93cc", "#2b6aa8")


def district_map(cells, *, ags_of: dict[str, str], label: str, width: int = 520) -> SafeString:
    """The coverage map (apps.regions.maps) coloured by a figure broken down by district, named
    `label` for assistive technology (each district's title carries its number).

    `ags_of` maps the figure's cell keys to official district keys (AGS)."""
    values = [float(c.value) for c in cells if not c.suppressed and c.value]
    top = max(values + [0]) or 1
    fills, titles = {}, {}
    for cell in cells:
        ags = ags_of.get(cell.key)
        if not ags:
            continue
        if cell.suppressed or not cell.value:
            shade = MAP_SHADES[0] if not cell.suppressed else MAP_SHADES[1]
        else:
            shade = MAP_SHADES[min(4, 1 + int(3.999 * float(cell.value) / top))]
        fills[ags] = shade
        titles[ags] = f"{cell.label}: {cell_text(cell)}"
    return named(district_map_svg(fills, titles, width=width), label)


def named(svg: SafeString, label: str) -> SafeString:
    """The map with an accessible name: apps.regions draws role="img" without one."""
    # `label` is escaped; the SVG was built (and escaped) by apps.regions.maps.
    return mark_safe(str(svg).replace("<svg ", f'<svg aria-label="{escape(label)}" ', 1))  # noqa: S308
