from pathlib import Path

from django.core.management.base import BaseCommand

from apps.regions import importers
from apps.regions.models import District, Postcode


class Command(BaseCommand):
    help = "Import or update districts (CSV + optional GeoJSON) and postcodes of a state."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=Path, default=importers.DATA_DIR / "districts_rlp.csv")
        parser.add_argument("--boundaries", type=Path, default=importers.DATA_DIR / "rlp_districts.geojson")
        parser.add_argument("--postcodes", type=Path, default=importers.DATA_DIR / "postcodes_rlp.csv")

    def handle(self, *args, **options):
        districts = importers.import_districts(District, options["districts"], options["boundaries"])
        postcodes = importers.import_postcodes(Postcode, District, options["postcodes"])
        self.stdout.write(f"{districts} districts, {postcodes} postcodes imported")
