"""export_personal_data: one ZIP of JSON (for another service) and a readable page (for the person)."""
from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime

from flask import render_template
from sqlalchemy import and_, or_, select

from deliberation import audit
from deliberation.budgeting.voting import voter_key
from deliberation.privacy.sections import COVERED, SECRET_COLUMNS, SECTIONS
from models import AuditEntry, Ballot, Process, User, db

FORMAT_VERSION = 1


def _value(value):
    """A column's value as JSON: dates as ISO 8601, enums by their stored value."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _plain(table: str, mapping) -> dict:
    return {key: _value(value) for key, value in mapping.items() if (table, key) not in SECRET_COLUMNS}


def _rows(table_name: str, column: str, user_id: int) -> list[dict]:
    """Every row of a table whose column holds the person's id (none if the table is absent)."""
    table = db.metadata.tables.get(table_name)
    if table is None:
        return []
    query = select(table).where(table.c[column] == user_id)
    if "id" in table.c:
        query = query.order_by(table.c.id)
    return [_plain(table_name, row._mapping) for row in db.session.execute(query)]


def _account(user: User) -> list[dict]:
    row = _rows("users", "id", user.id)[0]
    row["neighbourhood"] = user.neighbourhood.name if user.neighbourhood else None
    return [row]


def _ballots(user: User, rows: list[dict]) -> list[dict]:
    """That the person voted, and their receipt code; the ballot's choices are never read."""
    for row in rows:
        process = db.session.get(Process, row["process_id"])
        row["process"] = process.title if process else None
        row["receipt_code"] = db.session.scalar(select(Ballot.receipt_code).where(
            Ballot.process_id == row["process_id"],
            Ballot.voter_key == voter_key(process, user))) if process else None
    return rows


def _survey_answers(rows: list[dict]) -> list[dict]:
    answers = db.metadata.tables["survey_answers"]
    for row in rows:
        row["answers"] = [_plain("survey_answers", a._mapping) for a in db.session.execute(
            select(answers).where(answers.c.response_id == row["id"]).order_by(answers.c.id))]
    return rows


def _audit(user: User) -> list[dict]:
    """Entries where the person acted, or where their account was the subject."""
    query = select(AuditEntry.__table__).where(or_(
        AuditEntry.actor_id == user.id,
        and_(AuditEntry.subject_type == "user", AuditEntry.subject_id == user.id)))
    return [_plain("audit_entries", row._mapping)
            for row in db.session.execute(query.order_by(AuditEntry.id))]


def _staff_action(table: str, column: str, row: dict) -> dict:
    """What a staff member did, without copying other people's records into their export."""
    when = row.get("updated_at") or row.get("created_at")
    return {"record": table, "as": column, "id": row.get("id"), "when": when}


def collect(user: User) -> dict[str, list[dict]]:
    """Every section of the person's data, keyed as sections.SECTIONS names them."""
    data: dict[str, list[dict]] = {key: [] for key, _heading, _about in SECTIONS}
    for (table, column), section in COVERED.items():
        if section == "audit":
            continue
        rows = _rows(table, column, user.id)
        if section == "staff_actions":
            data[section] += [_staff_action(table, column, row) for row in rows]
        else:
            data[section] += rows
    data["account"] = _account(user)
    data["ballots"] = _ballots(user, data["ballots"])
    data["surveys"] = _survey_answers(data["surveys"])
    data["audit"] = _audit(user)
    return data


def export_personal_data(user: User) -> bytes:
    """The ZIP a person downloads: data.json and index.html; recorded in the audit log."""
    data = collect(user)
    document = {"format": "agora-personal-data", "version": FORMAT_VERSION,
                "exported_at": _value(datetime.now().astimezone()), "sections": data}
    page = render_template("privacy/export.html", user=user, data=data, sections=SECTIONS,
                           exported_at=datetime.now().astimezone())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("agora-data/data.json", json.dumps(document, ensure_ascii=False, indent=2,
                                                            default=str))
        archive.writestr("agora-data/index.html", page)
    audit.record(user, "account.data_exported", user, "Downloaded their personal data",
                 neighbourhood_id=user.neighbourhood_id)
    return buffer.getvalue()
