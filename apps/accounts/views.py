"""Sign-in, second factor, sign-out, profile and the members pages of organisation admins."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from apps.accounts import enrolment, forms, services, views_security
from apps.accounts.extensions import api_tokens
from apps.accounts.selectors import (
    locked_out_emails,
    members_managed_by,
    memberships_of,
    offices_of,
    organisation_ids_with,
    organisations_managed_by,
    requires_second_factor,
)
from apps.accounts.signals import account_named, record_security_event
from apps.core.links import site_url_of
from apps.core.permissions import public, require_login, require_perm


def second_factor_step(view):
    """Signed in, but the second factor not necessarily verified yet (see core.middleware)."""
    wrapped = require_login(view)
    wrapped.access_policy = "second-factor"
    return wrapped


def _safe_next(request, default: str | None = None) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def _needs_verification(user) -> bool:
    verified = getattr(user, "is_verified", None)
    return requires_second_factor(user) and not (verified and verified())


# --- Sign-in ---------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = forms.SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_success_url(self):
        target = super().get_success_url()
        if _needs_verification(self.request.user):
            return f"{reverse('accounts:second_factor')}?{urlencode({'next': target})}"
        return target

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            second_factor_off=not settings.REQUIRE_2FA, demo_mode=settings.DEMO_MODE, **kwargs
        )


login = public(SignInView.as_view())


def locked_out(request, *args, **kwargs):
    """django-axes calls this instead of the view once an account is locked.

    axes 8 passes (request, original_response, credentials), older versions
    (request, credentials): the credentials are the last argument either way.
    """
    credentials = kwargs.get("credentials", args[-1] if args else None)
    username = credentials.get("username", "") if isinstance(credentials, dict) else ""
    username = str(username)[:254]
    record_security_event("auth.locked_out", account=account_named(username), details={"username": username})
    context = {"minutes": forms.lockout_minutes()}
    return render(request, "accounts/locked_out.html", context, status=429)


# --- Second factor ---------------------------------------------------------------------

TOKEN_ERRORS = {
    services.TokenCheck.WRONG: gettext_lazy(
        "This code is not correct. Check that the time on your phone is right and enter the "
        "code currently shown."
    ),
    services.TokenCheck.THROTTLED: gettext_lazy(
        "Too many wrong codes in a row. Please wait a little and try again."
    ),
}


ENROLMENT_SESSION_KEY = "second_factor_enrolment"


@second_factor_step
@never_cache
def second_factor(request):
    """Ask for the current code (or a recovery code); without a device, enrol one — where
    the second factor is required, only with an enrolment link or code (never the password
    alone)."""
    target = _safe_next(request)
    if request.user.is_verified():
        return redirect(target)
    device = services.confirmed_device(request.user)
    if device is None:
        return _enrol(request, target)
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_check(actor=request.user, device=device, token=form.cleaned_data["token"])
        if result is services.TokenCheck.VERIFIED:
            return _verified(request, device, target)
        form.add_error("token", TOKEN_ERRORS[result])
    context = {"form": form, "next": target, "enrolling": False}
    return render(request, "accounts/second_factor.html", context)


@second_factor_step
@never_cache
def second_factor_recovery(request):
    """A recovery code instead of the authenticator's code (lost or broken phone)."""
    target = _safe_next(request)
    if request.user.is_verified():
        return redirect(target)
    form = forms.RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recovery = enrolment.recovery_code_check(actor=request.user, code=form.cleaned_data["recovery_code"])
        if recovery is not None:
            left = enrolment.recovery_codes_left(request.user)
            messages.warning(request, _("You signed in with a recovery code; %(left)d are left. Create new ones "
                                        "in your profile if you are running out.") % {"left": left})
            return _verified(request, recovery, target)
        form.add_error("recovery_code", _("This recovery code is not correct or has been used."))
    return render(request, "accounts/second_factor_recovery.html", {"form": form, "next": target})


def _verified(request, device, target):
    request.session.cycle_key()
    otp_login(request, device)
    return redirect(target)


def _enrol(request, target):
    grant = None
    if settings.REQUIRE_2FA:
        grant = enrolment.enrolment_grant_usable(request.user, request.session.get(ENROLMENT_SESSION_KEY))
        if grant is None:
            return _enrolment_needed(request, target)
    device = services.second_factor_enrolment_device(user=request.user, since=grant.created_at if grant else None)
    form = forms.TokenForm(request.POST if "token" in request.POST else None)
    if form.is_bound and form.is_valid():
        try:
            result = services.second_factor_check(
                actor=request.user, device=device, token=form.cleaned_data["token"], grant=grant)
        except ValidationError as error:  # the grant was spent meanwhile (another tab)
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        if result is services.TokenCheck.VERIFIED:
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            _verified(request, device, target)
            # Shown in this response only: the codes are stored hashed and never again readable.
            codes = enrolment.recovery_codes_generate(actor=request.user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": target})
        form.add_error("token", TOKEN_ERRORS[result])
    context = {"form": form, "next": target, "enrolling": True,
               "qr": services.device_qr_data_uri(device), "secret": services.device_secret(device)}
    return render(request, "accounts/second_factor.html", context)


def _enrolment_needed(request, target):
    """No device and no enrolment grant: the password alone shows no secret."""
    form = forms.EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grant = enrolment.enrolment_code_redeem(actor=request.user, code=form.cleaned_data["code"])
        if grant is not None:
            request.session[ENROLMENT_SESSION_KEY] = grant.pk
            return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': target})}")
        form.add_error("code", _("This enrolment code is not correct, has expired or has been used."))
    return render(request, "accounts/enrolment_needed.html", {"form": form, "next": target})


@public
@never_cache
def enrol(request, token: str):
    """The enrolment link of an e-mail: remember the grant in the session, then sign in (if
    needed) and set up the authenticator app."""
    grant = enrolment.enrolment_grant_by_link(token)
    # A page that explains, like Django's password-reset links (nothing to hide: the token
    # carries 256 random bits).
    if grant is None:
        return render(request, "accounts/enrolment_invalid.html")
    if request.user.is_authenticated and request.user.pk != grant.user_id:
        return render(request, "accounts/enrolment_invalid.html", {"other_account": True})
    request.session[ENROLMENT_SESSION_KEY] = grant.pk
    target = reverse("accounts:second_factor")
    if request.user.is_authenticated:
        return redirect(target)
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


# --- Sign-out --------------------------------------------------------------------------


@second_factor_step
@require_POST
def logout(request):
    auth.logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_login
@require_POST
def logout_all(request):
    """End this and every other session of the user."""
    services.sessions_end_everywhere(actor=request.user)
    auth.logout(request)
    messages.success(request, _("You have been signed out on all devices."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Profile and password --------------------------------------------------------------


@require_login
def profile(request):
    return _render_profile(request, forms.ProfilePasswordForm(request.user))


@require_login
@require_POST
def password_change(request):
    form = forms.ProfilePasswordForm(request.user, request.POST)
    if not form.is_valid():
        return _render_profile(request, form)
    user = form.save()
    # The new password changed the session hash; keep this session, end the others.
    auth.update_session_auth_hash(request, user)
    messages.success(request, _("Your password has been changed. Other sessions have been signed out."))
    return redirect("accounts:profile")


def _render_profile(request, password_form, status=200, token_form=None):
    provider = api_tokens()
    context = {
        "recovery_codes_left": enrolment.recovery_codes_left(request.user),
        "tokens": provider.tokens_of(request.user) if provider else None,
        "token_form": token_form or forms.ApiTokenForm(),
        "memberships": memberships_of(request.user).order_by("organisation__name"),
        "device": services.confirmed_device(request.user),
        "verified": request.user.is_verified(),
        "second_factor_required": requires_second_factor(request.user),
        "password_form": password_form,
    }
    return render(request, "accounts/profile.html", context, status=status)


class PasswordRequestView(auth_views.PasswordResetView):
    form_class = forms.PasswordRequestForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # Recorded whether or not the address belongs to an account (the page never says);
        # the data protection officer of the account's organisations sees it as an account event.
        email = str(form.cleaned_data.get("email", ""))[:254]
        record_security_event("auth.password_reset_requested", account=account_named(email),
                              details={"username": email})
        return super().form_valid(form)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    form_class = forms.PasswordSetForm
    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        record_security_event("auth.password_reset_completed", actor=form.user, account=form.user)
        messages.success(self.request, _("Your password has been set. Please sign in."))
        return response


password_reset = public(PasswordRequestView.as_view())
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_set = public(PasswordSetView.as_view())


# --- Members of the organisations the user administers ---------------------------------


@require_perm("org.manage")
def members(request):
    memberships = list(members_managed_by(request.user))
    locked = locked_out_emails({m.user.email for m in memberships})
    return render(request, "accounts/members.html", {"memberships": memberships, "locked": locked})


@require_perm("org.manage")
def member_create(request):
    org_ids = organisation_ids_with(request.user, "org.manage")
    form = forms.MemberCreateForm(
        request.POST or None,
        organisations=organisations_managed_by(request.user),
        offices=offices_of(org_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_create(
                actor=request.user, **form.cleaned_data, site_url=site_url_of(request) + "/"
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The person has been added and informed by e-mail."))
            return redirect("accounts:members")
    return render(request, "accounts/member_form.html", {"form": form, "creating": True})


@require_perm("org.manage")
def member_edit(request, pk: int):
    membership = get_object_or_404(members_managed_by(request.user), pk=pk)
    form = forms.MembershipForm(
        request.POST or None, membership=membership, offices=offices_of([membership.organisation_id])
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The membership has been saved."))
            return redirect("accounts:members")
    context = {"form": form, "membership": membership, "creating": False,
               **views_security.member_security(request, membership)}
    return render(request, "accounts/member_form.html", context)
