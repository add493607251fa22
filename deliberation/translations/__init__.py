"""Translations of what people wrote: added by authors, staff or approved volunteers; originals rule."""
