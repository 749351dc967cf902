"""Figures in the active language's number format, and a cell as the viewer may see it."""

from django import template

from apps.reports.charts import cell_text, format_value

register = template.Library()


@register.filter
def figure(value) -> str:
    """1234 → "1.234", Decimal("2.5") → "2,50" in German; None → "—"."""
    return "—" if value is None else format_value(value)


@register.filter
def shown(cell) -> str:
    """The cell's number, or its marker when withheld ("<5", "×")."""
    return cell_text(cell) if cell.suppressed or cell.value is not None else "—"
