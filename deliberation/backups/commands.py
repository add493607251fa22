"""`flask backup` and `flask restore`: thin commands over the backup services (operator English)."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from deliberation.backups import services
from deliberation.backups.archive import BackupError, Manifest
from deliberation.backups.databases import LABELS


def _size(n: float) -> str:
    """A file size a person reads at a glance."""
    for unit in ("bytes", "KB", "MB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write the database and uploaded photos to one file (safe while the site runs)."""
    try:
        summary = services.create_backup(path)
    except BackupError as error:
        raise click.ClickException(f"{error} No backup was written.") from error
    manifest = summary.manifest
    click.echo(f"Backed up the {LABELS[manifest.database]} database (schema "
               f"{manifest.schema_revision or 'unknown'}) and {summary.uploads} uploaded file(s) "
               f"to {path} ({_size(summary.size)}).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking first.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with a backup and put its photos back, after checking the file whole."""
    where = services.live_database().describe()

    def confirm(manifest: Manifest) -> bool:
        click.echo(f"{path} is a good backup made {manifest.created_at} (schema "
                   f"{manifest.schema_revision or 'unknown'}).")
        return yes or click.confirm(f"Replace {where} with it? Everything written since the "
                                    "backup was made will be lost", default=False)

    try:
        manifest = services.restore_backup(path, confirm)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if manifest is None:
        click.echo("Restore cancelled; nothing was changed.")
        raise click.exceptions.Exit(1)
    click.echo(f"Restored {where} and its uploaded files from {path}, and brought its schema "
               "up to date.")
