"""The rule schema: the shipped rules parse, and broken rules are refused with their path."""

import copy

import pytest
from django.core.exceptions import ValidationError

from apps.programmes.defaults import DEFAULT_PROGRAMMES, RULES
from apps.programmes.rules import parse_rules, validate_unverified


@pytest.mark.parametrize("code", sorted(RULES))
def test_shipped_rules_parse(code):
    rules = parse_rules(RULES[code])
    assert rules.benefits


def test_every_unverified_key_names_a_shipped_rule():
    for code, *_rest, versions in DEFAULT_PROGRAMMES:
        rules = RULES[code]
        for key in versions[0]["unverified"]:
            section, name, *rest = key.split(".")
            if section == "benefits":
                assert name in {b["code"] for b in rules["benefits"]}, key
            else:
                assert name in rules[section], key
                if rest:
                    entries = {e["country"] if isinstance(e, dict) else e for e in rules[section][name]}
                    assert rest[0] in entries, key


def _errors(data) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        parse_rules(data)
    return raised.value.messages


def test_not_an_object_is_refused():
    assert _errors([]) == ["The rules must be a JSON object."]


def test_unknown_keys_and_codes_are_named_by_path():
    data = copy.deepcopy(RULES["reag_garp"])
    data["eligble_residence_statuses"] = []
    data["eligible_residence_statuses"] = ["toleration", "tourist"]
    data["benefits"][1]["adult_amount"] = -5
    data["benefits"][4]["when"][0]["lists"] = ["nowhere"]
    data["country_lists"]["eu_member_states"].append("XX")
    messages = _errors(data)
    assert any(m.startswith("eligble_residence_statuses: unknown key") for m in messages)
    assert any(m.startswith("eligible_residence_statuses: unknown codes: tourist") for m in messages)
    assert any(m.startswith("benefits[1].adult_amount:") for m in messages)
    assert any(m.startswith("benefits[4].when[0].lists: no country list named “nowhere”") for m in messages)
    assert any(m.startswith("country_lists.eu_member_states: unknown country codes: XX") for m in messages)


def test_special_rule_needs_a_known_effect_and_valid_dates():
    data = copy.deepcopy(RULES["eurp"])
    data["special_rules"][0]["effect"] = "maybe"
    data["special_rules"][0]["valid_to"] = "30.06.2025"
    messages = _errors(data)
    assert any(m.startswith("special_rules[0].effect") for m in messages)
    assert any(m.startswith("special_rules[0].valid_to") for m in messages)


def test_duplicate_benefit_codes_are_refused():
    data = {"benefits": [{"code": "a"}, {"code": "a"}]}
    assert any(m.startswith("benefits:") for m in _errors(data))


def test_empty_rules_are_valid():
    rules = parse_rules({})
    assert rules.eligible_residence_statuses is None and rules.benefits == ()


def test_unverified_must_be_a_list_of_keys():
    assert validate_unverified(["benefits.x"]) == ["benefits.x"]
    with pytest.raises(ValidationError):
        validate_unverified("benefits.x")
    with pytest.raises(ValidationError):
        validate_unverified([""])
