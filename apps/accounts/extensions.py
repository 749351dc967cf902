"""What higher apps add to the account pages (profile, a member's page of an administrator).

API tokens belong to `api`, far above `accounts`; the profile and the members pages list and
revoke them through the functions `api` registers here in its AppConfig.ready(), so imports
keep pointing downward (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ApiTokens:
    # (user) -> the user's unrevoked tokens, newest first (rows with name, prefix, created_at,
    # last_used_at, expires_at, is_active); never the token itself.
    tokens_of: Callable
    # (*, actor, user, name, days) -> (row, plain token shown once)
    create: Callable
    # (*, actor, user, token_id) -> bool: revoke that token of `user` if it exists.
    revoke: Callable


_REGISTERED: dict[str, ApiTokens] = {}


def register_api_tokens(provider: ApiTokens) -> None:
    _REGISTERED["api_tokens"] = provider


def api_tokens() -> ApiTokens | None:
    """The registered provider, or None where the API app is not installed."""
    return _REGISTERED.get("api_tokens")
