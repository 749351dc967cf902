"""Demo data of the programmes part: the shipped programmes and versions (idempotent)."""

from apps.programmes.defaults import ensure_default_programmes


def seed(network) -> int:
    """The programmes are reference data, the same in the demo as in production; the demo
    adds nothing fictitious here. Returns how many rows were created."""
    return ensure_default_programmes()
