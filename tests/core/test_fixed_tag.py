"""``{% fixed %}``: a part of a page that is the same for every request in a language, rendered once per
language (issue 14). It must never show one reader what was rendered for another: it sees none of the
page's variables, and the language and URL prefix it was rendered for are part of what it is kept by."""

from django.template import engines
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import translation

from amends.core.templatetags.fixed import KEPT, FixedNode

PAGE = engines["django"].from_string(
    "{% load i18n fixed %}{% fixed %}<h1>{% translate 'Your claim' %}</h1>"
    "<a href=\"{% url 'portal:lookup' %}\">{% get_current_language as language %}{{ language }}</a>"
    "{% endfixed %}<p>{{ number }}</p>"
)


def render(language: str, number: str = "AM-1") -> str:
    with translation.override(language):
        return PAGE.render({"number": number})


def test_each_language_gets_its_own_fixed_part_and_every_page_its_own_values():
    assert render("ko") == '<h1>내 청구</h1><a href="/portal/">ko</a><p>AM-1</p>'
    assert render("ja") == '<h1>あなたの請求</h1><a href="/portal/">ja</a><p>AM-1</p>'
    assert render("en", "AM-2") == '<h1>Your claim</h1><a href="/portal/">en</a><p>AM-2</p>'
    # asked again, in the language first rendered, after the others
    assert render("ko", "AM-3") == '<h1>내 청구</h1><a href="/portal/">ko</a><p>AM-3</p>'


def test_a_fixed_part_is_kept_per_url_prefix():
    assert render("en").startswith('<h1>Your claim</h1><a href="/portal/">')
    set_script_prefix("/amends/")
    try:
        assert render("en").startswith('<h1>Your claim</h1><a href="/amends/portal/">')
    finally:
        set_script_prefix("/")
    assert render("en").startswith('<h1>Your claim</h1><a href="/portal/">')


def test_a_fixed_part_sees_none_of_the_pages_variables_nor_the_request():
    page = engines["django"].from_string(
        "{% load fixed %}{% fixed %}[{{ number }}|{{ request.path }}|{% csrf_token %}]{% endfixed %}"
        "{{ number }}"
    )
    request = RequestFactory().get("/portal/status/")

    with translation.override("en"):
        rendered = page.render({"number": "AM-1"}, request)

    # what a reader's request holds never enters the part kept for every reader
    assert rendered == "[||]AM-1"


def test_a_fixed_part_keeps_a_bounded_number_of_renderings_and_stays_right_past_it():
    page = engines["django"].from_string("{% load fixed %}{% fixed %}{% url 'portal:lookup' %}{% endfixed %}")
    (node,) = page.template.nodelist.get_nodes_by_type(FixedNode)
    try:
        for n in range(KEPT + 8):
            set_script_prefix(f"/p{n}/")
            with translation.override("en"):
                assert page.render({}) == f"/p{n}/portal/"
    finally:
        set_script_prefix("/")

    # prefixes a WSGI environment may carry never grow what a part keeps without bound
    assert len(node.rendered) == KEPT
