"""Security pages beside the profile and the members pages: recovery codes, API tokens,
and what an administrator does for a member (second-factor reset, enrolment code,
lifting a lockout, revoking tokens). Every member action is audited in the services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.accounts import enrolment, forms
from apps.accounts.extensions import api_tokens
from apps.accounts.models import SecondFactorEnrolment
from apps.accounts.selectors import manages_whole_user, members_managed_by
from apps.core.links import site_url_of
from apps.core.permissions import require_login, require_perm
from apps.core.views_helpers import run_reporting

# --- The user's own -------------------------------------------------------------------


@require_login
@require_POST
@never_cache
def recovery_codes_regenerate(request):
    """New recovery codes, replacing the old ones; shown in this response only."""
    codes = enrolment.recovery_codes_generate(actor=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:profile")})


@require_login
@require_POST
@never_cache
def token_create(request):
    provider = api_tokens()
    form = forms.ApiTokenForm(request.POST)
    if provider is None:
        messages.error(request, _("API tokens are not available."))
        return redirect("accounts:profile")
    if not form.is_valid():
        # The profile again, the errors beside the token form's fields (not only in a message).
        from apps.accounts.views import _render_profile  # views imports this module

        return _render_profile(request, forms.ProfilePasswordForm(request.user), token_form=form)
    try:
        _token, plain = provider.create(actor=request.user, user=request.user, name=form.cleaned_data["name"],
                                        days=form.cleaned_data["days"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:profile")
    # Rendered, not redirected: the token is in this response and nowhere else.
    return render(request, "accounts/token_created.html", {"token": plain, "name": form.cleaned_data["name"]})


@require_login
@require_POST
def token_revoke(request):
    _revoke_token(request, request.user)
    return redirect("accounts:profile")


def _revoke_token(request, user) -> None:
    """Revoke the posted token of `user` (the service checks the actor may) and say so."""
    provider = api_tokens()
    if provider is not None and provider.revoke(actor=request.user, user=user, token_id=request.POST.get("token")):
        messages.success(request, _("The token has been revoked."))
    else:
        messages.error(request, _("This token does not exist (any more)."))


# --- An administrator for a member ------------------------------------------------------


def _member(request, pk: int):
    """A membership whose user the actor administers wholly (org.manage in every active
    organisation of the user, see manages_whole_user); anything else is 404."""
    membership = get_object_or_404(members_managed_by(request.user), pk=pk)
    if not manages_whole_user(request.user, membership):
        raise Http404
    return membership


@require_perm("org.manage")
@require_POST
def member_second_factor_reset(request, pk: int):
    membership = _member(request, pk)
    run_reporting(request, lambda: enrolment.second_factor_reset(
        actor=request.user, membership=membership, site_url=site_url_of(request) + "/"),
        success=_("The second factor has been reset. The person has been sent a new enrolment link by e-mail."))
    return redirect("accounts:member_edit", pk)


@require_perm("org.manage")
@require_POST
def member_enrolment_link(request, pk: int):
    membership = _member(request, pk)
    run_reporting(request, lambda: enrolment.enrolment_issue(
        actor=request.user, membership=membership, kind=SecondFactorEnrolment.Kind.LINK,
        site_url=site_url_of(request) + "/"),
        success=_("An enrolment link has been sent by e-mail."))
    return redirect("accounts:member_edit", pk)


@require_perm("org.manage")
@require_POST
@never_cache
def member_enrolment_code(request, pk: int):
    membership = _member(request, pk)
    code = run_reporting(request, lambda: enrolment.enrolment_issue(
        actor=request.user, membership=membership, kind=SecondFactorEnrolment.Kind.CODE),
        success=_("Enrolment code issued."))
    if code is None:
        return redirect("accounts:member_edit", pk)
    return render(request, "accounts/enrolment_code.html", {"membership": membership, "code": code})


@require_perm("org.manage")
@require_POST
def member_unlock(request, pk: int):
    membership = _member(request, pk)
    run_reporting(request, lambda: enrolment.account_unlock(actor=request.user, membership=membership),
                  success=_("The lockout has been lifted."))
    return redirect("accounts:member_edit", pk)


@require_perm("org.manage")
@require_POST
def member_token_revoke(request, pk: int):
    membership = _member(request, pk)
    _revoke_token(request, membership.user)
    return redirect("accounts:member_edit", pk)


def member_security(request, membership) -> dict:
    """What the member page shows about sign-in: second factor, lockout, API tokens."""
    from apps.accounts.selectors import account_locked_out
    from apps.accounts.services import confirmed_device

    user = membership.user
    provider = api_tokens()
    # Only an administrator of all the person's organisations may act on (or list the
    # tokens of) the user; the others see the state and a hint.
    manages = manages_whole_user(request.user, membership)
    return {
        "own": user.pk == request.user.pk,
        "manages_user": manages,
        "member_device": confirmed_device(user),
        "member_recovery_codes": enrolment.recovery_codes_left(user),
        "member_locked": account_locked_out(user),
        "member_tokens": provider.tokens_of(user) if provider and manages else [],
    }
