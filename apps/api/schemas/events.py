"""Schemas of events: the network's published events and one's own registration."""

from ninja import Field, Schema

from apps.api.schemas.common import InputSchema, text


class EventOut(Schema):
    id: int
    title: str
    description: str
    kind: str = Field(description="exchange, information, training or conference.")
    format: str = Field(description="in_person, online or hybrid.")
    target_group: str
    starts_at: str = Field(description="Start (ISO 8601 with offset; the events take place in Europe/Berlin).")
    ends_at: str
    place: str
    address: str
    district: str | None = Field(description="The district's official key (AGS), if given.")
    capacity: int
    places_taken: int
    registration_deadline: str | None
    status: str = Field(description="published, done or cancelled (drafts are never listed).")
    organiser: str

    @staticmethod
    def resolve_starts_at(obj) -> str:
        return obj.starts_at.isoformat()

    @staticmethod
    def resolve_ends_at(obj) -> str:
        return obj.ends_at.isoformat()

    @staticmethod
    def resolve_district(obj) -> str | None:
        return obj.district.ags if obj.district_id else None

    @staticmethod
    def resolve_places_taken(obj) -> int:
        return obj.seats_taken

    @staticmethod
    def resolve_registration_deadline(obj) -> str | None:
        return obj.registration_deadline.isoformat() if obj.registration_deadline else None

    @staticmethod
    def resolve_organiser(obj) -> str:
        return obj.organisation.name


class MyRegistrationOut(Schema):
    id: int
    status: str = Field(description="confirmed, waiting, cancelled, attended or no_show.")
    waiting_position: int | None = Field(description="Place on the waiting list, while waiting.")
    online_link: str = Field(description="The event's online link: only for a confirmed place, else empty.")


class EventDetailOut(EventOut):
    my_registration: MyRegistrationOut | None = None


class RegistrationIn(InputSchema):
    consent: bool = Field(description="The registrant agrees that the organisers process the registration "
                                      "(name, organisation, e-mail address). Required.")
    accessibility_needs: text(2000) = ""
    language: str = Field("de", description="Language of the mails: de or en.", pattern="^(de|en)$")
