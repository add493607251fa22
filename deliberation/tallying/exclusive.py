"""Which projects cannot be built together, as the data says.

Pabulib has no column for this: files using greedy-exclusive explain the conflict in META
`comment`, e.g. "projects 201 and 1932 ... could not be implemented simultaneously" or
"projects 12 and 26 were treated by the city as mutually exclusive". We read the project ids
named after the word "project(s)" in every comment sentence that speaks of exclusion.
The web app can state conflicts without prose in META `exclusive_projects`: groups of ids
separated by '|', ids within a group by ',' (e.g. "201,1932|12,26").
"""

from __future__ import annotations

import re

from .model import Instance

EXCLUSION_WORDS = re.compile(
    r"exclusive|simultaneously|at the same time|cannot be (?:built|implemented|funded) together"
    r"|could not be (?:built|implemented|funded) together|conflict",
    re.IGNORECASE,
)
PROJECT_LIST = re.compile(
    r"\bprojects?\s+([^\s,;]+(?:\s*(?:,|and|or|&)\s*[^\s,;]+)*)", re.IGNORECASE
)
SEPARATOR = re.compile(r"\s*(?:,|\band\b|\bor\b|&)\s*", re.IGNORECASE)


def _sentences(comment: str) -> list[str]:
    """Split a META comment into sentences ('#1:' markers and full stops end them)."""
    parts = re.split(r"#\d+:|(?<=[.!?])\s+", comment)
    return [p.strip() for p in parts if p.strip()]


def _ids_named(sentence: str, known: dict[str, int]) -> list[int]:
    """Project indices named right after 'project(s)' in a sentence."""
    found: list[int] = []
    for match in PROJECT_LIST.finditer(sentence):
        for token in SEPARATOR.split(match.group(1)):
            token = token.strip().rstrip(".:)").lstrip("(#")
            if token in known and known[token] not in found:
                found.append(known[token])
    return found


def _groups_from_comment(instance: Instance) -> list[list[int]]:
    """Exclusion groups described in prose in META comment."""
    groups = []
    for sentence in _sentences(instance.meta.get("comment", "")):
        if EXCLUSION_WORDS.search(sentence):
            named = _ids_named(sentence, instance.index)
            if len(named) > 1:
                groups.append(named)
    return groups


def _groups_from_meta(instance: Instance) -> list[list[int]]:
    """Exclusion groups stated in META exclusive_projects."""
    groups = []
    for chunk in instance.meta.get("exclusive_projects", "").split("|"):
        named = [instance.index[x.strip()] for x in chunk.split(",") if x.strip() in instance.index]
        if len(named) > 1:
            groups.append(named)
    return groups


def exclusion_groups(instance: Instance) -> dict[int, list[int]]:
    """For each project index, the projects it cannot be funded together with."""
    rivals: dict[int, list[int]] = {}
    for group in _groups_from_meta(instance) + _groups_from_comment(instance):
        for p in group:
            rivals.setdefault(p, []).extend(
                q for q in group if q != p and q not in rivals.get(p, [])
            )
    return rivals
