"""The tables the demo generator fills, with the columns it supplies (in row order)."""

from apps.cases.models import Case, CaseStatusChange, CounsellingSession, Task
from apps.clients.models import (
    Consent,
    Household,
    HouseholdMember,
    HouseholdNameToken,
    Person,
    PersonLanguage,
    PersonNameToken,
)
from apps.demo.bulk import Table


class Tables:
    def __init__(self):
        self.household = Table(Household, ("organisation", "created_at"))
        self.person = Table(Person, (
            "organisation", "family_name", "given_names", "name_variants", "birth_date",
            "birth_date_precision", "sex", "nationalities", "phone", "email", "street", "postcode", "city",
            "district", "residence_status", "residence_valid_until", "bamf_file_number", "created_at",
            "updated_at", "version",
        ))
        self.token = Table(PersonNameToken, ("person", "token"))
        self.language = Table(PersonLanguage, ("person", "language", "level"))
        self.member = Table(HouseholdMember, ("household", "person", "relationship", "is_principal"))
        self.household_token = Table(HouseholdNameToken, ("household", "token"))
        self.case = Table(Case, (
            "organisation", "reference", "number", "household", "office", "status", "first_contact_source",
            "intended_return_country", "outcome", "restricted", "opened_at", "closed_at", "updated_at",
            "version",
        ))
        self.assigned = Table(Case.assigned_counsellors.through, ("case", "user"))
        self.status = Table(CaseStatusChange, ("case", "from_status", "to_status", "outcome", "at", "actor"))
        self.consent = Table(Consent, (
            "person", "organisation", "purpose", "recipient", "given_at", "form", "language",
            "interpreter_used", "notes", "withdrawn_at", "recorded_by",
        ))
        self.session = Table(CounsellingSession, (
            "case", "counsellor", "started_at", "duration_minutes", "channel", "office", "location",
            "language", "interpreter_used", "interpreter_name", "summary", "next_steps", "created_at",
            "district", "place",
        ))
        self.participant = Table(CounsellingSession.participants.through, ("counsellingsession", "person"))
        self.topic = Table(CounsellingSession.topics.through, ("counsellingsession", "topic"))
        self.task = Table(Task, (
            "case", "title", "due_date", "assignee", "created_by", "created_at", "done_at",
        ))
        self.extra: list[Table] = []  # children of the cases added by apps/demo/bulk_return.py

    @property
    def all(self) -> list[Table]:
        """Parents before children."""
        return [self.household, self.person, self.token, self.language, self.member, self.household_token,
                self.case,
                self.assigned, self.status, self.consent, self.session, self.participant, self.topic,
                self.task, *self.extra]

    @property
    def models(self) -> list:
        return [table.model for table in self.all]

    def start(self, cursor) -> None:
        for table in self.all:
            table.start(cursor)

    def flush(self, cursor) -> dict[str, int]:
        return {table.db_table: table.flush(cursor) for table in self.all}
