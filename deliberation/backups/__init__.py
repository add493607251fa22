"""Backups: one file with the database, the uploaded photos and a manifest, and its restore."""
