"""Counselling: persons counselled, sessions by channel, by district and by place."""

from apps.reports.indicators.base import (
    Breakdown,
    PersonCount,
    RecordCount,
    Source,
    choice_labels,
    district_breakdown,
    person_breakdowns,
)


def _session():
    from apps.cases.models import CounsellingSession

    return CounsellingSession


def _participation():
    return _session().participants.through


SESSIONS = Source(model=_session, date="started_at", organisation="case__organisation",
                  office="case__office", district="district", persons="participants")
PARTICIPATIONS = Source(model=_participation, date="counsellingsession__started_at",
                        organisation="counsellingsession__case__organisation",
                        office="counsellingsession__case__office", district="counsellingsession__district",
                        person="person", case="counsellingsession__case")


def _channel():
    from apps.cases.models import Channel

    return Breakdown("channel", lambda s: _path(s, "channel"), choice_labels(Channel.choices))


def _path(source, name):
    from django.db.models import F

    prefix = "" if source.model is _session else "counsellingsession__"
    return F(f"{prefix}{name}")


def _place():
    from apps.cases.models import SessionPlace

    return Breakdown("place", lambda s: _path(s, "place"), choice_labels(SessionPlace.choices))


def indicators():
    session_breakdowns = [_channel(), district_breakdown(), _place()]
    return [
        PersonCount("persons_counselled", PARTICIPATIONS, person_breakdowns() + [district_breakdown()],
                    default="sex", drill=(SESSIONS, "counsellingsession_id")),
        RecordCount("sessions_by_channel", SESSIONS, session_breakdowns, default="channel"),
        RecordCount("sessions_by_district", SESSIONS, session_breakdowns, default="district"),
    ]
