"""The counting code of every indicator, registered under its code (see engine.py)."""

from apps.reports.indicators import amif, casework, counselling, network, services
from apps.reports.indicators.base import Indicator

REGISTRY: dict[str, Indicator] = {}
for _module in (amif, counselling, casework, network, services):
    for _indicator in _module.indicators():
        REGISTRY[_indicator.code] = _indicator
