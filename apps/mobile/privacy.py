"""Mobile counselling in the records of processing (apps.privacy.registry).

Counselling locations, hosting requests and counselling days hold no client's data: clients
appear only through their bookings (apps.appointments). What they hold about people is the
staff of host organisations (the contact on site, who asked for counselling days, the
message and response of a hosting request). Those people are users of ReturnNet or named by
their organisation, not subjects the data protection officer searches for, so mobile has no
subject source; their data goes with the organisation's user accounts and locations.
"""

from django.utils.translation import gettext_lazy

from apps.privacy.registry import ProcessingActivity

ACTIVITY = ProcessingActivity(
    code="mobile.counselling_days",
    name=gettext_lazy("Mobile counselling days and their hosts"),
    purpose=gettext_lazy(
        "Planning counselling days at partner premises: where counselling takes place, who hosts it and who "
        "asked for it, and which counsellors go."),
    legal_basis="Art. 6 Abs. 1 lit. b und f DSGVO (Zusammenarbeit im Netzwerk)",
    persons=(gettext_lazy("Staff of host organisations and authorities"), gettext_lazy("Counsellors")),
    data=(gettext_lazy("Names of contacts on site, the user who asked for counselling days, messages and "
                       "responses of hosting requests"),
          gettext_lazy("Which counsellors serve which counselling day")),
    recipients=(gettext_lazy("The host organisation (the answer to its request; the day's counsellors)"),),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity

    register_processing_activity(ACTIVITY)
