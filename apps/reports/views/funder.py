"""Pages that start an export of figures: the indicator table (all indicators or one) as CSV or
Excel, and the funder report as PDF. Each shows the period and filter form and sends it to the
background export (jobs:export_request), which validates it again and queues the file."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.permissions import require_perm
from apps.reports import disclosure
from apps.reports.exports import FUNDER_REPORT, INDICATORS
from apps.reports.views.common import default_data
from apps.reports.views.indicators import _info_or_404


def _page(request, *, kind, title: str, formats, code: str = "", info=None):
    from apps.reports.forms import FiguresForm

    data = request.GET if "period" in request.GET else default_data(request.user)
    form = FiguresForm(data, user=request.user)
    form.is_valid()  # shows mistakes in what the link carried; the export validates again
    raw = form.is_valid() and disclosure.sees_raw(request.user, form.filters())
    return render(request, "reports/export_form.html", {
        "form": form, "kind": kind.code, "title": title, "formats": formats, "code": code, "info": info,
        "raw": raw, "next": request.get_full_path(),
    })


@require_perm("report.view")
def indicators_export(request):
    return _page(request, kind=INDICATORS, title=_("Export the indicators"),
                 formats=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")])


@require_perm("report.view")
def indicator_export(request, code: str):
    info = _info_or_404(code)
    return _page(request, kind=INDICATORS, title=_("Export: %(title)s") % {"title": info.title},
                 formats=[("xlsx", "Excel (XLSX)"), ("csv", "CSV")], code=code, info=info)


@require_perm("report.view")
def funder_report(request):
    return _page(request, kind=FUNDER_REPORT, title=_("Funder report"), formats=[("pdf", "PDF")])
