"""The funder report (Bericht an die Fördergeber) for a period, as a German PDF.

An official document, so German whatever the requester's interface language: the project, the
period and filters, the AMIF indicators with their breakdown by sex and by age group, and the
project's own indicators with their default breakdown. Every figure goes through disclosure
control exactly as on the report pages (a viewer who may not open every record behind it sees
"<5" and "×"). Definitions, sources and whether a definition was verified in its source are
footnotes. Written on the job queue as an export (apps.reports.exports, kind
"reports.funder_report"); the figures come from the indicator engine (reporting database).
"""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from apps.core.pdf import FONT, a4_document
from apps.reports import disclosure
from apps.reports.exports import selection, shown_value

AMIF_KINDS = ("amif_output", "amif_result")
AMIF_BREAKDOWNS = ("sex", "age_group")
WIDTH = 170  # A4 minus the 20 mm margins


def project_name() -> str:
    return getattr(settings, "FUNDER_REPORT_PROJECT", "") or _(
        "Network of return and reintegration counselling Rhineland-Palatinate")


def write_funder_report(user, params: dict, target, progress=None) -> tuple[str, int]:
    """Write the PDF into `target`; returns the file name (without extension) and the number of
    figures in it."""
    with translation.override("de"):
        pdf, figures, stem = _document(user, params, progress)
    target.write(bytes(pdf.output()))
    return stem, figures


def _document(user, params: dict, progress=None):
    from apps.reports.dashboards import breakdown_word
    from apps.reports.engine import breakdowns, compute
    from apps.reports.selectors import indicator_infos

    chosen = selection(user, params)
    pdf = a4_document(_("Funder report"))
    _heading(pdf, _("Funder report"), 16)
    _line(pdf, project_name(), bold=True)
    for words in chosen.words:
        _line(pdf, words)
    _line(pdf, _("Created on %(when)s") % {"when": formats.date_format(timezone.localtime(), "d.m.Y H:i")})
    if not chosen.raw:
        _line(pdf, _("Figures from 1 to 4 are shown as “<5”; “×” marks a figure withheld so that a small one "
                     "cannot be worked out from the others."), size=9)
    reference = disclosure.CachedReference()
    notes, count = [], 0
    infos = indicator_infos()
    sections = [(_("AMIF indicators"), [i for i in infos if i.row.kind in AMIF_KINDS], True),
                (_("Project indicators"), [i for i in infos if i.row.kind not in AMIF_KINDS], False)]
    for title, members, amif in sections:
        if not members:
            continue
        _heading(pdf, title, 13)
        for info in members:
            notes.append(info)
            available = breakdowns(info.code)
            wanted = [b for b in AMIF_BREAKDOWNS if b in available] if amif else (
                [info.row.default_breakdown] if info.row.default_breakdown in available else [])
            figures = [compute(info.code, chosen.period, chosen.filters, breakdown=b) for b in (wanted or [None])]
            shown = [disclosure.protect(f, chosen.period, chosen.filters, raw=chosen.raw, reference=reference)
                     for f in figures]
            _indicator(pdf, info, len(notes), shown, breakdown_word)
            count += 1
            if progress:
                progress(count)
    _footnotes(pdf, notes)
    return pdf, count, f"foerderbericht-{chosen.period.start:%Y%m%d}-{chosen.period.end:%Y%m%d}"


def _heading(pdf, text: str, size: int) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(WIDTH, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _line(pdf, text: str, *, bold: bool = False, size: int = 10) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(WIDTH, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return formats.number_format(value, decimal_pos=None, use_l10n=True, force_grouping=True)


def _indicator(pdf, info, note: int, shown: list, breakdown_word) -> None:
    unit = str(info.row.unit or "")
    _line(pdf, f"{info.title} [{note}]", bold=True)
    total = shown[0].total
    _line(pdf, f"{_('Total')}: {_number(shown_value(total))} {unit}".rstrip())
    for protected in shown:
        if not protected.cells:
            continue
        pdf.set_font(FONT, "", 9)
        pdf.cell(WIDTH, 5, _("by %(breakdown)s") % {"breakdown": breakdown_word(protected.breakdown)},
                 new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=(120, 50), text_align=("LEFT", "RIGHT"), line_height=5, width=WIDTH,
                       first_row_as_headings=False) as table:
            for cell in protected.cells:
                row = table.row()
                row.cell(str(cell.label))
                row.cell(_number(shown_value(cell)))
    pdf.ln(2)


def _footnotes(pdf, notes: list) -> None:
    _heading(pdf, _("Definitions"), 12)
    for number, info in enumerate(notes, start=1):
        verified = _("verified in the source") if info.verified else _("not yet verified in the source")
        text = f"[{number}] {info.title}: {info.definition} {_('Source')}: {info.source} ({verified})."
        _line(pdf, text, size=8)
