"""Random secrets handed to people (enrolment links and codes, recovery codes) and their
stored form. Codes use an alphabet without look-alikes (no 0/o, 1/l/i) and are read back
case- and separator-insensitively, since people type them from paper."""

import hashlib
import secrets

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # 31 symbols: ~4.95 bits each


def hash_secret(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def new_code(groups: int = 4) -> str:
    """Groups of four symbols ("k7mq-…"); four groups carry 79 random bits."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * groups))
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_code(typed: str) -> str:
    """What a person typed, in the form the code was hashed in."""
    raw = "".join(ch for ch in (typed or "").lower() if ch.isalnum())[:64]
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))
