"""Extension points through which higher apps add to pages and records of lower ones.

The case pages belong to `cases` (L2); assessments, referrals and country information (L3)
add their tabs, badges and home-page widgets here in their AppConfig.ready(), so imports
keep pointing downward (docs/architecture.md). Services that core and accounts need from
higher apps (permission checks, the audit log) are in apps.core.hooks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class CaseTab:
    code: str
    label: Any  # a lazy translation
    url_name: str  # takes the case's pk
    order: int


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    permission: str | None  # None: every signed-in user
    order: int


@dataclass(frozen=True)
class HomeWidget:
    template: str
    # (user) -> the widget's context, or None when it does not apply to the user.
    context: Callable[[Any], dict | None]
    order: int


# (user, case) -> {person_id: [badge, …]}; a badge is a dict with "label" and optional "css".
BadgeProvider = Callable[[Any, Any], dict[int, list[dict]]]

# (user, household reference) -> a boolean expression (Q, Exists) that a household row must
# satisfy to be visible to the user. clients scopes households and persons with it; cases
# (above clients) registers that a restricted case hides its household.
HouseholdScope = Callable[[Any, Any], Any]

@dataclass(frozen=True)
class TimelineEntry:
    """One event on a case's timeline (apps.cases.selectors.timeline_of)."""

    at: datetime  # aware; a day without a time is its start (day_start)
    kind: str  # a stable code per kind of event, e.g. "referral_sent" (tests, styling)
    label: Any  # what happened, translated, e.g. "Referral sent"
    title: str  # the record it happened to, e.g. the service referred to
    detail: str = ""
    actor: str = ""
    # The record shown, for the audit entry of the timeline read: ("referral", 12).
    source: str = ""
    object_id: int | None = None
    all_day: bool = False  # the record knows the day only: no time is shown


# (user, case) -> the timeline entries of one app for a case the caller has already scoped,
# filtered by what the user may read there (sensitive types, special categories), in one
# query per kind of record. The caller audits the read once, naming every record shown.
TimelineSource = Callable[[Any, Any], list[TimelineEntry]]

@dataclass(frozen=True)
class ConsentRecipients:
    """Recipients that a higher app keeps for one consent purpose, which a consent must name
    (countryinfo: the partners in the country of origin). clients offers them on the consent
    form and stores the choice through `attach`, without knowing the app."""

    purpose: str  # a clients.Consent.Purpose value
    label: Any  # the form field's label
    choices: Callable[[], list]  # [(group label, [(key, label), …]), …] of the selectable recipients
    attach: Callable[[Any, Any, int], None]  # (actor, consent, key): link; ValidationError on a bad key
    names: Callable[[list[int]], dict[int, str]]  # consent ids -> the named recipient, in one query


CASE_TABS: list[CaseTab] = []
NAV_ITEMS: list[NavItem] = []
HOME_WIDGETS: list[HomeWidget] = []
PERSON_BADGES: list[BadgeProvider] = []
HOUSEHOLD_SCOPES: list[HouseholdScope] = []
TIMELINE_SOURCES: list[TimelineSource] = []
CONSENT_RECIPIENTS: dict[str, ConsentRecipients] = {}


def _add(registry: list, item) -> None:
    if item not in registry:  # ready() may run twice in some test set-ups
        registry.append(item)
        registry.sort(key=lambda entry: getattr(entry, "order", 0))


def register_case_tab(code: str, label, url_name: str, order: int) -> None:
    _add(CASE_TABS, CaseTab(code, label, url_name, order))


def register_nav_item(label, url_name: str, permission: str | None, order: int) -> None:
    _add(NAV_ITEMS, NavItem(label, url_name, permission, order))


def register_home_widget(template: str, context: Callable, order: int) -> None:
    _add(HOME_WIDGETS, HomeWidget(template, context, order))


def register_person_badges(provider: BadgeProvider) -> None:
    if provider not in PERSON_BADGES:
        PERSON_BADGES.append(provider)


def register_household_scope(scope: HouseholdScope) -> None:
    if scope not in HOUSEHOLD_SCOPES:
        HOUSEHOLD_SCOPES.append(scope)


def register_timeline_source(provider: TimelineSource) -> None:
    if provider not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(provider)


def timeline_entries(user, case) -> list[TimelineEntry]:
    """The entries every registered source gives for the case (unsorted)."""
    return [entry for provider in TIMELINE_SOURCES for entry in provider(user, case)]


def register_consent_recipients(source: ConsentRecipients) -> None:
    CONSENT_RECIPIENTS[source.purpose] = source


def consent_recipients(purpose: str) -> ConsentRecipients | None:
    return CONSENT_RECIPIENTS.get(purpose)


def consent_recipient_names(consent_ids) -> dict[int, str]:
    """Consent id -> the recipient a registered app keeps for it (one query per app)."""
    ids = list(consent_ids)
    names: dict[int, str] = {}
    for source in CONSENT_RECIPIENTS.values():
        names.update(source.names(ids) if ids else {})
    return names


def day_start(day: date) -> datetime:
    """A date on the timeline: the start of that day in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def household_scope(user, household_ref):
    """Every registered condition on a household for this user, combined with AND."""
    condition = Q()
    for scope in HOUSEHOLD_SCOPES:
        condition &= scope(user, household_ref)
    return condition


def person_badges(user, case) -> dict[int, list[dict]]:
    """All badges for the persons of a case's household, keyed by person id."""
    merged: dict[int, list[dict]] = {}
    for provider in PERSON_BADGES:
        for person_id, badges in provider(user, case).items():
            merged.setdefault(person_id, []).extend(badges)
    return merged


def home_widgets(user) -> list[tuple[str, dict]]:
    widgets = []
    for widget in HOME_WIDGETS:
        context = widget.context(user)
        if context is not None:
            widgets.append((widget.template, context))
    return widgets


def nav_items(permissions: frozenset[str]) -> list[NavItem]:
    return [item for item in NAV_ITEMS if item.permission is None or item.permission in permissions]
