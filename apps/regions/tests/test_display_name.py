"""Districts that share a name (the city and the Landkreis Kaiserslautern) are told apart
wherever a district is shown; all other names stay as they are."""

import pytest
from django.utils import translation

from apps.regions.importers import mark_shared_names
from apps.regions.maps import clear_cache, district_map_svg
from apps.regions.models import District

pytestmark = pytest.mark.django_db


def test_only_kaiserslautern_is_shared_among_the_36_districts():
    districts = list(District.objects.order_by("ags"))
    assert len(districts) == 36
    assert sorted(d.ags for d in districts if d.name_is_shared) == ["07312", "07335"]
    with translation.override("de"):
        names = [str(d) for d in districts]
        assert "Kaiserslautern (Stadt)" in names and "Kaiserslautern (Landkreis)" in names
        assert "Kaiserslautern" not in names
        assert len(set(names)) == 36  # every row reads differently now
        assert {str(d.display_name) for d in districts if not d.name_is_shared} == {
            d.name for d in districts if not d.name_is_shared}
    with translation.override("en"):
        # Official designations: the German words stay in the English interface as well.
        assert str(District.objects.get(ags="07312").display_name) == "Kaiserslautern (Stadt)"


def test_the_importer_marks_a_name_shared_only_while_two_districts_bear_it():
    District.objects.filter(ags="07312").update(name="Kaiserslautern, Stadt")
    mark_shared_names(District)
    assert not District.objects.filter(name_is_shared=True).exists()
    District.objects.filter(ags="07340").update(name="Pirmasens")
    mark_shared_names(District)
    assert sorted(District.objects.filter(name_is_shared=True).values_list("ags", flat=True)) == ["07317", "07340"]


def test_the_map_titles_say_stadt_and_landkreis():
    clear_cache()
    with translation.override("de"):
        svg = district_map_svg({})
    clear_cache()
    assert 'data-ags="07312"><title>Kaiserslautern (Stadt)</title>' in svg
    assert 'data-ags="07335"><title>Kaiserslautern (Landkreis)</title>' in svg
