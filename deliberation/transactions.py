"""End a request that only read with COMMIT, so PostgreSQL keeps its prepared statements.

psycopg prepares a statement on the server after its fifth run on a connection, and forgets every
prepared statement whenever the connection rolls back. Flask-SQLAlchemy ends each request with a
rollback, so every page view threw the plans away: the database parsed and planned each query
again, twice the server time per ballot (bench/ballots.py). A transaction that wrote nothing ends
the same way either way, so such a request commits; anything that wrote, queued a change or failed
is still rolled back by Flask-SQLAlchemy's own teardown.
"""
from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from deliberation.live import has_pending_callbacks
from models import db

_WROTE = "agora_wrote"  # on a connection: a statement other than SELECT ran in this transaction
_CONNECTION = "agora_connection"  # on a session: the connection its transaction holds


@event.listens_for(Engine, "before_cursor_execute")
def _note_writes(conn: Connection, _cursor, statement: str, _params, _context, many: bool) -> None:
    """Anything but a plain SELECT counts as a write (WITH, INSERT, SELECT run many times, ...)."""
    if many or statement.lstrip()[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


@event.listens_for(Session, "after_begin")
def _remember_connection(session: Session, _transaction, connection: Connection) -> None:
    connection.info[_WROTE] = False
    session.info[_CONNECTION] = connection


@event.listens_for(Session, "after_transaction_end")
def _forget_connection(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTION, None)


def only_read(session: Session) -> bool:
    """True when the session's transaction has run nothing but SELECTs and holds no changes."""
    connection = session.info.get(_CONNECTION)
    if connection is None or connection.info.get(_WROTE, True):
        return False
    return not (session.new or session.dirty or session.deleted or has_pending_callbacks(session))


def end_read_only_transaction(error: BaseException | None) -> None:
    """Commit a request's transaction that only read; leave everything else to the rollback."""
    session = db.session()
    if error is not None or not only_read(session):
        return
    try:
        session.commit()
    except SQLAlchemyError:  # nothing was written: the rollback that follows loses nothing
        current_app.logger.warning("Could not end a read-only transaction", exc_info=True)


def init_app(app: Flask) -> None:
    """Register after Flask-SQLAlchemy: teardowns run in reverse, so this one runs first."""
    app.teardown_appcontext(end_read_only_transaction)
