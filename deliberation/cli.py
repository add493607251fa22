"""Command-line tasks: demo data and the first admin."""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import select

from deliberation.admin.services import grant_role
from deliberation.backups.commands import backup_command, restore_command
from deliberation.budgeting.processes import refresh_phase
from deliberation.demo import load_demo
from deliberation.errors import PolicyError
from deliberation.notifications.services import send_digests
from models import Process, Role, User, db


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)

    @app.cli.command("demo")
    def demo_command():
        """Load demo neighbourhoods and accounts (safe to run twice)."""
        with app.test_request_context(base_url=app.config["BASE_URL"]):  # links in demo mails
            rows = load_demo()
        click.echo("Demo data is loaded. Log in at http://127.0.0.1:5000/login with:")
        width = max(len(r[0]) for r in rows)
        for role, email, password in rows:
            click.echo(f"  {role:<{width}}  {email:<26}  {password}")

    @app.cli.command("advance-phases")
    def advance_phases_command():
        """Move every process whose phase dates have passed (run it from cron every few minutes)."""
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            moved = [p.title for p in db.session.scalars(select(Process)) if refresh_phase(p)]
            db.session.commit()
        click.echo(f"Moved {len(moved)} process(es)" + (": " + ", ".join(moved) if moved else "."))

    @app.cli.command("send-digests")
    def send_digests_command():
        """Email today's notices to those who asked for a daily digest (run it from cron daily)."""
        with app.test_request_context(base_url=app.config["BASE_URL"]):
            sent = send_digests()
            db.session.commit()
        click.echo(f"Sent {sent} digest(s).")

    @app.cli.command("make-admin")
    @click.argument("email")
    def make_admin_command(email: str):
        """Grant the admin role to an existing account (to bootstrap a real site)."""
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise click.ClickException(f"No account uses {email}; register it first.")
        try:
            grant_role(user, user, Role.ADMIN, None)
        except PolicyError as error:
            raise click.ClickException(error.message) from error
        db.session.commit()
        click.echo(f"{user.display_name} is now an admin.")
