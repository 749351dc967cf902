"""The audit log in words: action labels and object names instead of codes."""

import ast
import re
from pathlib import Path

from django.utils import translation

from apps.audit import labels
from apps.audit.models import AuditEntry

CODE = re.compile(r"[a-z_]+\.[a-z_]+")


def literal_action_codes() -> set[str]:
    """Every literal action code passed to record() (or to a helper taking `action`) in the apps."""
    found = set()
    for path in Path("apps").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if "record" not in name and "audit" not in name:
                continue
            values = [*node.args[:3], *(k.value for k in node.keywords if k.arg == "action")]
            found |= {v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                      and CODE.fullmatch(v.value)}
    return found


def test_every_action_code_in_the_source_has_a_label():
    codes = literal_action_codes()
    assert "case.viewed" in codes and len(codes) > 150  # the scan finds the calls
    assert sorted(codes - set(labels.ACTIONS)) == []


def test_an_action_reads_as_words_in_the_interface_language():
    # English source strings; the German ones come from the catalogue (locale/de).
    with translation.override("en"):
        assert AuditEntry(action="case.viewed").action_label == "Case viewed"
        assert AuditEntry(action="auth.login_failed").action_label == "Sign-in failed"


def test_an_unknown_action_is_humanised_never_shown_as_its_code():
    with translation.override("en"):
        assert labels.action_label("case.teleported") == "Case: teleported"
        assert labels.action_label("counsellingsession.list_viewed") == "Counselling session: viewed (list)"
        assert labels.action_label("gadget.flux_inverted") == "Gadget: flux inverted"


def test_an_object_shows_its_kind_and_reference():
    with translation.override("en"):
        generated = AuditEntry(object_type="referrals.incomingreferral", object_id="2",
                               object_label="incoming referral #2")
        case = AuditEntry(object_type="cases.case", object_id="7", object_label="IOM-2025-000007")
        assert generated.object_display == "Incoming referral #2"
        assert case.object_display == "Case IOM-2025-000007"
        assert AuditEntry(object_type="gone.widget", object_id="3").object_display == "Widget #3"
        assert AuditEntry().object_display == ""


def test_the_action_filter_offers_words_grouped_by_kind_with_an_all_actions_option():
    from django.utils import translation

    from apps.audit.labels import action_choices

    with translation.override("de"):
        choices = action_choices()
    assert choices[0] == ("", "Alle Aktionen")
    groups = dict(choices[1:])
    case_group = next(options for name, options in groups.items() if ("case.viewed", "Fall angesehen") in options)
    assert case_group[0][0] == "case."  # every case action, matched as a prefix by the selector
    names = [name for name, _options in choices[1:]]
    assert names == sorted(names, key=str.casefold)
