"""Demo data of the hotline desk: three weeks of anonymous calls, and callback requests from the
portal and from calls (open, overdue, closed within and outside the service level). Numbers
and names are fictitious and say so. Idempotent: nothing is added once IOM has demo calls."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.hotline.servicelevel import due_at_for, is_working_day
from apps.regions.models import District

LANGUAGES = ["ar", "fa", "ps", "tr", "ru", "uk", "ka", "sq", "de", "en", "fr", "kmr"]
DISTRICTS = ["07211", "07143", "07111", "07315", "07314", "07235", "07137", "07319"]
# (days ago, hour, language, first name, window, attempts, close reason or "", source)
CALLBACKS = [
    (0, 9, "ar", "Demo-Amal (fiktiv)", "morning", [], "", "portal"),
    (0, 11, "fa", "", "afternoon", [], "", "portal"),
    (1, 15, "ps", "Demo-Karim (fiktiv)", "anytime", ["no_answer"], "", "portal"),
    (6, 10, "ru", "Demo-Olga (fiktiv)", "midday", ["no_answer", "voicemail", "no_answer"], "", "portal"),
    (8, 16, "tr", "", "anytime", ["reached"], "done", "portal"),
    (9, 9, "uk", "Demo-Iryna (fiktiv)", "morning", ["no_answer", "reached"], "done", "call"),
    (12, 14, "ka", "", "afternoon", ["wrong_number"], "wrong_number", "portal"),
    (14, 10, "sq", "Demo-Arben (fiktiv)", "anytime", ["no_answer", "no_answer", "voicemail"], "not_reached", "portal"),
]


def _at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _calls(organisation, agents, districts) -> int:
    rng = random.Random(10)
    created = 0
    for days_ago in range(21, -1, -1):
        if not is_working_day(timezone.localdate() - timedelta(days=days_ago)):
            continue
        for _n in range(rng.randint(1, 3)):
            started = _at(days_ago, rng.randint(9, 16), rng.choice([0, 10, 20, 30, 40, 50]))
            if started > timezone.now():
                continue
            outcomes = rng.choice([["information"], ["information"], ["information", "referral"], ["appointment"],
                                   ["information", "callback"]])
            Call.objects.create(
                organisation=organisation, agent=rng.choice(agents), started_at=started, created_at=started,
                direction=rng.choice(["inbound"] * 4 + ["outbound"]), duration_minutes=rng.randint(2, 25),
                language=rng.choice(LANGUAGES), interpreter=rng.random() < 0.2,
                topic=rng.choice(Call.Topic.values), district=rng.choice(districts + [None]), outcomes=outcomes)
            created += 1
    return created


def _callbacks(organisation, agents) -> int:
    from apps.appointments.services import phone_hash

    created = 0
    for index, (days_ago, hour, language, name, window, attempts, reason, source) in enumerate(CALLBACKS):
        requested = _at(days_ago, hour)
        if requested > timezone.now():
            requested = timezone.now() - timedelta(minutes=30)
        phone = f"+4915123456{780 + index}"
        agent = agents[index % len(agents)]
        callback = CallbackRequest.objects.create(
            organisation=organisation, source=source, first_name=name, phone=phone, phone_hash=phone_hash(phone),
            language=language, window=window, consent_given_at=requested, requested_at=requested,
            due_at=due_at_for(requested), assigned_to=agent if attempts else None)
        moment = requested
        for outcome in attempts:
            moment += timedelta(hours=20 if reason == "not_reached" else 3)
            CallbackAttempt.objects.create(callback=callback, agent=agent, at=moment, outcome=outcome)
            if outcome == "reached" and callback.reached_at is None:
                callback.reached_at = moment
        if reason:
            callback.status, callback.closed_at = CallbackRequest.Status.CLOSED, moment + timedelta(minutes=5)
            callback.closed_by, callback.close_reason = agent, reason
        callback.save()
        created += 1
    return created


def seed(network) -> int:
    organisation = network.organisations.get("IOM")
    agents = [user for user in (network.users.get("hotline"), network.users.get("team_lead")) if user]
    if organisation is None or not agents or Call.objects.filter(organisation=organisation).exists():
        return 0
    districts = list(District.objects.filter(ags__in=DISTRICTS))
    return _calls(organisation, agents, districts) + _callbacks(organisation, agents)
