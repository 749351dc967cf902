"""The hotline's personal data for the privacy app (apps.privacy.registry).

- Logged calls keep a caller's name and phone number only as long as the rule says; then
  they are anonymised (name, number and its hash go; time, topic, district, outcome,
  duration stay for the hotline's figures).
- Closed callback requests likewise: the first name, number, hash and the attempts' notes
  go, the times (requested, due, reached, closed) stay for the service level. Open requests
  are never due: somebody is still waiting for the call.
- A client's erasure takes the calls and callback requests linked to the client's cases.
"""

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from apps.hotline.models import Call, CallbackAttempt, CallbackRequest
from apps.privacy.registry import (
    ANONYMISE,
    DELETE,
    ERASE,
    ErasureContext,
    ProcessingActivity,
    RecordType,
    RetentionScope,
    SubjectRecord,
    SubjectSource,
)
from apps.privacy.source_helpers import bump, compact, fields_of, iso, scrub_rows

LEGAL_BASIS = "Art. 6 Abs. 1 lit. e DSGVO i. V. m. Art. 5 Abs. 1 lit. e DSGVO (Speicherbegrenzung)"
PROPOSAL = ("Vorschlag, nicht geprüft: keine gesetzliche Frist; der Zweck (Rückruf, Auskunft) ist mit dem "
            "Abschluss erfüllt, die Zahlen für die Auswertung bleiben anonym erhalten.")


def _before(scope: RetentionScope):
    return scope.now - relativedelta(months=scope.months)


# --- Calls ------------------------------------------------------------------------------------


def _calls_with_identity():
    """Calls that still name the caller (the encrypted name can only be measured, not compared)."""
    return Call.objects.annotate(_name_length=Length("caller_name"), _phone_length=Length("phone")).filter(
        models.Q(_name_length__gt=0) | models.Q(_phone_length__gt=0) | ~models.Q(phone_hash=""))


def _calls_past(scope: RetentionScope):
    return _calls_with_identity().filter(organisation_id=scope.organisation_id, started_at__lt=_before(scope))


def calls_due(scope: RetentionScope):
    return _calls_past(scope).exclude(case_id__in=scope.held_case_ids)


def calls_held(scope: RetentionScope) -> int:
    return _calls_past(scope).filter(case_id__in=scope.held_case_ids).count() if scope.held_case_ids else 0


def calls_apply(due, action: str) -> int:
    ids = list(due.values_list("pk", flat=True))
    if action == DELETE:
        return Call.objects.filter(pk__in=ids).delete()[1].get("hotline.Call", 0)
    return Call.objects.filter(pk__in=ids).update(caller_name="", phone="", phone_hash="", **bump(Call))


# --- Callback requests ----------------------------------------------------------------------


def _callbacks_past(scope: RetentionScope):
    # phone_hash is set on every request that still holds a number (it is required on entry).
    return (CallbackRequest.objects.filter(organisation_id=scope.organisation_id,
                                           status=CallbackRequest.Status.CLOSED, closed_at__lt=_before(scope))
            .exclude(phone_hash=""))


def callbacks_due(scope: RetentionScope):
    return _callbacks_past(scope).exclude(case_id__in=scope.held_case_ids)


def callbacks_held(scope: RetentionScope) -> int:
    return _callbacks_past(scope).filter(case_id__in=scope.held_case_ids).count() if scope.held_case_ids else 0


def _anonymise_callbacks(callbacks) -> int:
    ids = list(callbacks.values_list("pk", flat=True))
    CallbackAttempt.objects.filter(callback_id__in=ids).update(note="")
    return CallbackRequest.objects.filter(pk__in=ids).update(first_name="", phone="", phone_hash="", campaign="",
                                                             **bump(CallbackRequest))


def callbacks_apply(due, action: str) -> int:
    if action == DELETE:
        ids = list(due.values_list("pk", flat=True))
        return CallbackRequest.objects.filter(pk__in=ids).delete()[1].get("hotline.CallbackRequest", 0)
    return _anonymise_callbacks(due)


# --- A client's erasure and subject-access export ---------------------------------------------


def _case_ids_of(person_id: int) -> list[int]:
    from apps.cases.models import Case

    return list(Case.objects.filter(household__members__person_id=person_id).values_list("pk", flat=True))


def collect(person_id: int):
    case_ids = _case_ids_of(person_id)
    for call in Call.objects.filter(case_id__in=case_ids).order_by("started_at", "pk"):
        yield SubjectRecord(kind="hotline_call", title=_("Hotline call"), at=call.started_at, fields=fields_of(
            call, ["started_at", "direction", "topic", "language", "caller_name", "phone"],
            {str(_("outcome")).capitalize(): call.outcome_labels()}))
    for callback in CallbackRequest.objects.filter(case_id__in=case_ids).order_by("requested_at", "pk"):
        attempts = [compact({"at": iso(a.at), "outcome": str(a.get_outcome_display()), "note": a.note})
                    for a in callback.attempts.all()]
        yield SubjectRecord(kind="callback_request", title=_("Callback request"), at=callback.requested_at,
                            fields=fields_of(callback, ["requested_at", "first_name", "phone", "language", "window",
                                                        "status", "closed_at", "close_reason"],
                                             {str(_("attempts")).capitalize(): attempts}))


def erase(context: ErasureContext) -> None:
    """Whole cases: their calls and callback requests go (erase) or lose who called (anonymise).
    Shared cases: the calls stay for the household, the person's names leave the caller's name,
    the callback's first name and the attempts' notes."""
    whole = Call.objects.filter(case_id__in=context.whole_case_ids)
    whole_callbacks = CallbackRequest.objects.filter(case_id__in=context.whole_case_ids)
    if context.mode == ERASE:
        context.add("hotline.calls", whole.delete()[1].get("hotline.Call", 0))
        context.add("hotline.callbacks", whole_callbacks.delete()[1].get("hotline.CallbackRequest", 0))
    else:
        context.add("hotline.calls", whole.update(caller_name="", phone="", phone_hash="", **bump(Call)))
        context.add("hotline.callbacks", _anonymise_callbacks(whole_callbacks))
    shared_callbacks = CallbackRequest.objects.filter(case_id__in=context.shared_case_ids)
    scrubbed = scrub_rows(Call.objects.filter(case_id__in=context.shared_case_ids), context.names, ["caller_name"])
    scrubbed += scrub_rows(shared_callbacks, context.names, ["first_name"])
    scrubbed += scrub_rows(CallbackAttempt.objects.filter(callback__in=shared_callbacks), context.names, ["note"])
    context.add("hotline.scrubbed", scrubbed)


CALLS = RecordType(
    code="hotline.calls", label=_("Hotline calls: caller's name and phone number"),
    trigger=_("after the call"), actions=(ANONYMISE, DELETE), default_action=ANONYMISE, default_months=6,
    default_legal_basis=LEGAL_BASIS, default_source=PROPOSAL, due=calls_due, apply=calls_apply, held=calls_held,
    categories=(_("caller's name"), _("phone number")), order=90,
)
CALLBACKS = RecordType(
    code="hotline.callbacks_closed", label=_("Closed callback requests"),
    trigger=_("after the request was closed (open requests are never due)"), actions=(ANONYMISE, DELETE),
    default_action=ANONYMISE, default_months=3, default_legal_basis=LEGAL_BASIS, default_source=PROPOSAL,
    due=callbacks_due, apply=callbacks_apply, held=callbacks_held,
    categories=(_("first name"), _("phone number"), _("notes on attempts")), order=90,
)
SOURCE = SubjectSource(code="hotline", label=_("Hotline"), collect=collect, erase=erase, order=90)
ACTIVITY = ProcessingActivity(
    code="hotline", name=_("State-wide hotline and callback requests"),
    purpose=_("Answering questions about return counselling by phone, calling back people who asked for it "
              "(portal or call), booking appointments"),
    legal_basis="Art. 6 Abs. 1 lit. a DSGVO (Rückrufbitte), Art. 6 Abs. 1 lit. e DSGVO",
    persons=(_("Callers and people asking to be called back"), _("Hotline agents")),
    data=(_("first name or name, phone number, language, preferred time"), _("topic and outcome of the call"),
          _("district")),
    recipients=(_("None outside the organisation"),),
    record_types=("hotline.calls", "hotline.callbacks_closed"),
)


def register() -> None:
    from apps.privacy.registry import register_processing_activity, register_record_type, register_subject_source

    register_record_type(CALLS)
    register_record_type(CALLBACKS)
    register_subject_source(SOURCE)
    register_processing_activity(ACTIVITY)
