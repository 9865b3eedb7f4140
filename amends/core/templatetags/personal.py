"""Template filters that show personal data masked (:mod:`amends.core.crypto`): a page never prints
an account number or a resident registration number in full unless a finance officer asked to see it
(and that was recorded)."""

from django import template

from amends.core.crypto import mask_account, mask_rrn
from amends.core.roles import DOCUMENT_READERS

register = template.Library()


@register.filter
def masked_account(value: str | None) -> str:
    """``123-456-7890`` → ``***-***-7890``."""
    return mask_account(value) if value else ""


@register.filter
def masked_rrn(value: str | None) -> str:
    """``900101-1234567`` → ``900101-1******``."""
    return mask_rrn(value) if value else ""


@register.filter
def reads_documents(user_roles) -> bool:
    """``{% if user_roles|reads_documents %}``: whether the reader may open family certificates and
    letters (``roles.DOCUMENT_READERS``), so that a page links them only for those it would not 403."""
    return bool(set(user_roles or ()) & set(DOCUMENT_READERS))
