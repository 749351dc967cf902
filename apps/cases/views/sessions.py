"""Counselling sessions of a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.cases import selectors, services
from apps.cases.forms import SessionForm
from apps.cases.models import CounsellingSession
from apps.cases.views.common import case_context, case_offices
from apps.core.permissions import require_perm
from apps.core.views_helpers import apply_errors, handle_conflict


@require_perm("case.read")
def session_list(request, pk):
    case = selectors.case_for(request.user, pk)
    return render(request, "cases/case_sessions.html", case_context(
        request, case, "sessions", sessions=selectors.sessions_of(case)))


@require_perm("case.write")
def session_create(request, pk):
    case = selectors.case_for(request.user, pk, audit=False)
    form = SessionForm(request.POST or None, case=case, offices=case_offices(case))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_record(
                actor=request.user, case=case, data=form.session_data(),
                participants=form.cleaned_data["participants"], topics=form.cleaned_data["topics"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The counselling session has been recorded."))
            return redirect("cases:session_detail", pk=session.pk)
    return render(request, "cases/session_form.html", case_context(request, case, "sessions", form=form))


@require_perm("case.read")
def session_detail(request, pk):
    session = selectors.session_for(request.user, pk)
    return render(request, "cases/session_detail.html", case_context(
        request, session.case, "sessions", session=session))


@require_perm("case.write")
def session_edit(request, pk):
    session = selectors.session_for(request.user, pk, audit=False)
    case = session.case
    form = SessionForm(request.POST or None, instance=session, case=case, offices=case_offices(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, data=form.session_data(),
                                    expected_version=form.cleaned_data["version"] or 0,
                                    participants=form.cleaned_data["participants"],
                                    topics=form.cleaned_data["topics"])
        except ValidationError as error:
            handle_conflict(form, error, CounsellingSession.objects.get(pk=session.pk).version)
        else:
            messages.success(request, _("The counselling session has been saved."))
            return redirect("cases:session_detail", pk=session.pk)
    return render(request, "cases/session_form.html", case_context(
        request, case, "sessions", form=form, session=session))
