"""Demo data of tour planning: the IOM counsellors as the planner sees them (fictitious
languages and limits) and a draft plan for the next quarter. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from apps.tours.models import PlannerCounsellor, TourPlan

PROFILES = {  # persona key → (languages, maximum travel minutes per day, round trip)
    "counsellor": (["de", "en", "fa", "ar"], 240),
    "counsellor_speyer": (["de", "en", "ru", "tr"], 240),
}


def seed(network) -> int:
    created = 0
    iom = network.organisations["IOM"]
    for key, (languages, max_travel) in PROFILES.items():
        user = network.users.get(key)
        if user is None:
            continue
        membership = user.memberships.filter(organisation=iom).first()
        _row, new = PlannerCounsellor.objects.get_or_create(organisation=iom, user=user, defaults={
            "home_office": membership.office if membership else None, "languages": languages,
            "max_travel_minutes_per_day": max_travel})
        created += new
    lead = network.users.get("team_lead")
    if lead is not None and not TourPlan.objects.filter(organisation=iom).exists():
        today = timezone.localdate()
        TourPlan.objects.create(organisation=iom, start=today + timedelta(days=7 - today.weekday()), weeks=13,
                                created_by=lead)
        created += 1
    return created
