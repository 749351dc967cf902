"""Secrets for development only: generated once and kept under var/ (never in git)."""

import secrets
from pathlib import Path


def dev_secret(var_dir: Path, name: str, *, fernet: bool = False) -> str:
    """Return the secret stored in var_dir/name, creating it on first use."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / name
    if not path.exists():
        if fernet:
            from cryptography.fernet import Fernet

            value = Fernet.generate_key().decode()
        else:
            value = secrets.token_urlsafe(50)
        path.write_text(value)
        path.chmod(0o600)
    return path.read_text().strip()
