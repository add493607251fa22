"""Hostile text written into every user-supplied column of the seeded database."""
from __future__ import annotations

import sqlalchemy as sa

from models import db

SCRIPT = "<script>window.__xss=1</script>"
PAYLOADS = [
    SCRIPT + '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "[click](javascript:window.__xss=1) " + SCRIPT,
    "<img src=x onerror=\"window.__xss=1\">'><iframe src=javascript:window.__xss=1>",
]
SHORT = "<svg onload=window.__xss=1>"
# Identifiers, secrets and internal codes: not text people type, and changing them breaks lookups.
# link_url is checked where it is written (an on-site path only): test_stored_payloads.py.
NOT_USER_TEXT = {"slug", "email", "password_hash", "session_token", "action", "subject_type",
                 "voter_key", "receipt_code", "submission_key", "rule", "kind", "url", "code",
                 "currency", "census_reference", "detail", "payload", "selected", "scores",
                 "choices", "categories", "link_url"}


def _value(n: int, length: int | None) -> str:
    """A payload, numbered so unique columns stay unique, cut to the column's length."""
    text = f"{PAYLOADS[n % len(PAYLOADS)]} {n}"
    if length is not None and len(text) > length:
        return f"{SHORT} {n}"[-length:] if length < len(SHORT) else f"{SHORT} {n}"[:length]
    return text


def poison_everything() -> None:
    """Every user-supplied text column of every row gets a payload; lists and maps too."""
    n = 0
    for table in db.metadata.sorted_tables:
        values = {}
        for column in table.columns:
            if column.name in NOT_USER_TEXT or isinstance(column.type, sa.Enum):
                continue
            if isinstance(column.type, (sa.String, sa.Text)) and not column.primary_key:
                values[column.name] = _value(n, column.type.length)
                n += 1
        if values:
            for pk, in db.session.execute(sa.select(*table.primary_key.columns)).all():
                db.session.execute(table.update().where(list(table.primary_key.columns)[0] == pk)
                                   .values({k: _value(n + i, table.c[k].type.length)
                                            for i, k in enumerate(values)}))
                n += 1
    # Lists and maps people wrote: survey options, tally explanations (project titles).
    questions = db.metadata.tables["survey_questions"]
    for qid, options in db.session.execute(sa.select(questions.c.id, questions.c.options)).all():
        if options:
            db.session.execute(questions.update().where(questions.c.id == qid).values(
                options=[f"{PAYLOADS[i % 4]} {i}" for i in range(len(options))]))
    results = db.metadata.tables["process_results"]
    rows = db.session.execute(sa.select(results.c.id, results.c.explanations)).all()
    for rid, explanations in rows:
        db.session.execute(results.update().where(results.c.id == rid).values(
            explanations={k: PAYLOADS[0] for k in (explanations or {})}))
    db.session.commit()
