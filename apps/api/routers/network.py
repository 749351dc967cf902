"""The network: /network/partners (directory), /network/questions (expert questions to the
Kompetenzzentrum, with their thread), /network/knowledge (published answers)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from apps.accounts.selectors import organisation_ids_with, organisations_with
from apps.api.pagination import Page
from apps.api.permissions import requires
from apps.api.routers.common import EDIT_ERRORS, RECORD_ERRORS, invalid
from apps.api.schemas.common import Code, ErrorOut, Id, PathId, SearchText
from apps.api.schemas.network import (
    ArticleOut,
    MessageIn,
    MessageOut,
    PartnerDetailOut,
    PartnerOut,
    QuestionDetailOut,
    QuestionIn,
    QuestionOut,
)
from apps.audit.services import record
from apps.core.links import site_url_of
from apps.network import questions as question_services
from apps.network import selectors
from apps.network.cooperation import cooperation_of

router = Router()
PARTICIPATE = "network.participate"


class KnowledgeFilter(Schema):
    q: SearchText = ""
    category: Code = ""


class PartnerFilter(Schema):
    district_id: Id | None = None
    kind: Code = ""
    role: Code = ""


@router.get("/network/partners", response=list[PartnerOut], summary="List the partner directory")
@requires(PARTICIPATE)
@paginate(Page)
def list_partners(request: HttpRequest, filters: Query[PartnerFilter]):
    """The network's organisations with their roles and districts served (filter by district, kind, role)."""
    from apps.regions.models import District

    district = District.objects.filter(pk=filters.district_id).first() if filters.district_id else None
    return selectors.partners_visible_to(request.auth, district=district, kind=filters.kind[:40],
                                         role=filters.role[:40])


@router.get("/network/partners/{partner_id}", response={200: PartnerDetailOut, 404: ErrorOut},
            summary="Read a partner with its listed contacts")
@requires(PARTICIPATE)
def get_partner(request: HttpRequest, partner_id: PathId):
    """One organisation with its contacts (only those whose consent to be listed is recorded),
    agreements and cooperation counts. The read of the contacts is audited."""
    partner = selectors.partner_for(request.auth, partner_id)
    contacts = list(selectors.contacts_visible_to(request.auth, partner.pk).filter(
        consent_given_on__isnull=False, consent_withdrawn_at__isnull=True))
    record(request.auth, "partner_contact.list_viewed", organisation_id=partner.pk,
           details={"via": "api", "partner_id": partner.pk, "ids": [c.pk for c in contacts]})
    counts = cooperation_of(partner.pk, organisation_ids_with(request.auth, PARTICIPATE))
    profile = getattr(partner, "network_profile", None)
    # The schema reads these beside the organisation's own fields.
    partner.description = profile.description if profile else ""
    partner.contacts = contacts
    partner.agreements = list(selectors.agreements_visible_to(request.auth, partner.pk))
    partner.cooperation = {"referrals_with_your_organisation": counts.referrals_with_viewer,
                           "referrals_network": counts.referrals_network,
                           "counselling_days_hosted": counts.days_hosted, "events_attended": counts.events_attended}
    return partner


@router.get("/network/questions", response=list[QuestionOut], summary="List expert questions")
@requires(PARTICIPATE)
@paginate(Page)
def list_expert_questions(request: HttpRequest):
    """The questions your organisations asked, and (network.manage in a Kompetenzzentrum) those addressed to it."""
    return selectors.questions_visible_to(request.auth).order_by("-asked_at", "-id")


@router.get("/network/questions/{question_id}", response={200: QuestionDetailOut, 404: ErrorOut},
            summary="Read an expert question with its thread")
@requires(PARTICIPATE)
def get_expert_question(request: HttpRequest, question_id: PathId):
    question = selectors.question_for(request.auth, question_id)
    record(request.auth, "expert_question.viewed", question, details={"via": "api"})
    return question


@router.post("/network/questions", response={201: QuestionDetailOut, **RECORD_ERRORS},
             summary="Ask the Kompetenzzentrum an expert question")
@requires(PARTICIPATE)
def ask_expert_question(request: HttpRequest, payload: QuestionIn):
    """Asked for your (first) organisation. A text that looks like it identifies somebody is a 422
    naming each finding."""
    organisation = organisations_with(request.auth, PARTICIPATE)[0]
    centre = selectors.competence_centres().filter(pk=payload.competence_centre_id).first()
    if centre is None:
        raise invalid("competence_centre_id", _("No Kompetenzzentrum has this id."))
    question = question_services.question_ask(
        actor=request.auth, organisation=organisation, competence_centre=centre, subject=payload.subject,
        category=payload.category, urgency=payload.urgency, text=payload.text,
        base_url=site_url_of(request))
    return Status(201, question)


@router.post("/network/questions/{question_id}/messages", response={201: MessageOut, **EDIT_ERRORS},
             summary="Post to an expert question's thread")
@requires(PARTICIPATE)
def post_expert_question_message(request: HttpRequest, question_id: PathId, payload: MessageIn):
    """The Kompetenzzentrum's first message answers the question; the asking side may follow up."""
    question = selectors.question_for(request.auth, question_id)
    message = question_services.message_post(actor=request.auth, question=question, text=payload.text,
                                             expected_version=payload.version,
                                             base_url=site_url_of(request))
    return Status(201, message)


@router.get("/network/knowledge", response=list[ArticleOut], summary="Search the knowledge base")
@requires(PARTICIPATE)
@paginate(Page)
def list_knowledge_articles(request: HttpRequest, filters: Query[KnowledgeFilter]):
    """Published answers; every word of `q` must occur in title, question, answer or tags."""
    # A schema, not plain arguments: only then do the text rules (storable characters) run.
    return selectors.articles_visible_to(request.auth, text=filters.q, category=filters.category[:40])
