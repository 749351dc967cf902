from datetime import date

from apps.regions.holidays import is_public_holiday, public_holidays


def test_rhineland_palatinate_holidays_include_corpus_christi_but_not_epiphany():
    days = public_holidays(date(2027, 1, 1), date(2027, 12, 31))
    assert date(2027, 5, 27) in days  # Fronleichnam, a holiday in RLP
    assert date(2027, 1, 6) not in days  # Heilige Drei Könige: not in RLP
    assert is_public_holiday(date(2027, 10, 3)) and not is_public_holiday(date(2027, 10, 4))
