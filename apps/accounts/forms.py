"""Forms of sign-in, second factor, profile and member management. Writes go through services."""

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from apps.accounts import services
from apps.accounts.models import Office, Organisation, Role, User
from apps.core.forms import AuthenticationForm, Form, PasswordChangeForm, PasswordResetForm, SetPasswordForm


class SignInForm(AuthenticationForm):
    """E-mail and password. The field keeps the name "username" that LoginView and axes expect."""

    username = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "E-mail or password is wrong. After %(limit)d failed attempts the account is locked "
            "for %(minutes)d minutes."
        ),
    }

    def clean_username(self) -> str:
        # Addresses are stored in lower case; counting failures on the normalised address
        # keeps "A@x" and "a@x" from getting separate allowances.
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is not None and password:
            # django-axes reads the account from the credentials under AXES_USERNAME_FORM_FIELD,
            # which defaults to USERNAME_FIELD ("email"); the audit signal reads "username".
            # Passing both keeps failures counted whichever key is configured.
            self.user_cache = authenticate(
                self.request, username=username, email=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()},
        )


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


class TokenField(forms.CharField):
    """Apps show the code as "123 456"; accept it as typed."""

    default_validators = [
        RegexValidator(r"^\d{6}$", _("Enter the six digits shown in your authenticator app."))
    ]

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class TokenForm(Form):
    """The six-digit code from the authenticator app."""

    token = TokenField(
        label=_("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True,
        }),
    )


class ProfilePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form sits below the profile facts; focus must not jump into it.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)

    def save(self, commit=True):
        return services.password_change(actor=self.user, new_password=self.cleaned_data["new_password1"])


class PasswordSetForm(SetPasswordForm):
    """Used by the link of an invitation or a reset e-mail."""

    def save(self, commit=True):
        return services.password_change(actor=self.user, new_password=self.cleaned_data["new_password1"])


class PasswordRequestForm(PasswordResetForm):
    """Also serves invited users who lost their invitation: they have no usable password yet."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class MemberCreateForm(Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        help_text=_("If this person already has a ReturnNet account, they are added to the "
                    "organisation and keep their name and password."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(), required=False)

    def __init__(self, *args, organisations, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["office"].queryset = offices

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        _check_office(self, data.get("office"), data.get("organisation"))
        return data


class MembershipForm(Form):
    role = forms.ModelChoiceField(label=_("Role"), queryset=Role.objects.all())
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(), required=False)
    is_active = forms.BooleanField(
        label=_("Membership active"), required=False,
        help_text=_("Without an active membership the person sees nothing of this organisation."),
    )

    def __init__(self, *args, membership, offices, **kwargs):
        kwargs.setdefault("initial", {
            "role": membership.role_id, "office": membership.office_id, "is_active": membership.is_active,
        })
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.membership = membership

    def clean(self):
        data = super().clean()
        _check_office(self, data.get("office"), self.membership.organisation)
        return data


def _check_office(form, office, organisation) -> None:
    if office is not None and organisation is not None and office.organisation_id != organisation.pk:
        form.add_error("office", _("This office belongs to another organisation."))


class RecoveryCodeForm(Form):
    """One of the recovery codes shown after enrolment, for a lost or unavailable phone."""

    recovery_code = forms.CharField(
        label=_("Recovery code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class EnrolmentCodeForm(Form):
    """The enrolment code an administrator handed over in person or by phone."""

    code = forms.CharField(
        label=_("Enrolment code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}),
    )


class ApiTokenForm(Form):
    """A new API token on the profile page; the limits come from the settings at request time."""

    name = forms.CharField(label=_("What is the token for?"), max_length=100)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1,
        help_text=_("The token stops working after this many days."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        days.initial = settings.API_TOKEN_DEFAULT_DAYS
        days.widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        days.validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
