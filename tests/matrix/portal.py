"""Objects of the portal's back office for the authorisation matrix (see
tests/test_authorisation_matrix.py): a text key and a language for the edit page. Texts are
network-wide: portal.manage anywhere reaches them; the portal's public pages need nothing."""

from types import SimpleNamespace

from tests.test_authorisation_matrix import Scope, Target


def _text(value) -> Target:
    return Target(SimpleNamespace(pk=value), None, read="portal.manage", write="portal.manage")


def extend(world) -> Scope:
    return Scope(values={"text_key": _text("hotline_hours"), "text_language": _text("de")})
