"""Fictitious households and their cases, generated as rows for the bulk writer.

One case at a time, in the order the services would have written it: persons with their
name tokens and languages, the household, the case opened with the next number of its
organisation and year, consents, the status history along the workflow (DESIGN.md §5,
cases.services.TRANSITIONS), counselling sessions (encrypted like EncryptedTextField
does), tasks. Dates are relative to `now`, so the demo always looks current.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from unidecode import unidecode

from apps.cases.models import CaseOutcome, CaseStatus, Channel, FirstContactSource, SessionPlace
from apps.clients import names as name_keys
from apps.clients.models import Consent, HouseholdMember, Person, PersonLanguage
from apps.core.fields import encrypt
from apps.demo import texts
from apps.demo.names import COUNTRIES, FAMILY_VARIANTS, GIVEN_VARIANTS, Country
from apps.demo.tables import Tables

S, OC, F, C = CaseStatus, CaseOutcome, FirstContactSource, Channel
P, R = Consent.Purpose, HouseholdMember.Relationship
RS, LV = Person.ResidenceStatus, PersonLanguage.Level
PATH = (S.NEW, S.COUNSELLING, S.RETURN_PREPARATION, S.APPLICATION, S.DEPARTURE_SCHEDULED, S.DEPARTED,
        S.REINTEGRATION_FOLLOW_UP)
STATUS_BY_AGE = (  # (max age in days, {status: weight})
    (7, {S.NEW: 50, S.COUNSELLING: 50}),
    (60, {S.NEW: 5, S.COUNSELLING: 45, S.RETURN_PREPARATION: 15, S.APPLICATION: 8,
          S.DEPARTURE_SCHEDULED: 4, S.CLOSED: 23}),
    (365, {S.COUNSELLING: 18, S.RETURN_PREPARATION: 7, S.APPLICATION: 6, S.DEPARTURE_SCHEDULED: 3,
           S.DEPARTED: 2, S.REINTEGRATION_FOLLOW_UP: 12, S.CLOSED: 52}),
    (10**6, {S.COUNSELLING: 4, S.REINTEGRATION_FOLLOW_UP: 4, S.CLOSED: 92}),
)
OUTCOMES = {OC.STAYED_OR_OTHER_LEGAL_OPTION: 30, OC.RETURNED_WITHOUT_PROGRAMME: 30, OC.CONTACT_LOST: 14,
            OC.COUNSELLING_ENDED: 9, OC.ONWARD_MIGRATION: 4, OC.MOVED_TO_OTHER_STATE: 9, OC.OTHER: 4}
# The status a case had when it closed with a given outcome.
CLOSED_FROM = {
    OC.RETURNED_WITHOUT_PROGRAMME: {S.REINTEGRATION_FOLLOW_UP: 60, S.DEPARTED: 40},
    OC.STAYED_OR_OTHER_LEGAL_OPTION: {S.COUNSELLING: 60, S.RETURN_PREPARATION: 25, S.APPLICATION: 15},
    OC.ONWARD_MIGRATION: {S.COUNSELLING: 70, S.RETURN_PREPARATION: 30},
    OC.CONTACT_LOST: {S.NEW: 10, S.COUNSELLING: 60, S.RETURN_PREPARATION: 20, S.APPLICATION: 10},
}
SOURCES = {
    "reception_facility": {F.RECEPTION_FACILITY: 70, F.HOTLINE: 10, F.WALK_IN: 10, F.OUTREACH: 5,
                           F.PARTNER: 5},
    "office": {F.WALK_IN: 35, F.HOTLINE: 20, F.AUTHORITY: 15, F.PARTNER: 15, F.OUTREACH: 10, F.MOBILE: 5},
}
CHANNELS = {C.OFFICE: 55, C.MOBILE: 10, C.PHONE: 18, C.VIDEO: 9, C.VIRTUAL_ORIGIN: 8}
TZ = ZoneInfo(settings.TIME_ZONE)


def _picker(weights: dict):
    keys, cum, total = list(weights), [], 0
    for value in weights.values():
        total += value
        cum.append(total)
    return lambda rng: rng.choices(keys, cum_weights=cum)[0]


def _zipf(items, exponent=0.9):
    cum, total = [], 0.0
    for rank in range(len(items)):
        total += 1 / (rank + 1) ** exponent
        cum.append(total)
    return lambda rng: rng.choices(items, cum_weights=cum)[0]


@dataclass
class Member:
    person_id: int
    sex: str
    languages: list
    needs_interpreter: bool
    district_ags: str
    tokens: frozenset = frozenset()


class CaseGenerator:
    def __init__(self, network, *, now: datetime, sessions: str, topic_ids: dict[str, int],
                 postcodes: dict[str, list[tuple[str, str]]]):
        self.net = network
        self.now = now
        self.sessions = sessions  # full | sparse | none
        self.topic_ids = topic_ids
        self.postcodes = postcodes
        orgs, offices, users = network.organisations, network.offices, network.users
        self.iom, self.dkr = orgs["IOM"], orgs["DKR"]
        self.abh = {ags: org.pk for ags, org in network.authorities.items()}
        self.partners = [orgs[code].pk for code in ("CARDEMO", "DRKDEMO", "AWODEMO", "SOZDEMO")]
        trier, speyer = users["counsellor"], users["counsellor_speyer"]
        # office name, weight, counsellor keeping its cases
        iom_offices = [("AfA Trier", 24, trier), ("AfA Hermeskeil", 10, trier), ("AfA Bitburg", 9, trier),
                       ("AfA Speyer", 20, speyer), ("AfA Kusel", 10, speyer),
                       ("Beratungsstelle Ludwigshafen", 27, speyer)]
        self.pick_iom_office = _picker({(offices[n], u): w for n, w, u in iom_offices})
        self.dkr_office = offices["Kompetenzzentrum Rückkehr Mainz"]
        self.diakonie_counsellor, self.team_lead = users["diakonie_counsellor"], users["team_lead"]
        self.trier_counsellor, self.trier_office = trier, offices["AfA Trier"]
        self.pick_country = _picker({c: c.weight for c in COUNTRIES})
        self.family = {c.code: _zipf(c.family) for c in COUNTRIES}
        self.male = {c.code: _zipf(c.male, 1.0) for c in COUNTRIES}
        self.female = {c.code: _zipf(c.female, 1.0) for c in COUNTRIES}
        self.status_by_age = [(days, _picker(w)) for days, w in STATUS_BY_AGE]
        self.pick_outcome = _picker(OUTCOMES)
        self.closed_from = {o: _picker(w) for o, w in CLOSED_FROM.items()}
        self.sources = {k: _picker(w) for k, w in SOURCES.items()}
        self.dkr_source = _picker({F.AUTHORITY: 40, F.PARTNER: 30, F.WALK_IN: 20, F.HOTLINE: 10})
        self.pick_channel = _picker(CHANNELS)
        self.district_ags = sorted(network.districts)
        self.seats = {ags: d.seat for ags, d in network.districts.items()}
        self.token_cache: dict[str, frozenset[str]] = {}
        self.sequences: dict[tuple[int, int], int] = {}
        self.returns = None  # a bulk_return.ReturnGenerator when seeding with return data

    # --- persons ----------------------------------------------------------------------

    def _tokens(self, text: str) -> frozenset[str]:
        tokens = self.token_cache.get(text)
        if tokens is None:
            tokens = self.token_cache[text] = frozenset(name_keys.person_tokens(text))
        return tokens

    def _given(self, rng, country: Country, sex: str) -> str:
        return (self.male if sex == Person.Sex.MALE else self.female)[country.code](rng)

    @staticmethod
    def _feminine(country: Country, family: str, sex: str) -> str:
        if country.feminine_a and sex == Person.Sex.FEMALE and family.endswith(("ov", "ev", "in")):
            return family + "a"
        return family

    @staticmethod
    def _variants(rng, family: str, given: str) -> str:
        lines = []
        family_variants = FAMILY_VARIANTS.get(family)
        if family_variants and rng.random() < 0.35:
            for variant in rng.sample(family_variants, k=min(len(family_variants), rng.randint(1, 2))):
                lines.append(f"{given} {variant}")
        given_variants = GIVEN_VARIANTS.get(given.split()[0])
        if given_variants and rng.random() < 0.25:
            lines.append(f"{rng.choice(given_variants)} {family}")
        return "\n".join(lines)

    def _birth(self, rng, opened: date, age: int) -> tuple[date | None, str]:
        roll = rng.random()
        if roll < 0.05:
            return None, Person.BirthDatePrecision.UNKNOWN
        born = opened - timedelta(days=age * 365 + rng.randint(0, 364))
        if roll < 0.20:
            return born.replace(month=1, day=1), Person.BirthDatePrecision.YEAR
        return born, Person.BirthDatePrecision.EXACT

    def _languages(self, rng, country: Country, age: int, principal: bool) -> tuple[list, bool]:
        first = country.languages[0] if rng.random() < 0.75 else rng.choice(country.languages)
        needs_interpreter = age >= 14 and rng.random() < (0.55 if principal else 0.4)
        languages = {first: LV.INTERPRETER if needs_interpreter else LV.NATIVE}
        if age >= 6 and rng.random() < (0.35 if age >= 18 else 0.7):
            languages.setdefault("de", LV.FLUENT if age < 18 or rng.random() < 0.15 else LV.BASIC)
        if age >= 14 and rng.random() < 0.2:
            languages.setdefault("en", LV.BASIC if rng.random() < 0.7 else LV.FLUENT)
        return list(languages.items()), needs_interpreter

    def _person(self, t: Tables, rng, ctx: dict, *, family: str, given: str, sex: str, age: int,
                principal: bool) -> Member:
        country, opened = ctx["country"], ctx["opened"]
        family = self._feminine(country, family, sex)
        variants = self._variants(rng, family, given) if age >= 14 else ""
        birth_date, precision = self._birth(rng, opened.date(), age)
        ags = ctx["district"]
        postcode, city = rng.choice(self.postcodes[ags])
        phone = email = street = ""
        if principal:
            if ctx["afa"]:
                status = rng.choices((RS.ASYLUM_REQUEST, RS.PERMISSION_TO_RESIDE, RS.OBLIGED_TO_LEAVE),
                                     cum_weights=(30, 85, 100))[0]
            else:
                status = rng.choices((RS.TOLERATION, RS.OBLIGED_TO_LEAVE, RS.PERMISSION_TO_RESIDE,
                                      RS.RESIDENCE_PERMIT, RS.OTHER, RS.UNKNOWN),
                                     cum_weights=(35, 55, 80, 90, 95, 100))[0]
            if rng.random() < 0.45:
                block = rng.choice(("3023125", "6990009", "4066969", "2214710", "8999998"))
                phone = f"+49{block}{rng.randint(0, 999):03d}"
            if rng.random() < 0.1:
                local = unidecode(f"{given.split()[0]}.{family}").lower().replace(" ", "").replace("'", "")
                email = f"{local}{rng.randint(1, 99)}@example.org"
            ctx["status"] = status
        else:
            status = ctx["status"]
        if not ctx["afa"]:
            street = f"{rng.choice(texts.STREETS)} {rng.randint(1, 120)}"
        valid_until = None
        if status in (RS.TOLERATION, RS.PERMISSION_TO_RESIDE, RS.OBLIGED_TO_LEAVE):
            valid_until = self.now.date() + timedelta(days=rng.randint(7, 180))
        created = ctx["opened"]
        # Contacts, street and city are encrypted columns (written raw here, so encrypted here).
        phone, email, street, city = (encrypt(value) if value else "" for value in (phone, email, street, city))
        person_id = t.person.add(
            ctx["org"].pk, family, given, variants, birth_date, precision, sex, country.code, phone, email,
            street, postcode, city, self.net.districts[ags].pk, status, valid_until, "", created, created, 1,
        )
        tokens = self._tokens(family) | self._tokens(given) | self._tokens(variants)
        for token in tokens:
            t.token.add(person_id, token)
        languages, needs_interpreter = self._languages(rng, country, age, principal)
        for code, level in languages:
            t.language.add(person_id, code, level)
        return Member(person_id, sex, languages, needs_interpreter, ags, tokens)

    def _household(self, t: Tables, rng, ctx: dict) -> list[tuple[Member, str, int]]:
        country = ctx["country"]
        roll = rng.random()
        kind = "single" if roll < 0.55 else "couple" if roll < 0.65 else "family" if roll < 0.90 else (
            "single_parent" if roll < 0.98 else "relative")
        sex = Person.Sex.FEMALE if (kind == "single_parent" and rng.random() < 0.8) or rng.random() < 0.2 \
            else Person.Sex.MALE
        age = min(18 + int(rng.triangular(0, 45, 12)), 70)
        family = self.family[country.code](rng)
        principal = self._person(t, rng, ctx, family=family, given=self._given(rng, country, sex), sex=sex,
                                 age=age, principal=True)
        members = [(principal, R.PRINCIPAL, age)]
        if kind in ("couple", "family"):
            other = Person.Sex.FEMALE if sex == Person.Sex.MALE else Person.Sex.MALE
            wife_family = self.family[country.code](rng) if country.wife_keeps_name else family
            spouse_age = max(18, age + rng.randint(-8, 6))
            spouse = self._person(t, rng, ctx, family=wife_family if other == Person.Sex.FEMALE else family,
                                  given=self._given(rng, country, other), sex=other, age=spouse_age,
                                  principal=False)
            members.append((spouse, R.PARTNER, spouse_age))
        if kind in ("family", "single_parent"):
            for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
                child_sex = rng.choice((Person.Sex.FEMALE, Person.Sex.MALE))
                child_age = rng.randint(0, max(0, min(17, age - 17)))
                child = self._person(t, rng, ctx, family=family, given=self._given(rng, country, child_sex),
                                     sex=child_sex, age=child_age, principal=False)
                members.append((child, R.CHILD, child_age))
        if kind == "relative":
            rel_sex = rng.choice((Person.Sex.FEMALE, Person.Sex.MALE))
            relative = self._person(t, rng, ctx, family=family, given=self._given(rng, country, rel_sex),
                                    sex=rel_sex, age=max(18, age + rng.randint(-10, 25)), principal=False)
            members.append((relative, rng.choice((R.PARENT, R.SIBLING)), 30))
        return members

    # --- case, history, consents, sessions, tasks -------------------------------------

    def case(self, t: Tables, rng: random.Random, opened: datetime, *, showcase: int | None = None) -> None:
        """Queue one household with its case and everything hanging off it.

        A `showcase` case (0, 1, 2, …) belongs to the Trier counsellor and gets a session
        today and tasks due around today, so that the demo's home page has something to show.
        """
        country = self.pick_country(rng)
        if showcase is not None:
            org, office, counsellor = self.iom, self.trier_office, self.trier_counsellor
        elif rng.random() < 0.88:
            org = self.iom
            office, counsellor = self.pick_iom_office(rng)
        else:
            org, office, counsellor = self.dkr, self.dkr_office, self.diakonie_counsellor
        afa = office.kind == "reception_facility"
        district = office.district.ags if afa or rng.random() < 0.6 else rng.choice(self.district_ags)
        ctx = {"country": country, "opened": opened, "org": org, "afa": afa, "district": district}
        household_id = t.household.add(org.pk, opened)
        members = self._household(t, rng, ctx)
        for member, relationship, _age in members:
            t.member.add(household_id, member.person_id, relationship, relationship == R.PRINCIPAL)
        for token in frozenset().union(*(member.tokens for member, _r, _a in members)):
            if token[0] not in (name_keys.CONSONANT_PREFIX, name_keys.ARABIC_PREFIX):  # as rebuild_household_tokens
                t.household_token.add(household_id, token)

        status, outcome, path = self._status(rng, opened, showcase)
        times = self._event_times(rng, opened, len(path) - 1 + (status == S.CLOSED))
        year = opened.astimezone(TZ).year
        number = self.sequences.get((org.pk, year), 0) + 1
        self.sequences[(org.pk, year)] = number
        source = self.dkr_source(rng) if org is self.dkr else self.sources[office.kind](rng)
        reached = set(path)
        returning = S.RETURN_PREPARATION in reached or outcome == OC.RETURNED_WITHOUT_PROGRAMME
        case_id = t.case.add(
            org.pk, f"{org.code}-{year}-{number:06d}", number, household_id, office.pk, status, source,
            country.code if returning or rng.random() < 0.2 else "", outcome, rng.random() < 0.02,
            opened, times[-1] if status == S.CLOSED else None, times[-1], len(times),
        )
        t.assigned.add(case_id, counsellor.pk)
        if org is self.iom and rng.random() < 0.05:
            t.assigned.add(case_id, self.team_lead.pk)
        previous = ""
        for step, at in zip(path, times, strict=False):
            t.status.add(case_id, previous, step, "", at, counsellor.pk)
            previous = step
        if status == S.CLOSED:
            t.status.add(case_id, previous, S.CLOSED, outcome, times[-1], counsellor.pk)

        self._consents(t, rng, org, counsellor, members, path, times)
        wanted = self.sessions == "full" or (self.sessions == "sparse" and rng.random() < 0.05)
        if S.COUNSELLING in reached and (wanted or showcase is not None):
            self._sessions(t, rng, case_id, office, counsellor, members, path, times, showcase)
        self._tasks(t, rng, case_id, counsellor, path, times, status != S.CLOSED, showcase)
        if self.returns is not None and showcase is None:
            self.returns.case(t.case, t.status, rng, case_id=case_id, counsellor_id=counsellor.pk, members=members,
                              path=path, times=times, status=status, outcome=outcome)

    def _status(self, rng, opened: datetime, showcase: int | None):
        age = (self.now - opened).days
        status = next(pick for days, pick in self.status_by_age if age < days)(rng)
        if showcase is not None:
            status = rng.choice((S.COUNSELLING, S.RETURN_PREPARATION, S.APPLICATION))
        outcome = ""
        if status == S.CLOSED:
            outcome = self.pick_outcome(rng)
            last = self.closed_from.get(outcome, lambda _rng: S.COUNSELLING)(rng)
        else:
            last = status
        path = list(PATH[: PATH.index(last) + 1])
        if last == S.COUNSELLING and rng.random() < 0.1:
            # The client reconsidered: preparation started, then back to open counselling.
            path += [S.RETURN_PREPARATION, S.COUNSELLING]
        return status, outcome, path

    def _event_times(self, rng, opened: datetime, count: int) -> list[datetime]:
        """`count` + 1 moments from opening to the last change, in office hours, before now."""
        gaps = [rng.uniform(1, 25) for _ in range(count)]
        room = (self.now - opened).total_seconds() / 86400 * 0.9
        if sum(gaps) > room:
            gaps = [gap * room / sum(gaps) for gap in gaps]
        times, at = [opened], opened
        for gap in gaps:
            at = at + timedelta(days=gap)
            times.append(max(times[-1], min(self.office_hours(rng, at), self.now - timedelta(minutes=5))))
        return times

    def office_hours(self, rng, at: datetime) -> datetime:
        """The same day as `at`, at a random quarter hour between 8 and 16 o'clock local time."""
        local = at.astimezone(TZ)
        clock = time(rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
        return datetime.combine(local.date(), clock, tzinfo=TZ).astimezone(UTC)

    def _consents(self, t: Tables, rng, org, counsellor, members, path, times) -> None:
        principal = members[0][0]
        opened = times[0]
        for member, relationship, age in members:
            if relationship in (R.PRINCIPAL, R.PARTNER) and age >= 18:
                language = member.languages[0][0]
                t.consent.add(member.person_id, org.pk, P.COUNSELLING, None, opened,
                              Consent.Form.WRITTEN if rng.random() < 0.7 else Consent.Form.ORAL,
                              language, member.needs_interpreter, "", None, counsellor.pk)
        language, interpreter = principal.languages[0][0], principal.needs_interpreter
        if rng.random() < 0.6:
            withdrawn = times[-1] if rng.random() < 0.03 and len(times) > 1 else None
            t.consent.add(principal.person_id, org.pk, P.STATISTICS, None, opened, Consent.Form.WRITTEN,
                          language, interpreter, "", withdrawn, counsellor.pk)
        if rng.random() < 0.5:
            t.consent.add(principal.person_id, org.pk, P.CONTACT_BY_PHONE, None, opened, Consent.Form.ORAL,
                          language, interpreter, "", None, counsellor.pk)
        if S.APPLICATION in path or (S.RETURN_PREPARATION in path and rng.random() < 0.3):
            # An application needs disclosure consent for the competent authority first.
            stage = path.index(S.APPLICATION) if S.APPLICATION in path else path.index(S.RETURN_PREPARATION)
            given = max(opened, times[stage] - timedelta(hours=2))
            authority = self.abh[principal.district_ags]
            t.consent.add(principal.person_id, org.pk, P.DISCLOSURE_TO_AUTHORITY, authority, given,
                          Consent.Form.WRITTEN, language, interpreter, "", None, counsellor.pk)
        if S.RETURN_PREPARATION in path:
            # Virtual counselling with the country of origin (see _sessions) needs this consent.
            t.consent.add(principal.person_id, org.pk, P.DISCLOSURE_TO_ORIGIN_PARTNER, None, opened,
                          Consent.Form.WRITTEN, language, interpreter, "", None, counsellor.pk)
        if rng.random() < 0.05:
            t.consent.add(principal.person_id, org.pk, P.REFERRAL, rng.choice(self.partners), opened,
                          Consent.Form.WRITTEN, language, interpreter, "", None, counsellor.pk)

    def _sessions(self, t: Tables, rng, case_id, office, counsellor, members, path, times, showcase) -> None:
        principal = members[0][0]
        first, last = times[1], times[-1]
        count = 1 if self.sessions != "full" else min(6, len(path) - 1 + rng.randint(0, 2))
        moments = [first] + sorted(first + (last - first) * rng.random() for _ in range(count - 1))
        if showcase is not None:
            today = self.now.astimezone(TZ).date()
            moments.append(datetime.combine(today, time(9 + 2 * (showcase % 4), 30), tzinfo=TZ))
        spouse = next((m for m, rel, _age in members if rel == R.PARTNER), None)
        has_children = any(rel == R.CHILD for _m, rel, _age in members)
        for number, started in enumerate(moments):
            channel = self.pick_channel(rng)
            if channel == C.VIRTUAL_ORIGIN and S.RETURN_PREPARATION not in path:
                channel = C.OFFICE
            topics = self._topics(rng, number, has_children)
            summary = " ".join(rng.choice(texts.SUMMARY_BY_TOPIC[code]) for code in topics)
            language = principal.languages[0][0]
            duration = rng.choice((30, 45, 60, 60, 90))
            session_id = t.session.add(
                case_id, counsellor.pk, started, duration, channel,
                office.pk if channel == C.OFFICE else None,
                f"Mobiler Beratungstag {self.seats[principal.district_ags]}" if channel == C.MOBILE else "",
                language, principal.needs_interpreter,
                encrypt(f"Sprachmittlung Demo-Pool ({language})") if principal.needs_interpreter else "",
                encrypt(f"Demo-Eintrag. {summary}"), encrypt(rng.choice(texts.NEXT_STEPS)),
                started + timedelta(minutes=duration), *self._place(channel, office, principal),
            )
            t.participant.add(session_id, principal.person_id)
            # Only the principal consented to virtual counselling (see _consents).
            if spouse is not None and rng.random() < 0.4 and channel != C.VIRTUAL_ORIGIN:
                t.participant.add(session_id, spouse.person_id)
            for code in topics:
                t.topic.add(session_id, self.topic_ids[code])

    def _place(self, channel: str, office, principal: Member) -> tuple[int, str]:
        """District and place as the session service records them (office, mobile day, remote)."""
        if channel == C.OFFICE:
            return office.district_id, SessionPlace.OFFICE
        # The demo's mobile days are held in the client's district (location names its seat).
        place = SessionPlace.MOBILE_DAY if channel == C.MOBILE else SessionPlace.CLIENT_DISTRICT
        return self.net.districts[principal.district_ags].pk, place

    def _topics(self, rng, number: int, has_children: bool) -> list[str]:
        if number == 0:
            topics = ["legal_options", "return_programmes"]
        else:
            choices = sorted(set(texts.SUMMARY_BY_TOPIC) - {"family_children"})
            topics = rng.sample(choices, k=rng.randint(1, 2))
        if has_children and rng.random() < 0.5:
            topics.append("family_children")
        return [code for code in topics if code in self.topic_ids]

    def _tasks(self, t: Tables, rng, case_id, counsellor, path, times, open_case, showcase) -> None:
        today = self.now.astimezone(TZ).date()
        stage = path[-1]
        titles = (texts.TASKS_FOLLOW_UP if stage in (S.DEPARTED, S.REINTEGRATION_FOLLOW_UP)
                  else texts.TASKS_RETURN if stage != S.COUNSELLING and stage != S.NEW else texts.TASKS_OPEN)
        if showcase is not None:
            # Something on the demo home page: overdue, due today, due this week.
            for offset in (-2, 0, 3):
                t.task.add(case_id, rng.choice(titles), today + timedelta(days=offset), counsellor.pk,
                           counsellor.pk, times[-1], None)
            return
        count = rng.choice((0, 1, 1, 2, 3)) if open_case else int(rng.random() < 0.3)
        for _ in range(count):
            created = times[-1] if open_case else times[rng.randrange(len(times))]
            if open_case and rng.random() < 0.8:
                due = today + timedelta(days=rng.choice((-10, -4, -1, 0, 1, 2, 4, 6, 9, 14, 21, 30)))
                done = None
            else:
                due = created.astimezone(TZ).date() + timedelta(days=rng.randint(1, 14))
                done = max(created, min(created + timedelta(days=rng.randint(0, 10)), times[-1]))
                if open_case:
                    done = max(created, self.now - timedelta(days=rng.randint(0, 3)))
            assignee = counsellor.pk if rng.random() < 0.9 else None
            t.task.add(case_id, rng.choice(titles), due, assignee, counsellor.pk, created, done)
