"""Words for the privacy pages: periods, actions and kinds of record instead of codes."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.privacy import registry
from apps.privacy.models import RetentionRule

register = template.Library()


@register.filter
def period(months) -> str:
    """A period in years where it divides ("2 Jahre"), else in months ("30 Monate")."""
    try:
        months = int(months)
    except (TypeError, ValueError):
        return "—"
    if months and months % 12 == 0:
        return ngettext("%(n)s year", "%(n)s years", months // 12) % {"n": months // 12}
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}


@register.filter
def action_word(code) -> str:
    try:
        return RetentionRule.Action(code).label
    except ValueError:
        return _("unknown action")


@register.filter
def kind_label(code) -> str:
    kind = registry.record_type(code or "")
    return str(kind.label) if kind else _("a kind of record no longer in use")


@register.filter
def count_label(key) -> str:
    """"cases.session" → "Cases: session": the source by its label, the record as stored."""
    code, _dot, rest = str(key).partition(".")
    source = next((s for s in registry.subject_sources() if s.code == code), None)
    return f"{source.label if source else code}: {rest.replace('_', ' ')}" if rest else str(source.label if source
                                                                                        else code)
