"""Counselling sessions: /cases/{id}/sessions and /sessions/{id}. Summaries are decrypted only
in the single-session answer, which is audited."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import RECORD_ERRORS, district, office_in, persons_with_ids, topics
from apps.api.schemas.cases import SessionCreateIn, SessionDetailOut, SessionFields, SessionOut, SessionPatchIn
from apps.api.schemas.common import ErrorOut, PathId, changed_fields
from apps.cases.selectors import case_for, session_for, sessions_of
from apps.cases.services import session_record, session_update

router = Router()
# Model fields to set, participants, topics (None: leave as they are).
SessionInput = tuple[dict, list | None, list | None]


@router.get("/cases/{case_id}/sessions", response=list[SessionOut], summary="List the sessions of a case")
@requires("case.read")
@paginate(Page)
def list_sessions(request: HttpRequest, case_id: PathId):
    """Sessions of one visible case, newest first, without their confidential texts."""
    return sessions_of(case_for(request.auth, case_id))


@router.get("/sessions/{session_id}", response={200: SessionDetailOut, 404: ErrorOut},
            summary="Read a session")
@requires("case.read")
def get_session(request: HttpRequest, session_id: PathId):
    """One session with its summary and next steps; the read is audited (session.viewed)."""
    return session_for(request.auth, session_id)


def _session_input(user, organisation_id: int, payload: SessionFields) -> SessionInput:
    """The model fields sent, plus participants and topics (None: not sent)."""
    sent = payload.model_fields_set
    data = changed_fields(payload, skip=("office_id", "district_id", "participant_ids", "topic_codes"))
    if "office_id" in sent:
        data["office"] = office_in(organisation_id, payload.office_id)
    if "district_id" in sent:
        data["district"] = district(payload.district_id)
    participants = persons_with_ids(user, payload.participant_ids) if "participant_ids" in sent else None
    chosen_topics = topics(payload.topic_codes) if "topic_codes" in sent else None
    return data, participants, chosen_topics


@router.post("/cases/{case_id}/sessions", response={201: SessionDetailOut, **RECORD_ERRORS},
             summary="Record a session")
@requires("case.write")
def create_session(request: HttpRequest, case_id: PathId, payload: SessionCreateIn):
    """A session held by you in this case; participants must be members of its household."""
    case = case_for(request.auth, case_id, audit=False)
    data, participants, chosen_topics = _session_input(request.auth, case.organisation_id, payload)
    session = session_record(actor=request.auth, case=case, data=data,
                             participants=participants or (), topics=chosen_topics or ())
    return Status(201, session_for(request.auth, session.pk, audit=False))


@router.patch("/sessions/{session_id}", response={200: SessionDetailOut, **RECORD_ERRORS},
              summary="Change a session")
@requires("case.write")
def update_session(request: HttpRequest, session_id: PathId, payload: SessionPatchIn):
    """Change the fields sent; participant_ids and topic_codes replace the whole list."""
    session = session_for(request.auth, session_id, audit=False)
    data, participants, chosen_topics = _session_input(request.auth, session.case.organisation_id, payload)
    session_update(actor=request.auth, session=session, data=data, participants=participants,
                   topics=chosen_topics, expected_version=payload.version)
    return session_for(request.auth, session_id)
