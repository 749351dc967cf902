"""The indicator rows shipped by reports migration 0002 (kept here so docs/indicators.md and the
tests read the same texts). Frozen with the migration: later changes need a new migration."""

REG = "Regulation (EU) 2021/1147 (AMIF), Annex VIII, specific objective (c)"
REG_URL = "http://data.europa.eu/eli/reg/2021/1147/oj"
OWN = "ReturnNet project definition"
RSS = "IOM Reintegration Sustainability Survey thresholds (docs: shared/domain/indicators.md §1.3)"
ANNEX_NOTE = ("Annex VIII gives only the title and the breakdown by age (< 18, 18–60, > 60) and sex; "
              "how to count (which records, which date, once per person or per measure) is not defined "
              "there and is the project's own rule.")
AGE_DE = "Alter in vollendeten Jahren am maßgeblichen Datum."
AGE_EN = "Age in full years at the decisive date."

# code, kind, order, default breakdown, title_de, title_en, definition_de, definition_en,
# unit_de, unit_en, date_de, date_en, source, url, verified, unverified note
ROWS = [
    ("amif_o1_training_participants", "amif_output", 10, "district",
     "Teilnehmende an Schulungen", "Number of participants in training activities",
     "Anmeldungen mit Status „teilgenommen“ bei Veranstaltungen der Art „Schulung“, die im Zeitraum "
     "beginnen; jede Teilnahme zählt einmal (eine Person bei zwei Schulungen zählt zweimal). Geschlecht und "
     "Altersgruppe werden bei Anmeldungen nicht erfasst; diese Filter gelten nicht. Organisation = die der "
     "Teilnehmenden, Landkreis = Ort der Veranstaltung.",
     "Registrations marked attended at events of kind training starting in the period; each attendance "
     "counts once (one person at two trainings counts twice). Registrations record no sex or age, so those "
     "filters do not apply. Organisation = the participant's, district = where the event took place.",
     "Teilnahmen", "attendances", "Beginn der Veranstaltung", "start of the event", REG, REG_URL, False,
     ANNEX_NOTE + " The Annex VIII breakdown by age and sex cannot be given: registrations record neither."),
    ("amif_o3_reintegration_assistance", "amif_output", 20, "age_group",
     "Rückkehrende, die Reintegrationsunterstützung erhalten haben",
     "Number of returnees who received reintegration assistance",
     "Personen, deren Reintegrationsplan im Zeitraum an den Partner im Herkunftsland übergeben wurde; jede "
     "Person zählt einmal. " + AGE_DE + " Landkreis = Wohnort der Person.",
     "Persons whose reintegration plan was handed over to the partner in the country of origin in the period; "
     "each person counts once. " + AGE_EN + " District = the person's district of residence.",
     "Personen", "persons", "Datum der Übergabe des Plans", "date the plan was handed over", REG, REG_URL,
     False, ANNEX_NOTE),
    ("amif_r6_voluntary_returns", "amif_result", 30, "age_group",
     "Freiwillig zurückgekehrte Rückkehrende", "Number of returnees voluntarily returned",
     "Reisende Mitglieder von Programmanträgen mit bestätigtem Ausreisedatum im Zeitraum (nicht "
     "zurückgezogen oder abgelehnt); jede Person zählt einmal. " + AGE_DE + " Landkreis = Wohnort der Person.",
     "Travelling members of programme applications with a confirmed departure date in the period (not "
     "withdrawn or rejected); each person counts once. " + AGE_EN + " District = the person's district.",
     "Personen", "persons", "Ausreisedatum", "date of departure", REG, REG_URL, False, ANNEX_NOTE),
    ("persons_counselled", "project", 100, "sex",
     "Beratene Personen", "Persons counselled",
     "Personen, die an mindestens einer Beratung im Zeitraum teilgenommen haben; jede Person zählt einmal, "
     "in einer Aufschlüsselung mit den Angaben ihrer ersten Beratung im Zeitraum. " + AGE_DE
     + " Landkreis = Ort der Beratung; Beratungsstelle = die des Falls.",
     "Persons who took part in at least one counselling session in the period; each person counts once, in a "
     "breakdown with the facts of their first session in the period. " + AGE_EN
     + " District = where the session took place; office = the case's office.",
     "Personen", "persons", "Datum der Beratung", "date of the session", OWN, "", True, ""),
    ("sessions_by_channel", "project", 110, "channel",
     "Beratungen nach Kanal", "Counselling sessions by channel",
     "Beratungen im Zeitraum, jede einmal. Die Personenfilter (Staatsangehörigkeit, Geschlecht, "
     "Altersgruppe) wählen Beratungen mit mindestens einer passenden teilnehmenden Person. " + AGE_DE
     + " Landkreis = Ort der Beratung.",
     "Sessions in the period, each once. The person filters (nationality, sex, age group) select sessions "
     "with at least one matching participant. " + AGE_EN + " District = where the session took place.",
     "Beratungen", "sessions", "Datum der Beratung", "date of the session", OWN, "", True, ""),
    ("sessions_by_district", "project", 120, "district",
     "Beratungen nach Landkreis", "Counselling sessions by district",
     "Wie „Beratungen nach Kanal“, aufgeschlüsselt nach dem Landkreis, in dem die Beratung stattfand: "
     "Beratungsstelle → deren Landkreis, mobiler Beratungstag → Landkreis des Beratungsorts, Telefon/Video/"
     "virtuell → Wohnort der Hauptperson; sonst „unbekannt“.",
     "As sessions by channel, broken down by the district where the session took place: office → the "
     "office's district, mobile counselling day → the district of its location, phone/video/virtual → the "
     "principal client's district; otherwise unknown.",
     "Beratungen", "sessions", "Datum der Beratung", "date of the session", OWN, "", True, ""),
    ("vulnerabilities_by_type", "project", 130, "type",
     "Erkannte Vulnerabilitäten nach Art", "Vulnerabilities identified by type",
     "Im Zeitraum festgestellte Vulnerabilitäten (jeder Eintrag einmal, auch wenn später geschlossen). "
     + AGE_DE + " Landkreis = Wohnort der Person.",
     "Vulnerabilities identified in the period (each record once, even if closed later). " + AGE_EN
     + " District = the person's district.",
     "Vulnerabilitäten", "vulnerabilities", "Datum der Feststellung", "date identified", OWN, "", True, ""),
    ("referrals_by_type", "project", 140, "service_type",
     "Verweisberatungen nach Art des Dienstes", "Referrals by type of service",
     "Im Zeitraum versandte Verweisungen (Vorschläge, die nie versandt wurden, zählen nicht). Ein Dienst "
     "mit mehreren Arten zählt bei jeder Art; die Summe der Zellen kann daher größer sein als die Gesamtzahl. "
     + AGE_DE,
     "Referrals sent in the period (proposals never sent do not count). A service of several types counts "
     "under each type, so the cells may add up to more than the total. " + AGE_EN,
     "Verweisungen", "referrals", "Versanddatum", "date sent", OWN, "", True, ""),
    ("referrals_by_result", "project", 150, "result",
     "Verweisberatungen nach Ergebnis", "Referrals by result",
     "Im Zeitraum versandte Verweisungen nach ihrem heutigen Stand (angenommen, abgeschlossen, abgelehnt, "
     "keine Antwort …). " + AGE_DE,
     "Referrals sent in the period by their current status (accepted, completed, declined, no response …). "
     + AGE_EN,
     "Verweisungen", "referrals", "Versanddatum", "date sent", OWN, "", True, ""),
    ("applications_by_programme", "project", 160, "programme",
     "Übermittelte Anträge nach Programm", "Applications submitted by programme",
     "Programmanträge, die im Zeitraum übermittelt wurden, jeder einmal. Personenfilter: mindestens ein "
     "reisendes Mitglied passt. Landkreis = der der Beratungsstelle des Falls.",
     "Programme applications submitted in the period, each once. Person filters: at least one travelling "
     "member matches. District = that of the case's office.",
     "Anträge", "applications", "Datum der Übermittlung", "date submitted", OWN, "", True, ""),
    ("applications_by_status", "project", 170, "status",
     "Anträge nach Stand", "Applications by status",
     "Im Zeitraum angelegte Programmanträge nach ihrem heutigen Stand, jeder einmal. Personenfilter: "
     "mindestens ein reisendes Mitglied passt.",
     "Programme applications created in the period by their current status, each once. Person filters: at "
     "least one travelling member matches.",
     "Anträge", "applications", "Datum der Anlage", "date created", OWN, "", True, ""),
    ("departures_by_programme", "project", 180, "programme",
     "Ausreisen nach Programm", "Departures by programme",
     "Wie „freiwillig Zurückgekehrte“ (Personen, einmal gezählt), nach dem Programm des Antrags.",
     "As returnees voluntarily returned (persons, counted once), by the application's programme.",
     "Personen", "persons", "Ausreisedatum", "date of departure", OWN, "", True, ""),
    ("departures_by_country", "project", 190, "country",
     "Ausreisen nach Zielland", "Departures by destination country",
     "Wie „freiwillig Zurückgekehrte“, nach dem beabsichtigten Rückkehrland des Falls.",
     "As returnees voluntarily returned, by the case's intended country of return.",
     "Personen", "persons", "Ausreisedatum", "date of departure", OWN, "", True, ""),
    ("reintegration_plans", "project", 200, "status",
     "Reintegrationspläne", "Reintegration plans",
     "Im Zeitraum angelegte Reintegrationspläne nach heutigem Stand (Entwurf, vereinbart, übergeben), "
     "jeder einmal. " + AGE_DE,
     "Reintegration plans created in the period by their current status (draft, agreed, handed over), each "
     "once. " + AGE_EN,
     "Pläne", "plans", "Datum der Anlage", "date created", OWN, "", True, ""),
    ("followup_score_mean", "project", 210, "dimension",
     "Nachhaltigkeitswerte (Mittelwert)", "Follow-up sustainability scores (mean)",
     "Mittelwert der Werte (0 bis 1) der im Zeitraum durchgeführten Monitoring-Befragungen mit Gesamtwert, "
     "gesamt und je Dimension. Die Gewichte der Befragung sind nicht verifiziert.",
     "Mean of the scores (0 to 1) of the monitoring surveys done in the period that have a composite score, "
     "overall and per dimension. The survey's weights are not verified.",
     "Mittelwert", "mean score", "Datum der Befragung", "date the survey was done", RSS, "", False,
     "The RSS weights and item scoring are unverified (indicators.md §1.3); only the thresholds are verified."),
    ("followup_score_bands", "project", 220, "band",
     "Nachhaltigkeitswerte nach Stufe", "Follow-up sustainability scores by band",
     "Monitoring-Befragungen des Zeitraums nach Gesamtwert: unter 0,33 (intensive Unterstützung nötig), "
     "0,33 bis 0,66 (weitere Maßnahmen nötig), über 0,66 (hohes Maß an Reintegration). " + AGE_DE,
     "Monitoring surveys of the period by composite score: below 0.33 (intensive assistance needed), 0.33 "
     "to 0.66 (some further intervention needed), above 0.66 (high level of reintegration). " + AGE_EN,
     "Befragungen", "surveys", "Datum der Befragung", "date the survey was done", RSS, "", True, ""),
    ("districts_covered", "project", 230, "",
     "Erreichte Landkreise", "Districts covered",
     "Landkreise und kreisfreie Städte mit mindestens einem (nicht abgesagten) mobilen Beratungstag im "
     "Zeitraum. Personenfilter und Beratungsstelle gelten nicht.",
     "Districts with at least one (not cancelled) mobile counselling day in the period. Person filters and "
     "the office filter do not apply.",
     "Landkreise", "districts", "Datum des Beratungstags", "date of the counselling day", OWN, "", True, ""),
    ("events_held", "network", 300, "kind",
     "Veranstaltungen", "Events",
     "Veröffentlichte oder durchgeführte Veranstaltungen, die im Zeitraum beginnen. Organisation = "
     "Veranstalter. Personenfilter und Beratungsstelle gelten nicht.",
     "Published or held events starting in the period. Organisation = the organiser. Person filters and the "
     "office filter do not apply.",
     "Veranstaltungen", "events", "Beginn der Veranstaltung", "start of the event", OWN, "", True, ""),
    ("event_participants", "network", 310, "kind",
     "Teilnahmen an Veranstaltungen", "Event participants",
     "Anmeldungen mit Status „teilgenommen“ bei Veranstaltungen, die im Zeitraum beginnen (jede Teilnahme "
     "einmal). Personenfilter und Beratungsstelle gelten nicht.",
     "Registrations marked attended at events starting in the period (each attendance once). Person filters "
     "and the office filter do not apply.",
     "Teilnahmen", "attendances", "Beginn der Veranstaltung", "start of the event", OWN, "", True, ""),
    ("expert_questions", "network", 320, "category",
     "Fachanfragen", "Expert questions",
     "Im Zeitraum gestellte Fachanfragen (außer zurückgezogene). Organisation = die fragende. "
     "Landkreis, Beratungsstelle und Personenfilter gelten nicht.",
     "Expert questions asked in the period (except withdrawn ones). Organisation = the asking one. District, "
     "office and person filters do not apply.",
     "Fachanfragen", "questions", "Datum der Frage", "date asked", OWN, "", True, ""),
    ("expert_question_turnaround", "network", 330, "",
     "Bearbeitungszeit der Fachanfragen (Median)", "Expert question turnaround (median)",
     "Median der Zeit von der Frage bis zur ersten Antwort, in Tagen, über die im Zeitraum erstmals "
     "beantworteten Fachanfragen.",
     "Median time from question to first answer, in days, over the expert questions first answered in the "
     "period.",
     "Tage", "days", "Datum der ersten Antwort", "date first answered", OWN, "", True, ""),
    ("hotline_calls", "hotline", 400, "topic",
     "Anrufe bei der Hotline", "Hotline calls",
     "Im Zeitraum protokollierte Anrufe (anonym). Landkreis = vom Anrufenden genannter. Personenfilter und "
     "Beratungsstelle gelten nicht.",
     "Calls logged in the period (anonymous). District = the one the caller named. Person filters and the "
     "office filter do not apply.",
     "Anrufe", "calls", "Zeitpunkt des Anrufs", "time of the call", OWN, "", True, ""),
    ("callback_requests", "hotline", 410, "source",
     "Rückrufbitten", "Callback requests",
     "Im Zeitraum eingegangene Rückrufbitten. Nur der Organisationsfilter gilt.",
     "Callback requests received in the period. Only the organisation filter applies.",
     "Rückrufbitten", "requests", "Eingang der Bitte", "time requested", OWN, "", True, ""),
    ("callbacks_within_service_level", "hotline", 420, "timeliness",
     "Rückrufe innerhalb der Frist", "Callbacks within the service level",
     "Anteil (Prozent) der Rückrufbitten des Zeitraums, die bis zum Ende des nächsten Werktags erreicht "
     "wurden, unter denen, deren Frist abgelaufen ist oder die erreicht wurden.",
     "Share (percent) of the callback requests of the period reached by the end of the next working day, "
     "among those whose deadline has passed or that were reached.",
     "Prozent", "percent", "Eingang der Bitte", "time requested", OWN, "", True, ""),
    ("campaign_visits", "outreach", 500, "channel",
     "Portalbesuche über Kampagnen", "Campaign visits",
     "Über Kampagnen-Links gezählte Portalbesuche (ohne Cookies) an Tagen im Zeitraum. Organisation = die "
     "der Kampagne; andere Filter gelten nicht.",
     "Portal visits counted through campaign links (without cookies) on days in the period. Organisation = "
     "the campaign's; other filters do not apply.",
     "Besuche", "visits", "Tag des Besuchs", "day of the visit", OWN, "", True, ""),
    ("material_orders", "outreach", 510, "state",
     "Bestellungen von Informationsmaterial", "Material orders",
     "Im Zeitraum aufgegebene Bestellungen gedruckter Materialien nach heutigem Stand. Organisation = die "
     "bestellende; andere Filter gelten nicht.",
     "Orders of printed materials placed in the period by their current state. Organisation = the ordering "
     "one; other filters do not apply.",
     "Bestellungen", "orders", "Datum der Bestellung", "date ordered", OWN, "", True, ""),
]

FIELDS = ("code", "kind", "order", "default_breakdown", "title_de", "title_en", "definition_de",
          "definition_en", "unit_de", "unit_en", "decisive_date_de", "decisive_date_en", "source",
          "source_url", "verified", "unverified_note")


def rows() -> list[dict]:
    return [dict(zip(FIELDS, row, strict=True)) for row in ROWS]


def ensure_shipped(indicator_model, using: str = "default") -> None:
    """Put the shipped rows in place (migration 0002; tests after a flush). Existing rows keep
    the edits an administrator made: only missing codes are created."""
    existing = set(indicator_model.objects.using(using).values_list("code", flat=True))
    indicator_model.objects.using(using).bulk_create(
        [indicator_model(**row) for row in rows() if row["code"] not in existing])
