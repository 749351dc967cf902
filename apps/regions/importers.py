"""Loads district and postcode reference data; another state is another set of files."""

import csv
import json
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS = {"Landkreis": "landkreis", "kreisfreie Stadt": "kreisfreie_stadt"}


def import_districts(district_model, csv_path: Path, geojson_path: Path | None,
                     population_date: date | None = date(2018, 12, 31)) -> int:
    """Create or update districts by AGS; returns how many rows were read."""
    boundaries = {}
    if geojson_path and geojson_path.exists():
        for feature in json.loads(geojson_path.read_text())["features"]:
            boundaries[feature["properties"]["ags"]] = feature["geometry"]
    count = 0
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            district_model.objects.update_or_create(
                ags=row["ags"],
                defaults={
                    "name": row["name"], "kind": KINDS[row["type"]], "seat": row["seat"],
                    "latitude": row["lat"], "longitude": row["lon"],
                    "population": int(row["population"]) if row["population"] else None,
                    "population_date": population_date,
                    "boundary": boundaries.get(row["ags"]), "source": row["source"][:300],
                },
            )
            count += 1
    if any(field.name == "name_is_shared" for field in district_model._meta.get_fields()):
        mark_shared_names(district_model)  # (the migration that loads the first data predates the field)
    return count


def mark_shared_names(district_model) -> None:
    """Flag the districts whose name another district bears too (in Rheinland-Pfalz the city
    and the Landkreis Kaiserslautern), so District.display_name can tell them apart."""
    names = [d.name for d in district_model.objects.only("name")]
    shared = {name for name in names if names.count(name) > 1}
    district_model.objects.filter(name__in=shared).update(name_is_shared=True)
    district_model.objects.exclude(name__in=shared).update(name_is_shared=False)


def import_postcodes(postcode_model, district_model, csv_path: Path) -> int:
    districts = {d.ags: d for d in district_model.objects.all()}
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows.append(postcode_model(
                code=row["plz"], municipality=row["municipality"],
                municipality_ags=row["ags_municipality"], district=districts[row["district_ags"]],
            ))
    postcode_model.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True,
        unique_fields=["code", "municipality_ags"], update_fields=["municipality", "district"],
    )
    return len(rows)


def import_default(district_model, postcode_model) -> None:
    import_districts(district_model, DATA_DIR / "districts_rlp.csv", DATA_DIR / "rlp_districts.geojson")
    import_postcodes(postcode_model, district_model, DATA_DIR / "postcodes_rlp.csv")
