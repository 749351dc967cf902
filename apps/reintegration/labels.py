"""The fixed labels of the reintegration-plan PDF, through gettext like every other text.

A client source (settings.CLIENT_MESSAGE_SOURCES): `manage.py client_messages` puts these
labels into every client catalogue (locale/<lang>/), where translators review them like the
portal's texts; German comes from the German catalogue. Only labels live here; the client's own
texts (goals, activities) are printed as they were entered.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from apps.core.client_languages import client_language_for, client_language_or_default, is_rtl

LABELS = {
    "title": _("Reintegration plan"), "name": _("Name"), "birth_date": _("Date of birth"), "phone": _("Phone"),
    "languages": _("Languages"), "partner": _("Partner in the country of origin"), "status": _("Status"),
    "date": _("Date"), "goal": _("Goal"), "activity": _("Activity"), "responsible": _("Responsible"),
    "due": _("Due"), "budget": _("Budget"), "kind": _("Kind of support"), "funding": _("Funding source"),
    "economic": _("Economic dimension"), "social": _("Social dimension"),
    "psychosocial": _("Psychosocial dimension"), "dimension": _("Dimension"), "in_kind": _("in kind"),
    "cash": _("cash"), "budget_summary": _("Budget summary"), "total": _("Total"),
    "footer": _("Confidential. This plan was prepared together with the client."),
    "draft": _("Draft translation, not yet checked by a native speaker."),
}
KEYS = tuple(LABELS)
# The languages a plan prints in: every client language.
SUPPORTED = tuple(code for code, _name in settings.LANGUAGES)


def pdf_language(code: str | None) -> str:
    """The client language a plan prints in for a person's language code (ISO 639: Dari "prs"
    prints in Persian); German where ReturnNet has no catalogue for it."""
    return client_language_or_default(client_language_for([code or ""]))


def labels_for(language: str) -> dict[str, str]:
    """Every label in `language` (a client language)."""
    with translation.override(pdf_language(language)):
        return {key: str(label) for key, label in LABELS.items()}


def rtl(language: str) -> bool:
    return is_rtl(pdf_language(language))
