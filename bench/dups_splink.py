"""splink 5 (DuckDB) on the batch organisation of bench/duplicates.py: the probabilistic
record-linkage baseline for the batch duplicate review, given the same normalised names
(apps.clients.names.normalise, so Arabic script arrives as ASCII) and dates of birth."""

import logging
import time


def _frame(organisation_id: int):
    import pandas as pd

    from apps.clients import names
    from apps.clients.models import Person

    rows = Person.objects.filter(organisation_id=organisation_id).values_list(
        "pk", "given_names", "family_name", "birth_date", "birth_date_precision")
    return pd.DataFrame([{
        "unique_id": pk, "given": names.normalise(given) or None, "family": names.normalise(family) or None,
        "dob": born.isoformat() if born and precision != "unknown" else None,
        "birth_year": str(born.year) if born and precision != "unknown" else None,
    } for pk, given, family, born, precision in rows.iterator(chunk_size=10000)])


def run_splink(labels: dict) -> dict:
    """{"match probability ≥ 0.5": {...}, …}: found pairs and seconds (training + prediction) per threshold."""
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    logging.getLogger("splink").setLevel(logging.WARNING)
    started = time.monotonic()
    frame = _frame(labels["small"])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison("given", "family"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("family", "birth_year"), block_on("given", "birth_year"), block_on("given", "family"),
            block_on("dob"),
        ],
    )
    linker = Linker(DuckDBAPI().register(frame), settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given", "family", "dob")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    # The usual pair of sessions: names fixed to learn the date comparison, the date fixed to
    # learn the name comparison.
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given", "family"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    predictions = linker.inference.predict(threshold_match_probability=0.1).as_pandas_dataframe()
    seconds = time.monotonic() - started
    result = {}
    for threshold in (0.1, 0.5, 0.9, 0.99):
        chosen = predictions[predictions["match_probability"] >= threshold]
        pairs = {(min(a, b), max(a, b)) for a, b in zip(chosen["unique_id_l"], chosen["unique_id_r"], strict=True)}
        result[f"match probability ≥ {threshold}"] = {"seconds": seconds, "pairs": pairs}
    return result
