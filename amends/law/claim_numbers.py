"""Claim numbers: ``AM-7KQD-M2XPH``, eight random characters of an alphabet read off paper without
confusion and a check character.

Every claim file has its number from the day it is opened (:class:`amends.payments.models.Claim`), so
that every letter about it carries it; the families' portal opens a claim by the same number. Numbers
are random, not sequential, so knowing one tells nothing about another.
"""

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
NUMBER_LENGTH = 8
_FORM = re.compile(rf"AM-([{CODE_ALPHABET}]{{4}})-([{CODE_ALPHABET}]{{4}})([{CODE_ALPHABET}])")


def check_character(body: str) -> str:
    """A character of :data:`CODE_ALPHABET` computed from ``body`` (a position-weighted sum modulo the
    alphabet's size): most mistyped or swapped characters change it."""
    total = sum((position + 1) * CODE_ALPHABET.index(char) for position, char in enumerate(body))
    return CODE_ALPHABET[total % len(CODE_ALPHABET)]


def draw() -> str:
    """A random claim number (uniqueness is the database's: see ``payments.services.claim_open``)."""
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(NUMBER_LENGTH))
    return f"AM-{body[:4]}-{body[4:]}{check_character(body)}"


def is_well_formed(number: str) -> bool:
    """Whether ``number`` has the form and check character of :func:`draw`."""
    match = _FORM.fullmatch(number)
    return match is not None and check_character(match[1] + match[2]) == match[3]
