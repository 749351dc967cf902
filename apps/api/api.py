"""The NinjaAPI instance behind /api/v1/: token auth on every operation, JSON errors."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from apps.api.auth import TokenAuth
from apps.api.errors import document_errors, install_handlers
from apps.api.pagination import PAGINATION_HELP
from apps.api.routers import (
    applications,
    appointments,
    assessments,
    cases,
    countryinfo,
    disclosures,
    documents,
    events,
    hotline,
    households,
    mobile,
    network,
    outreach,
    persons,
    programmes,
    public,
    referrals,
    reintegration,
    reports,
    sessions,
    tasks,
    tours,
)


class ReturnNetAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Operation ids are the view names (list_cases, update_task, …), unique in this API."""
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        """The generated document plus the error answers every operation may give."""
        return document_errors(super().get_openapi_schema(**kwargs))

    def create_response(self, request: HttpRequest, data, **kwargs) -> HttpResponse:
        """Every answer may carry personal data: no cache may keep it."""
        response = super().create_response(request, data, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


api = ReturnNetAPI(
    title="ReturnNet API",
    version="1",
    description=(
        "Cases, clients, counselling sessions and tasks of the organisations you work for. "
        "Authenticate with a personal access token (`manage.py create_api_token`). You see "
        "exactly what the web application shows you; everything else is 404. Each operation "
        "names the permission it needs (`x-permission`); without it in any of your "
        "organisations the answer is 403. "
        + PAGINATION_HELP
    ),
    urls_namespace="api",
    # The docs UI loads its scripts from a CDN; ReturnNet runs offline. openapi.json stays.
    docs_url=None,
    auth=TokenAuth(),
)
install_handlers(api)

api.add_router("/persons", persons.router, tags=["persons"])
api.add_router("/households", households.router, tags=["households"])
api.add_router("/cases", cases.router, tags=["cases"])
# Sessions and tasks hang off cases as well as standing alone, so these routers carry full paths.
api.add_router("", sessions.router, tags=["sessions"])
api.add_router("", tasks.router, tags=["tasks"])
# The apps of issue 3 carry full paths too (their routes hang off cases and stand alone).
api.add_router("", assessments.router, tags=["assessments"])
api.add_router("", referrals.router, tags=["referrals"])
api.add_router("", documents.router, tags=["documents"])
api.add_router("", countryinfo.router, tags=["country information"])
# Issue 4: programmes and eligibility, applications and travel, disclosures, reintegration.
api.add_router("", programmes.router, tags=["programmes"])
api.add_router("", applications.router, tags=["applications"])
api.add_router("", disclosures.router, tags=["disclosures"])
api.add_router("", reintegration.router, tags=["reintegration"])
# Issue 5: mobile counselling, tour planning, appointments and calendars.
api.add_router("", mobile.router, tags=["mobile counselling"])
api.add_router("", tours.router, tags=["tour planning"])
api.add_router("", appointments.router, tags=["appointments"])
api.add_router("", hotline.router, tags=["hotline"])  # Issue 10: the hotline desk.
api.add_router("", public.router, tags=["public"])  # Issue 10: the migrants' site (no token, no personal data).
api.add_router("", outreach.router, tags=["outreach"])  # Issue 10: materials, orders, campaign visits.
api.add_router("", network.router, tags=["network"])  # Issue 11: partner directory, expert questions.
api.add_router("", reports.router, tags=["reports"])  # Issue 11: indicators and protected aggregates.
api.add_router("", events.router, tags=["events"])  # Issue 11: the network's events, registering oneself.
