"""The partner directory: every participant reads it (contacts only with their consent, each
read of contacts audited); holders of network.manage maintain profiles, contacts, consents
and agreements."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.selectors import organisation_ids_with
from apps.audit.services import record
from apps.core.permissions import require_perm
from apps.core.storage import DocumentUnreadable, file_response, safe_filename
from apps.core.views_helpers import run_reporting, submit
from apps.network import selectors, services
from apps.network.cooperation import cooperation_of
from apps.network.forms import AgreementForm, ConsentForm, ContactForm, DirectoryFilterForm, ProfileForm
from apps.network.views.common import page_of, posted_version, render_page

PARTICIPATE, MANAGE = "network.participate", "network.manage"


@require_perm(PARTICIPATE)
def partner_list(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    partners = selectors.partners_visible_to(
        request.user, district=filters.get("district"), kind=filters.get("kind", ""),
        role=filters.get("role", ""), text=filters.get("q", ""))
    return render_page(request, "network/partner_list.html", {"form": form, "page": page_of(request, partners)})


@require_perm(PARTICIPATE)
def partner_detail(request, pk):
    partner = selectors.partner_for(request.user, pk)
    contacts = list(selectors.contacts_visible_to(request.user, partner.pk))
    # Contacts are staff members' personal data: each read is on record.
    record(request.user, "partner_contact.list_viewed", organisation_id=partner.pk,
           details={"partner_id": partner.pk, "ids": [c.pk for c in contacts]})
    return render_page(request, "network/partner_detail.html", {
        "partner": partner, "profile": getattr(partner, "network_profile", None), "contacts": contacts,
        "agreements": selectors.agreements_visible_to(request.user, partner.pk),
        "cooperation": cooperation_of(partner.pk, organisation_ids_with(request.user, PARTICIPATE))})


@require_perm(MANAGE)
def profile_edit(request, pk):
    partner = selectors.partner_for(request.user, pk)
    profile = services.profile_of(partner)
    form = ProfileForm(request.POST or None, initial={
        "roles": profile.roles, "districts": list(profile.districts.all()), "description": profile.description,
        "version": profile.version})
    if submit(request, form, lambda: services.profile_update(
            actor=request.user, organisation=partner, roles=form.cleaned_data["roles"],
            districts=list(form.cleaned_data["districts"]), description=form.cleaned_data["description"],
            expected_version=form.cleaned_data["version"]), success=_("The profile has been saved."), locked=profile):
        return redirect("network:partner_detail", pk=partner.pk)
    return render_page(request, "network/form.html", {
        "form": form, "heading": _("Network profile: %(name)s") % {"name": partner.name}, "back": partner})


@require_perm(MANAGE)
def contact_create(request, pk):
    partner = selectors.partner_for(request.user, pk)
    form = ContactForm(request.POST or None)
    if submit(request, form, lambda: services.contact_create(actor=request.user, organisation=partner,
                                                             data=form.contact_data()),
              success=_("The contact has been added. It is listed once the consent is recorded.")):
        return redirect("network:partner_detail", pk=partner.pk)
    return render_page(request, "network/form.html", {"form": form, "heading": _("New contact"), "back": partner})


@require_perm(MANAGE)
def contact_edit(request, pk):
    contact = selectors.contact_for(request.user, pk, manage=True)
    record(request.user, "partner_contact.viewed", contact)
    form = ContactForm(request.POST or None, initial={
        "name": contact.name, "function": contact.function, "email": contact.email, "phone": contact.phone,
        "languages": contact.languages, "version": contact.version})
    consent = ConsentForm(initial={"version": contact.version})
    if submit(request, form, lambda: services.contact_update(
            actor=request.user, contact=contact, data=form.contact_data(),
            expected_version=form.cleaned_data["version"] or contact.version),
            success=_("The contact has been saved."), locked=contact):
        return redirect("network:partner_detail", pk=contact.organisation_id)
    return render_page(request, "network/contact_form.html", {"form": form, "contact": contact,
                                                              "consent_form": consent})


@require_POST
@require_perm(MANAGE)
def contact_consent(request, pk):
    contact = selectors.contact_for(request.user, pk, manage=True)
    form = ConsentForm(request.POST)
    run_reporting(request, lambda: services.contact_consent_record(
        actor=request.user, contact=contact, given_on=form.cleaned_data["given_on"],
        expected_version=form.cleaned_data["version"]), form=form,
        invalid=_("Enter the date the consent was given."), success=_("The consent has been recorded."))
    return redirect("network:contact_edit", pk=contact.pk)


@require_POST
@require_perm(MANAGE)
def contact_withdraw(request, pk):
    contact = selectors.contact_for(request.user, pk, manage=True)
    run_reporting(request, lambda: services.contact_consent_withdraw(
        actor=request.user, contact=contact, expected_version=posted_version(request, contact)),
        success=_("The consent has been withdrawn; the contact is no longer listed."))
    return redirect("network:contact_edit", pk=contact.pk)


@require_perm(MANAGE)
def agreement_create(request, pk):
    partner = selectors.partner_for(request.user, pk)
    form = AgreementForm(request.POST or None, request.FILES or None)
    if submit(request, form, lambda: services.agreement_create(
            actor=request.user, organisation=partner, kind=form.cleaned_data["kind"],
            valid_from=form.cleaned_data["valid_from"], valid_until=form.cleaned_data["valid_until"],
            note=form.cleaned_data["note"], uploaded_file=request.FILES.get("file")),
            success=_("The agreement has been recorded.")):
        return redirect("network:partner_detail", pk=partner.pk)
    return render_page(request, "network/form.html", {"form": form, "heading": _("New agreement"),
                                                      "back": partner, "multipart": True})


@require_perm(MANAGE)
def agreement_file(request, pk):
    agreement = selectors.agreement_for(request.user, pk)
    if not agreement.file:
        messages.error(request, _("No file is stored for this agreement."))
        return redirect("network:partner_detail", pk=agreement.organisation_id)
    try:
        with agreement.file.open("rb") as stored:
            data = stored.read()
    except (DocumentUnreadable, OSError, ValueError):
        return render_page(request, "network/unreadable.html", {"agreement": agreement}, status=503)
    record(request.user, "agreement.file_downloaded", agreement)
    return file_response(data, content_type="application/pdf",
                         filename=safe_filename(agreement.original_name or "agreement.pdf", "application/pdf"))


@require_POST
@require_perm(MANAGE)
def agreement_delete(request, pk):
    agreement = selectors.agreement_for(request.user, pk)
    partner_id = agreement.organisation_id
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Confirm that the agreement is to be deleted."))
    else:
        run_reporting(request, lambda: services.agreement_delete(actor=request.user, agreement=agreement),
                      success=_("The agreement has been deleted."))
    return redirect("network:partner_detail", pk=partner_id)
