"""Person pages. Creating a person happens inside a case (see cases.views)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.clients import selectors, services
from apps.clients.forms import PersonForm
from apps.clients.models import Person
from apps.core.permissions import require_perm
from apps.core.views_helpers import submit


@require_perm("case.read")
def person_detail(request, pk):
    person = selectors.person_for(request.user, pk)
    return render(request, "clients/person_detail.html", {
        "person": person,
        "languages": person.languages.all(),
        "consents": selectors.consents_with_recipients(selectors.consents_of(person)),
    })


@require_perm("case.write")
def person_edit(request, pk):
    person = selectors.person_for(request.user, pk)
    form = PersonForm(request.POST or None, instance=person)

    def update_person():
        services.person_update(actor=request.user, person=person, data=form.person_data(),
                               expected_version=form.cleaned_data["version"] or 0, languages=form.languages())

    if submit(request, form, update_person, success=_("The person has been saved."),
              locked=person):
        return redirect("clients:person_detail", pk=person.pk)
    current = Person.objects.get(pk=person.pk) if form.errors else None
    return render(request, "clients/person_form.html", {"form": form, "person": person, "current": current})
