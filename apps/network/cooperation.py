"""The history of cooperation of a partner, as counts only (never data of clients):
referrals exchanged (with the viewer's organisations and network-wide), counselling days
hosted at its premises, and events its members attended (from apps.events once it offers
`attendance_counts_by_organisation(organisation_ids) -> dict[int, int]`)."""

from dataclasses import dataclass

from django.db.models import Q

from apps.mobile.models import MobileCounsellingDay
from apps.referrals.models import IncomingReferral, Referral, ReferralStatus


@dataclass(frozen=True)
class Cooperation:
    referrals_with_viewer: int
    referrals_network: int
    days_hosted: int
    events_attended: int | None  # None: the events app offers no count (yet)


def _sent_referrals():
    return Referral.objects.exclude(status=ReferralStatus.PROPOSED)


def referral_count(organisation_id: int, with_ids=None) -> int:
    """Referrals sent from or to the organisation (both kinds: counselling referrals and the
    partners' incoming referrals); with `with_ids`, only those exchanged with these organisations."""
    out_q = Q(case__organisation_id=organisation_id)
    in_q = Q(recipient_organisation_id=organisation_id)
    referrals = _sent_referrals().filter(out_q | in_q)
    incoming = IncomingReferral.objects.filter(Q(from_organisation_id=organisation_id)
                                               | Q(to_organisation_id=organisation_id))
    if with_ids is not None:
        with_ids = [pk for pk in with_ids if pk != organisation_id]
        referrals = referrals.filter((out_q & Q(recipient_organisation_id__in=with_ids))
                                     | (in_q & Q(case__organisation_id__in=with_ids)))
        incoming = incoming.filter(Q(from_organisation_id__in=with_ids) | Q(to_organisation_id__in=with_ids))
    return referrals.count() + incoming.count()


def days_hosted(organisation_id: int) -> int:
    return MobileCounsellingDay.objects.filter(location__host_id=organisation_id).exclude(
        status=MobileCounsellingDay.Status.CANCELLED).count()


def events_attended(organisation_id: int) -> int | None:
    try:
        from apps.events.selectors import attendance_counts_by_organisation
    except ImportError:
        return None
    return attendance_counts_by_organisation([organisation_id]).get(organisation_id, 0)


def cooperation_of(organisation_id: int, viewer_organisation_ids) -> Cooperation:
    return Cooperation(
        referrals_with_viewer=referral_count(organisation_id, with_ids=list(viewer_organisation_ids)),
        referrals_network=referral_count(organisation_id),
        days_hosted=days_hosted(organisation_id),
        events_attended=events_attended(organisation_id),
    )
