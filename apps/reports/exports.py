"""Indicator exports through the exporter base (apps.core.exports).

Kind "reports.indicators": the indicator table (every active indicator, or one, with its
breakdown) for a period and filters, as CSV or Excel. Kind "reports.funder_report": the funder
report PDF (apps.reports.funder_report). Both take the parameters of the indicator pages'
period and filter form (apps.reports.forms.FiguresForm), validated with the same rules in the
request and again in the job, and both apply disclosure control exactly as the pages do: a
viewer who may not open every record behind a figure gets "<5" and "×", never the small
number. The engine reads from the reporting database (the replica when configured).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.exports import Column, ExportKind, Table
from apps.reports import disclosure

FORM_FIELDS = ("period", "start", "end", "organisation", "office", "district", "nationality", "sex", "age_group")


def _form(user, params: dict):
    from apps.reports.forms import FiguresForm

    form = FiguresForm({k: v for k, v in params.items() if k in FORM_FIELDS}, user=user)
    if not form.is_valid():
        raise ValidationError([f"{form.fields[f].label}: {m}" if f in form.fields else m
                               for f, errors in form.errors.items() for m in errors])
    return form


def clean(user, params: dict) -> dict:
    """The form's fields as given (strings), once they validate; plus one indicator's code."""
    _form(user, params)
    cleaned = {k: str(v) for k, v in params.items() if k in FORM_FIELDS and v not in (None, "")}
    code = str(params.get("code") or "")
    if code:
        from apps.reports.selectors import indicator_info

        if indicator_info(code) is None:
            raise ValidationError(_("This indicator does not exist."))
        cleaned["code"] = code
    return cleaned


@dataclass
class Selection:
    """What an export covers and how its viewer may see it."""

    period: object
    filters: object
    raw: bool
    words: list[str]  # period and filters in words, for the file's head


def selection(user, params: dict) -> Selection:
    form = _form(user, params)
    period, filters = form.chosen_period(), form.filters()
    return Selection(period, filters, disclosure.sees_raw(user, filters), describe(form, period))


def describe(form, period) -> list[str]:
    lines = [_("Period: %(start)s to %(end)s") % {"start": formats.date_format(period.start, "d.m.Y"),
                                                   "end": formats.date_format(period.end, "d.m.Y")}]
    for name in ("organisation", "office", "district", "nationality", "sex", "age_group"):
        value = form.cleaned_data.get(name)
        if value:
            # Words, never codes: a model's name, or the label of a choice (country, sex, age group).
            shown = value if hasattr(value, "pk") else dict(form.fields[name].choices).get(value, value)
            lines.append(f"{form.fields[name].label}: {shown}")
    return lines


def protected_figures(user, chosen: Selection, *, code: str | None = None, breakdown: str | None = None):
    """(info, Protected) for every active indicator (or one), as this viewer may see them."""
    from apps.reports.engine import compute, compute_all
    from apps.reports.selectors import indicator_infos

    infos = {info.code: info for info in indicator_infos()}
    if code:
        info = infos[code]
        figures = [compute(code, chosen.period, chosen.filters,
                           breakdown=breakdown if breakdown is not None else (info.row.default_breakdown or None))]
    else:
        figures = compute_all(chosen.period, chosen.filters)
    reference = disclosure.CachedReference()
    return [(infos[f.code], disclosure.protect(f, chosen.period, chosen.filters, raw=chosen.raw, reference=reference))
            for f in figures if f.code in infos]


def shown_value(cell) -> object:
    """A cell's value as the viewer may see it: the number, or "<5" / "×"."""
    return cell.display if cell.suppressed else cell.value


@dataclass
class Row:
    code: str
    title: str
    breakdown: str
    category: str
    value: object
    unit: str
    verified: bool


def build(user, params: dict) -> Table:
    from apps.reports.dashboards import breakdown_word

    chosen = selection(user, params)
    rows = []
    for info, protected in protected_figures(user, chosen, code=params.get("code") or None):
        word = str(breakdown_word(protected.breakdown) or "")
        unit = str(info.row.unit or "")
        rows.append(Row(info.code, info.title, word, _("Total"), shown_value(protected.total), unit, info.verified))
        rows += [Row(info.code, info.title, word, cell.label, shown_value(cell), unit, info.verified)
                 for cell in protected.cells]
    preamble = [_("Indicators"), *chosen.words]
    if not chosen.raw:
        preamble.append(_("Figures from 1 to 4 are shown as “<5”; “×” marks a figure withheld so that a small "
                          "one cannot be worked out from the others."))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return Table(title=_("Indicators"), filename=f"indicators-{stamp}", preamble=preamble, rows=rows,
                 total=len(rows), columns=[
                     Column(_("Code"), lambda r: r.code), Column(_("Indicator"), lambda r: r.title),
                     Column(_("Broken down by"), lambda r: r.breakdown), Column(_("Category"), lambda r: r.category),
                     Column(_("Value"), lambda r: r.value), Column(_("Counting unit"), lambda r: r.unit),
                     Column(_("Verified"), lambda r: r.verified)])


def _write_funder_report(user, params, target, progress):
    from apps.reports.funder_report import write_funder_report

    return write_funder_report(user, params, target, progress)


INDICATORS = ExportKind(code="reports.indicators", title=gettext_lazy("Indicators"), permission="report.view",
                        build=build, clean=clean)
FUNDER_REPORT = ExportKind(code="reports.funder_report", title=gettext_lazy("Funder report"),
                           permission="report.view", write=_write_funder_report, clean=clean, formats=("pdf",))
