"""Counselling sessions of a case."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.cases import selectors, services
from apps.cases.forms import SessionForm
from apps.cases.pages import case_context, case_offices
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def session_list(request, pk):
    case = selectors.case_for(request.user, pk)
    return render(request, "cases/case_sessions.html", case_context(
        request, case, "sessions", sessions=selectors.sessions_of(case)))


@require_perm("case.write")
def session_create(request, pk):
    case = selectors.case_for(request.user, pk)
    form = SessionForm(request.POST or None, case=case, offices=case_offices(case))
    created = []

    def record_session():
        created.append(services.session_record(
            actor=request.user, case=case, data=form.session_data(),
            participants=form.cleaned_data["participants"], topics=form.cleaned_data["topics"],
        ))

    if submit(request, form, record_session, success=_("The counselling session has been recorded.")):
        return redirect("cases:session_detail", pk=created[0].pk)
    return render(request, "cases/session_form.html", case_context(request, case, "sessions", form=form))


@require_perm("case.read")
def session_detail(request, pk):
    session = selectors.session_for(request.user, pk)
    return render(request, "cases/session_detail.html", case_context(
        request, session.case, "sessions", session=session))


@require_perm("case.write")
def session_edit(request, pk):
    session = selectors.session_for(request.user, pk)
    case = session.case
    form = SessionForm(request.POST or None, instance=session, case=case, offices=case_offices(case))

    def update_session():
        services.session_update(actor=request.user, session=session, data=form.session_data(),
                                expected_version=form.cleaned_data["version"] or 0,
                                participants=form.cleaned_data["participants"],
                                topics=form.cleaned_data["topics"])

    if submit(request, form, update_session, success=_("The counselling session has been saved."),
              locked=session):
        return redirect("cases:session_detail", pk=session.pk)
    return render(request, "cases/session_form.html", case_context(
        request, case, "sessions", form=form, session=session))
