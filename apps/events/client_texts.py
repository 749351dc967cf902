"""What registrants read in their mails, in the language they registered in (the portal's, or
German/English for network users). Extracted for every client language
(settings.CLIENT_MESSAGE_SOURCES); keep them few and plain."""

from django.utils.translation import gettext_lazy as _

GREETING = _("Hello %(name)s,")
WHEN = _("When: %(when)s")
WHERE = _("Where: %(where)s")
ONLINE = _("Online")
ONLINE_LINK = _("Online link: %(link)s")
MANAGE = _("To cancel your registration, open this link: %(link)s")
CALENDAR = _("The calendar entry is attached.")

SUBJECT = {
    "confirmed": _("Registration confirmed: %(title)s"),
    "waiting": _("Waiting list: %(title)s"),
    "promoted": _("A place has become free for you: %(title)s"),
    "reminder": _("Reminder: %(title)s"),
    "event_cancelled": _("Cancelled: %(title)s"),
    "cancelled": _("Registration cancelled: %(title)s"),
}

LEAD = {
    "confirmed": _("Your place at “%(title)s” is confirmed."),
    "waiting": _("All places at “%(title)s” are taken. You are on the waiting list. If a place becomes free, "
                 "it is yours and we will write to you."),
    "promoted": _("A place at “%(title)s” has become free. You have moved up from the waiting list: your place "
                  "is confirmed."),
    "reminder": _("We look forward to seeing you at “%(title)s”."),
    "event_cancelled": _("We are sorry: “%(title)s” has been cancelled."),
    "cancelled": _("Your registration for “%(title)s” has been cancelled."),
}
