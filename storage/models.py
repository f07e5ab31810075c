"""The schema: every table Keyworker stores, as SQLModel classes.

Every row belongs to a school so that a multi-academy trust can share one
database. Timestamps are aware UTC (see storage.types.UTCDateTime); dates
that are calendar days in school (review due dates, follow-ups) are plain dates.
Records are never deleted by the app: undo sets `withdrawn_at`, edits bump
`version` and keep the old row's data in RecordVersion.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, Index, Table, UniqueConstraint, and_, literal_column, text
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.sql.expression import ColumnElement
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime, utcnow
from storage.vocabulary import Role as Role  # re-exported: roles are vocabulary

# The safeguarding chain, in order: the DSL (the school's first DSL by id), the
# deputies (its other DSLs), the head or admin, and the SENCO as the last resort
# (storage.queries.safeguarding.alert_chain; schedules.alerts walks it).
SAFEGUARDING_ROUTE = (Role.dsl, Role.admin, Role.senco)


class PlanType(StrEnum):
    ehcp = "EHCP"
    sen_support = "SEN Support"


AREAS_OF_NEED = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical",
)


def _utc(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


def sql_constant(value: str) -> ColumnElement[str]:
    """A string written into the SQL itself, not bound: a partial index's WHERE
    is matched against the query's text (SQLite proves `status = 'delivered'`
    from the same literal, never from `status = ?`)."""
    return literal_column("'" + value.replace("'", "''") + "'")


class School(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=64)
    name: str = Field(max_length=200)
    created_at: datetime = _utc(default_factory=utcnow)


class Staff(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("email", name="uq_staff_email"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    email: str = Field(max_length=254)
    name: str = Field(max_length=200)
    role: str = Field(default=Role.lsa, max_length=16)
    active: bool = True
    mute_nudges: bool = False
    preferred_platform: str | None = Field(default=None, max_length=16)
    created_at: datetime = _utc(default_factory=utcnow)


class ChatIdentity(SQLModel, table=True):
    """A platform account (Slack user id, Telegram user id) linked to a staff member."""

    __table_args__ = (
        UniqueConstraint("platform", "external_id", name="uq_chat_identity_platform_external"),
    )

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    chat_id: str | None = Field(default=None, max_length=64)
    linked_at: datetime = _utc(default_factory=utcnow)


class LinkCode(SQLModel, table=True):
    """A one-time code that links a chat account to a staff member."""

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    code_hash: str = Field(max_length=128, unique=True)
    created_by_id: int | None = Field(default=None, foreign_key="staff.id")
    expires_at: datetime = _utc()
    used_at: datetime | None = _utc(default=None)


class Pupil(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("school_id", "upn", name="uq_pupil_school_upn"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    upn: str = Field(max_length=13)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    preferred_name: str | None = Field(default=None, max_length=100)
    year_group: str | None = Field(default=None, max_length=8)
    class_name: str | None = Field(default=None, max_length=32)
    key_worker_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    plan_type: str = Field(default=PlanType.sen_support, max_length=16)
    annual_review_due: date | None = Field(default=None, index=True)
    review_booked_on: date | None = None
    review_held_on: date | None = None
    review_report_sent_on: date | None = None
    active: bool = True
    # The census view of the pupil (storage.vocabulary: SenStatus, NEED_TYPES), each
    # with the day it started where the school's MIS says; all optional in the import.
    date_of_birth: date | None = None
    sen_status: str | None = Field(default=None, max_length=1)
    sen_status_from: date | None = None
    primary_need: str | None = Field(default=None, max_length=8)
    primary_need_from: date | None = None
    secondary_need: str | None = Field(default=None, max_length=8)
    secondary_need_from: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Provision(SQLModel, table=True):
    """One quantified line of a pupil's EHCP Section F or SEN Support plan."""

    __table_args__ = (UniqueConstraint("pupil_id", "name", name="uq_provision_pupil_name"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    name: str = Field(max_length=120)
    area_of_need: str = Field(max_length=64)
    sessions_per_week: int
    minutes_per_session: int
    start_on: date | None = None
    end_on: date | None = None
    # For the costed provision map (handlers.reports.costs): who delivers it (a role,
    # storage.vocabulary.DELIVERERS), how many pupils share a session, and the hourly
    # cost of the person delivering it, in pence.
    delivered_by: str | None = Field(default=None, max_length=32)
    group_size: int | None = None
    hourly_cost_pence: int | None = None
    # The intended outcome and how it is measured at entry and at exit.
    outcome: str | None = Field(default=None, max_length=500)
    entry_measure: str | None = Field(default=None, max_length=200)
    exit_measure: str | None = Field(default=None, max_length=200)


class RecordBase(SQLModel):
    """Columns every logged record shares (sessions, incidents, contacts)."""

    if TYPE_CHECKING:
        # Each table declares its own primary key; said here for the type checker
        # only, so the columns' order in every table stays as it is.
        id: int | None

    school_id: int = Field(foreign_key="school.id", index=True)
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    occurred_at: datetime = _utc(index=True)
    # How precisely the log said when: "exact", "part_of_day" or "none" (a day
    # alone: occurred_at's clock is a stand-in); None for records from before.
    time_precision: str | None = Field(default=None, max_length=16)
    notes: str = Field(default="", max_length=4000)
    logged_by_id: int = Field(foreign_key="staff.id", index=True)
    logged_at: datetime = _utc(default_factory=utcnow)
    platform: str = Field(default="console", max_length=16)
    source_text: str = Field(default="", max_length=4000)
    version: int = 1
    withdrawn_at: datetime | None = _utc(default=None)
    withdrawn_reason: str | None = Field(default=None, max_length=500)


class SessionLog(RecordBase, table=True):
    """A provision delivered (or missed) for one pupil; a group shares group_id."""

    __table_args__ = (
        Index("ix_sessionlog_provision_occurred", "provision_id", "occurred_at"),
        # Digests, nudges and reports count a school's sessions over a span of
        # days; the trailing columns let PostgreSQL answer from the index alone.
        Index(
            "ix_sessionlog_school_occurred",
            "school_id",
            "occurred_at",
            "provision_id",
            "status",
            "withdrawn_at",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    provision_id: int | None = Field(default=None, foreign_key="provision.id", index=True)
    group_id: str | None = Field(default=None, max_length=36, index=True)
    status: str = Field(default="delivered", max_length=16)
    missed_reason: str | None = Field(default=None, max_length=500)
    duration_minutes: int | None = None


class BehaviourIncident(RecordBase, table=True):
    """An ABC incident; the RPI columns are filled when force or a hold was used."""

    __table_args__ = (Index("ix_behaviourincident_school_occurred", "school_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    place: str | None = Field(default=None, max_length=200)
    antecedent: str | None = Field(default=None, max_length=2000)
    behaviour: str = Field(default="", max_length=2000)
    consequence: str | None = Field(default=None, max_length=2000)
    strategies: str | None = Field(default=None, max_length=2000)
    severity: int = 1
    physical_intervention: bool = False
    staff_involved: str | None = Field(default=None, max_length=500)
    hold_type: str | None = Field(default=None, max_length=200)
    hold_minutes: int | None = None
    deescalation_tried: str | None = Field(default=None, max_length=2000)
    reason_for_force: str | None = Field(default=None, max_length=2000)
    injuries: str | None = Field(default=None, max_length=1000)
    support_after: str | None = Field(default=None, max_length=2000)
    parents_informed_at: datetime | None = _utc(default=None)
    # True when the log said parents were told (perhaps without saying when),
    # False when it said they were not yet; None when it did not say.
    parents_informed: bool | None = None
    # The rest of the statutory record (storage.rpi lists what it must hold).
    degree_of_force: str | None = Field(default=None, max_length=200)
    parents_informed_how: str | None = Field(default=None, max_length=16)
    parents_informed_by: str | None = Field(default=None, max_length=200)
    parents_informed_by_id: int | None = Field(default=None, foreign_key="staff.id")


class IncidentStaff(SQLModel, table=True):
    """A member of staff named in an RPI's `staff_involved`, resolved to their account."""

    __table_args__ = (UniqueConstraint("incident_id", "staff_id", name="uq_incident_staff"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    incident_id: int = Field(foreign_key="behaviourincident.id", index=True, ondelete="CASCADE")
    staff_id: int = Field(foreign_key="staff.id", index=True)


class IncidentInvolved(SQLModel, table=True):
    """Another pupil named in an incident (the child who was hit, a witness):
    part of that incident's record, never its subject and never given a record."""

    __table_args__ = (
        UniqueConstraint("incident_id", "pupil_id", name="uq_incident_involved_pupil"),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    incident_id: int = Field(foreign_key="behaviourincident.id", index=True, ondelete="CASCADE")
    pupil_id: int = Field(foreign_key="pupil.id", index=True)
    role: str = Field(default="involved", max_length=16)  # target | witness | involved


class ParentContact(RecordBase, table=True):
    __table_args__ = (Index("ix_parentcontact_school_occurred", "school_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_with: str | None = Field(default=None, max_length=100)
    method: str | None = Field(default=None, max_length=16)
    direction: str = Field(default="outbound", max_length=16)
    summary: str = Field(default="", max_length=4000)
    follow_up_on: date | None = Field(default=None, index=True)
    follow_up_done_at: datetime | None = _utc(default=None)


class AlertDelivery(StrEnum):
    """Where a safeguarding alert stands: queued, on someone's screen, or reaching nobody."""

    pending = "pending"  # queued for the first reachable lead; not on anyone's platform yet
    delivered = "delivered"  # on at least one lead's platform
    undelivered = "undelivered"  # nobody in the chain could be reached: find the DSL in person


class SafeguardingAlert(SQLModel, table=True):
    """A possible concern passed to the DSL; the words as typed live only here.

    `routed_to` lists (as emails) the leads it has been delivered to, in
    order; `ack_due_at` is when the latest of them must have pressed "Seen"
    before it goes to the next in the chain (schedules.alerts).
    """

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id", index=True)
    raised_by_id: int = Field(foreign_key="staff.id")
    raised_at: datetime = _utc(default_factory=utcnow, index=True)
    platform: str = Field(default="console", max_length=16)
    words: str = Field(max_length=4000)
    routed_to: str = Field(default="", max_length=1000)
    acknowledged_at: datetime | None = _utc(default=None)
    acknowledged_by_id: int | None = Field(default=None, foreign_key="staff.id")
    delivery: str = Field(default=AlertDelivery.pending, max_length=16)
    delivery_note: str | None = Field(default=None, max_length=500)
    ack_due_at: datetime | None = _utc(default=None)


class ConcernStep(SQLModel, table=True):
    """One step of the DSL's side of a concern (storage.concern_steps): an action taken,
    with who, when and why, or the outcome. Appended, never changed: a correction is a
    later step that says so."""

    __table_args__ = (Index("ix_concernstep_alert_taken", "alert_id", "taken_at"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    alert_id: int = Field(foreign_key="safeguardingalert.id")
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id", index=True)
    step: str = Field(max_length=32)
    detail: str = Field(default="", max_length=4000)
    reason: str = Field(default="", max_length=2000)
    taken_at: datetime = _utc()
    recorded_by_id: int = Field(foreign_key="staff.id")
    recorded_at: datetime = _utc(default_factory=utcnow)
    platform: str = Field(default="console", max_length=16)


class RecordVersion(SQLModel, table=True):
    """The previous state of a record each time it is amended or withdrawn."""

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    record_type: str = Field(max_length=32)
    record_id: int = Field(index=True)
    version: int
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    changed_by_id: int = Field(foreign_key="staff.id")
    changed_at: datetime = _utc(default_factory=utcnow)
    reason: str = Field(default="", max_length=500)


class AuditEvent(SQLModel, table=True):
    """Append-only, hash-chained trail of every read and write of pupil data (storage.audit).

    The database refuses UPDATE and DELETE on it (triggers in migration 0003).
    """

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    at: datetime = _utc(default_factory=utcnow, index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    platform: str = Field(default="cli", max_length=16)
    action: str = Field(max_length=32)
    record_type: str | None = Field(default=None, max_length=32)
    record_id: int | None = None
    pupil_id: int | None = Field(default=None, foreign_key="pupil.id", index=True)
    detail: str = Field(default="", max_length=2000)
    # SHA-256 (hex) of the row before, and of this row's fields with prev_hash.
    prev_hash: str = Field(max_length=64)
    row_hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The one row (id 1) that says where the audit chain ends.

    Writers lock it (UPDATE ... RETURNING) before appending, so appends are
    serialised; an insert trigger on auditevent moves last_id and last_hash on.
    """

    id: int | None = Field(default=None, primary_key=True)
    rows: int = 0
    last_id: int | None = None
    last_hash: str = Field(max_length=64)


class RetentionRule(SQLModel, table=True):
    """How long one school keeps one kind of record (storage.retention); no row means keep."""

    __table_args__ = (UniqueConstraint("school_id", "kind", name="uq_retention_school_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    kind: str = Field(max_length=32)
    period: str = Field(max_length=32)
    set_by_id: int | None = Field(default=None, foreign_key="staff.id")
    set_at: datetime = _utc(default_factory=utcnow)


class InboxMessage(SQLModel, table=True):
    """Every platform delivery, stored before it is acknowledged (see storage.inbox).

    `received` rows are still to handle; the transaction that handles one marks it
    `handled` and keeps the reply (sent again if the process died before sending).
    """

    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbox_event"),
        # The sweep's question, "what is still open?", over the few rows not yet replied.
        Index(
            "ix_inbox_open",
            "claimed_until",
            "id",
            sqlite_where=text("status != 'replied'"),
            postgresql_where=text("status != 'replied'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    event_id: str = Field(max_length=128)
    person: str = Field(default="", max_length=128)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="received", max_length=16)
    received_at: datetime = _utc(default_factory=utcnow)
    claimed_until: datetime | None = _utc(default=None)
    handled_at: datetime | None = _utc(default=None)
    reply: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class ConversationState(SQLModel, table=True):
    """A question the bot asked and is waiting on, per platform user."""

    __table_args__ = (UniqueConstraint("platform", "user_key", name="uq_conversation_user"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    user_key: str = Field(max_length=128)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _utc(default_factory=utcnow)


class KeyValue(SQLModel, table=True):
    """Small JSON documents kept by a component (e.g. the Telegram bot's persistence)."""

    __table_args__ = (UniqueConstraint("namespace", "key", name="uq_keyvalue_namespace_key"),)

    id: int | None = Field(default=None, primary_key=True)
    namespace: str = Field(max_length=64)
    key: str = Field(max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = _utc(default_factory=utcnow)


class RosterVersion(SQLModel, table=True):
    """One row whose number moves whenever staff, chat accounts, pupils or provisions
    change (database triggers; see storage.roster_version)."""

    id: int | None = Field(default=None, primary_key=True)
    version: int = 1


class OutboxMessage(SQLModel, table=True):
    """A message a job or handler wants delivered; the sender marks it sent once."""

    # The sender's every-minute question: which pending rows are due now?
    __table_args__ = (Index("ix_outboxmessage_status_next_attempt", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    key: str = Field(max_length=200, unique=True)
    job: str = Field(max_length=32)
    recipient_id: int = Field(foreign_key="staff.id", index=True)
    text: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    next_attempt_at: datetime = _utc(default_factory=utcnow)
    created_at: datetime = _utc(default_factory=utcnow)
    sent_at: datetime | None = _utc(default=None)
    last_error: str | None = Field(default=None, max_length=1000)


class WebSignInLink(SQLModel, table=True):
    """A one-time sign-in link for the web pages; only a hash of its token is stored."""

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _utc(default_factory=utcnow)
    expires_at: datetime = _utc()
    used_at: datetime | None = _utc(default=None)
    issued_via: str = Field(default="cli", max_length=16)


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random id, this row its hash."""

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    session_hash: str = Field(max_length=64, unique=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = _utc(default_factory=utcnow)
    last_seen_at: datetime = _utc(default_factory=utcnow)
    expires_at: datetime = _utc()
    ended_at: datetime | None = _utc(default=None)


class TeamsConversation(SQLModel, table=True):
    """Where one person is reached in Microsoft Teams: their personal chat with the bot.

    Stored on their first message, or when the app is installed for them (an admin's
    app setup policy pre-installs it), so digests and reminders can be sent to people
    who never wrote to the bot. Keyed by their Entra object id (ChatIdentity's
    external_id for platform "teams"); a re-install replaces the row. Someone first
    met in a group chat has no personal chat yet (`conversation_id` None): the first
    proactive message creates it.
    """

    __table_args__ = (UniqueConstraint("aad_object_id", name="uq_teamsconversation_user"),)

    id: int | None = Field(default=None, primary_key=True)
    aad_object_id: str = Field(max_length=64)
    tenant_id: str = Field(max_length=64)
    # The Bot Connector's ids and endpoint: opaque, longer than other platforms' ids.
    conversation_id: str | None = Field(default=None, max_length=512)
    service_url: str = Field(max_length=512)
    bot_id: str = Field(max_length=256)
    user_id: str = Field(max_length=256)
    updated_at: datetime = _utc(default_factory=utcnow)


RECORD_MODELS: dict[str, type[RecordBase]] = {
    "session": SessionLog,
    "behaviour": BehaviourIncident,
    "parent_contact": ParentContact,
}


# -- partial indexes for the jobs' and the alert sender's hot queries ------------------
# Each predicate is written once, here, and used both by its index and by the query
# it serves (storage.queries.*, schedules.outbox), so the planner can prove the query
# matches the index: the constants are literals in the SQL (sql_constant).
def table_of(model: type[SQLModel]) -> Table:
    """A table class's Table."""
    # SQLModel's metaclass sets `__table__` on table classes but does not declare it.
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def columns_of(model: type[SQLModel]) -> ReadOnlyColumnCollection[str, Column[Any]]:
    """A table class's columns, by name."""
    return table_of(model).c


def delivered_session() -> ColumnElement[bool]:
    """A live (not withdrawn) session that was delivered: what pace counts."""
    c = columns_of(SessionLog)
    return and_(c.status == sql_constant("delivered"), c.withdrawn_at.is_(None))


def open_follow_up() -> ColumnElement[bool]:
    """A live parent contact with a follow-up promised and not yet done."""
    c = columns_of(ParentContact)
    return and_(
        c.follow_up_on.is_not(None), c.follow_up_done_at.is_(None), c.withdrawn_at.is_(None)
    )


# Outbox jobs delivered at once by every process (schedules.alerts), not by the minute.
URGENT_JOBS = ("safeguarding", "safeguarding_notice")


def urgent_unsent() -> ColumnElement[bool]:
    """An outbox row of an urgent job still to send (or whose sender died mid-send)."""
    c = columns_of(OutboxMessage)
    return and_(
        c.job.in_([sql_constant(j) for j in URGENT_JOBS]),
        c.status.in_([sql_constant("pending"), sql_constant("sending")]),
    )


def awaiting_acknowledgement() -> ColumnElement[bool]:
    """A delivered alert nobody has pressed "Seen" on yet."""
    c = columns_of(SafeguardingAlert)
    return and_(c.acknowledged_at.is_(None), c.ack_due_at.is_not(None))


def _partial(name: str, where: ColumnElement[bool], *columns: Column[Any]) -> Index:
    return Index(name, *columns, sqlite_where=where, postgresql_where=where)


_partial(
    "ix_sessionlog_delivered_occurred",
    delivered_session(),
    columns_of(SessionLog).occurred_at,
    columns_of(SessionLog).provision_id,
)
_partial(
    "ix_parentcontact_open_follow_up", open_follow_up(), columns_of(ParentContact).follow_up_on
)
_partial("ix_outboxmessage_urgent", urgent_unsent(), columns_of(OutboxMessage).next_attempt_at)
_partial(
    "ix_safeguardingalert_awaiting_ack",
    awaiting_acknowledgement(),
    columns_of(SafeguardingAlert).ack_due_at,
)
