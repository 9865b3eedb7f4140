"""``{% fixed %} … {% endfixed %}``: a part of a template that is the same on every page in a language
(headings, labels, links, the stylesheet's address), rendered once per language and then reused.

Django's template engine spends microseconds on every tag: a ``{% translate %}`` makes a lazy string,
looks up the active language and escapes the result; a ``{% url %}`` reverses the pattern; a
``{% static %}`` reads the manifest. On the families' portal, which renders the same headings for every
claim, that was most of the status page's time (issue 14). A fixed part is rendered the first time a
page in a language needs it and kept on its node for the life of the process.

What it may hold is enforced, not trusted: its content is rendered with an empty context (the page's
variables, the request and the CSRF token are not there, so ``{{ status.number }}`` or
``{% csrf_token %}`` inside it comes out empty, which the page's tests see). It may use the active
language (``{% translate %}``, ``{% get_current_language %}``), ``{% url %}`` and ``{% static %}``,
which are the same for every request of a process; the URL prefix and URLconf are part of the key
(``SCRIPT_NAME`` and a request's own ``urlconf`` change what ``{% url %}`` gives). Nothing read from
settings that a test may change, such as the foundation's contact details, belongs inside.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = template.Library()

# The most renderings one fixed part keeps (languages × URL prefixes × URLconfs).
KEPT = 32


class FixedNode(template.Node):
    # Not searched for blocks: a page extending this template walks the parent's nodes on every render
    # to find its blocks, and a block inside a fixed part could not differ from page to page anyway.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        # Rendered text by (language, URL prefix, URLconf): a few entries per node. The cached
        # template loader keeps the node, and with it these, as long as the template is kept.
        self.rendered: dict[tuple, str] = {}

    def render(self, context: template.Context) -> str:
        key = (get_language(), get_script_prefix(), get_urlconf())
        text = self.rendered.get(key)
        if text is None:
            # context.new(): the same engine and autoescaping, none of the page's variables.
            text = self.nodelist.render(context.new())
            # A few languages and prefixes in practice; the prefix can come from the WSGI server's
            # environment, so never keep more than a bound, whatever requests arrive.
            if len(self.rendered) < KEPT:
                self.rendered[key] = text
        return text


@register.tag
def fixed(parser: template.base.Parser, token: template.base.Token) -> FixedNode:
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("'fixed' takes no arguments")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)
