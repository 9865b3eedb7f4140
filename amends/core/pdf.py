"""Letters and receipts as PDF, rendered by WeasyPrint from ordinary Django templates.

A PDF template extends ``pdf/base.html``, which sets the page (A4, margins, page numbers) and the
fonts: Noto Sans CJK (Debian's fonts-noto-cjk, installed by ``scripts/system-deps``) carries Hangul,
Hanja and kana, so text in any of the three languages, or mixed in one line, renders and extracts
as written. The language is set for the rendering alone, whatever the request's language was.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, language: str) -> bytes:
    """Render ``template_name`` in ``language`` to PDF bytes."""
    import weasyprint  # imported here: it loads Pango, which only the PDF paths need

    with translation.override(language):
        html = render_to_string(template_name, {**context, "pdf_language": language})
    return weasyprint.HTML(string=html).write_pdf()


def pdf_text(pdf: bytes) -> str:
    """The text a reader (or a court's clerk) would extract from the PDF, page by page."""
    import io

    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
