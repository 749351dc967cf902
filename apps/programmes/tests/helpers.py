"""The shipped rule sets as the engine sees them, without a database."""

from datetime import date

from apps.programmes.defaults import DEFAULT_PROGRAMMES, RULES
from apps.programmes.eligibility import EligibilityInput, ProgrammeRules, check
from apps.programmes.rules import parse_rules

TODAY = date(2025, 3, 1)  # inside the Türkei special rule's period


def shipped() -> list[ProgrammeRules]:
    return [ProgrammeRules(code, name, versions[0]["label"], parse_rules(RULES[code]),
                           frozenset(versions[0]["unverified"]), source_url=versions[0]["source_url"])
            for code, name, _en, _op, _desc, _req, _order, versions in DEFAULT_PROGRAMMES]


def run(on=TODAY, **kwargs) -> dict:
    data = {"nationality": "IQ", "destination": "IQ", "residence_status": "toleration", "months_of_stay": 24,
            "circumstances": frozenset(), "ages": (40, 38, 10, 6)}
    data.update(kwargs)
    data["circumstances"] = frozenset(data["circumstances"])
    data["ages"] = tuple(data["ages"])
    return {result.programme_code: result for result in check(EligibilityInput(**data), shipped(), on)}


def codes(result) -> dict:
    return {reason.code: reason.effect for reason in result.reasons}


def component(result, code):
    return next((c for c in result.components if c.component == code), None)
