"""A person's names in every script they have on record, as every page shows them:
``{{ person|names }}`` (``registry/_names.html``). Written here in Python rather than as a template: a
case's summary writes a row per award (issue 14), and the template engine took 80 µs a name."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def names(person) -> SafeString:
    """The Hangul name, then the Hanja, the Japanese (with its reading) and the romanised ones that are
    recorded, each marked with its language; every name escaped."""
    parts = [format_html('<span class="names"><span lang="ko">{}</span>', person.name_hangul)]
    if person.name_hanja:
        parts.append(format_html(' <span class="other" lang="ko">{}</span>', person.name_hanja))
    if person.name_japanese:
        reading = ""
        if person.name_japanese_reading:
            reading = format_html(" ({})", person.name_japanese_reading)
        parts.append(format_html(' <span class="other" lang="ja">{}{}</span>', person.name_japanese, reading))
    if person.name_romanized:
        parts.append(format_html(' <span class="other" lang="en">{}</span>', person.name_romanized))
    parts.append("</span>")
    return SafeString("".join(parts))
