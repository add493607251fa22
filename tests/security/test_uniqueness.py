"""One-per-person records are guarded by the database, not only by the code that checks first."""
from __future__ import annotations

from sqlalchemy import inspect

from models import db

# table -> the column sets that must be unique (a race between two requests cannot double them)
ONE_PER = {
    "ballots": [("process_id", "voter_key"), ("receipt_code",)],
    "participations": [("process_id", "user_id")],
    "flags": [("subject_type", "subject_id", "user_id")],
    "follows": [("user_id", "subject_type", "subject_id")],
    "hand_raises": [("debate_id", "user_id")],
    "project_ratings": [("delivery_id", "user_id")],
    "service_ratings": [("service_id", "user_id")],
    "survey_responses": [("survey_id", "user_id")],
    "survey_answers": [("response_id", "question_id")],
    "volunteers": [("delivery_id", "user_id")],
    "reactions": [("comment_id", "user_id", "kind")],
    "census_entries": [("neighbourhood_id", "reference"), ("used_by_id",)],
    "users": [("email",), ("session_token",)],
    "move_requests": [("user_id",)],                # partial: one *pending* request
    "outcomes": [("process_id",)],
    "deliveries": [("proposal_id",)],
    "proposals": [("submission_key",)],
}


def test_one_per_person_records_have_unique_constraints(app):
    inspector = inspect(db.engine)
    for table, expected in ONE_PER.items():
        unique = {tuple(c["column_names"]) for c in inspector.get_unique_constraints(table)}
        unique |= {tuple(i["column_names"]) for i in inspector.get_indexes(table) if i["unique"]}
        for columns in expected:
            assert columns in unique, f"{table} lacks a unique constraint on {columns}"


def test_role_grants_are_unique_per_scope(app):
    """An expression index SQLAlchemy cannot reflect; tests/admin/test_roles.py tests it."""
    names = {index.name for index in db.metadata.tables["role_grants"].indexes}
    assert "uq_role_grants_user_role_scope" in names
