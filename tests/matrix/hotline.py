"""Objects of the hotline desk for the authorisation matrix (see tests/test_authorisation_matrix.py).

IOM runs the hotline: a logged call and a callback request from the portal belong to IOM, so
hotline.take in IOM reaches them (agent, counsellors, team lead) and Diakonie's counsellor,
who holds hotline.take only in Diakonie, gets 404."""

from apps.accounts.models import Office
from apps.hotline import services
from tests.test_authorisation_matrix import Scope, Target


def extend(world) -> Scope:
    iom = world.orgs.iom
    Office.objects.get_or_create(organisation=iom, name="Hotline (Matrix)", defaults={"kind": Office.Kind.HOTLINE})
    call = services.call_log(actor=world.personas.hotline, data={"language": "ar", "outcomes": ["information"]})
    callback = services.callback_request_submit_public(phone="0651 1234567", language="ar", window="morning",
                                                       consent=True)
    call_target = Target(call, iom, read="hotline.take", write="hotline.take")
    callback_target = Target(callback, iom, read="hotline.take", write="hotline.take")
    return Scope(prefixes={"hotline/calls/": call_target, "hotline/callbacks/": callback_target},
                 api_ids={"callback_id": callback_target})
