"""Lists that can grow past a page: sorted on the server by a column the reader clicks
(``?sort=date``, ``?sort=-date`` for the reverse) and paged with Django's :class:`Paginator`, every
link keeping the page's other parameters (its filters).

Only the columns a view names can sort (``columns``: each key maps to the fields it orders by), so
no ordering is ever taken from what was typed: an unknown ``sort`` is ignored and the view's default
order stands. Every order ends with the primary key, so that rows that tie keep one order from page
to page. Several lists on one page keep apart by a ``prefix`` (``?contributions-sort=…``).

The template shows the header with ``core/_table_head.html`` and the page links with
``core/_pages.html``; a page reads its rows in the queries of one page, whatever the number of rows
(the count and the page's slice).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

PER_PAGE = 50


@dataclass(frozen=True)
class Column:
    """A column's header. ``sort``: the key ``?sort=`` names it by, or ``""`` for a column that does
    not sort; ``num``: a figure (right-aligned)."""

    label: str
    sort: str = ""
    num: bool = False


@dataclass(frozen=True)
class Header:
    label: str
    url: str  # "" where the column does not sort
    sorted: str  # "ascending", "descending" or "" (the header's aria-sort)
    num: bool


@dataclass(frozen=True)
class Table:
    page: Page
    headers: list[Header]
    sort: str  # the key in force, "-" first when descending
    prefix: str
    _query: QueryDict

    def page_url(self, number: int) -> str:
        query = self._query.copy()
        query[self.prefix + "page"] = str(number)
        return "?" + query.urlencode()

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else ""

    @property
    def rows(self):
        return self.page.object_list


def _reversed(field: str) -> str:
    return field[1:] if field.startswith("-") else "-" + field


def table(
    request: HttpRequest,
    rows: QuerySet,
    *,
    columns: list[Column],
    orders: dict[str, tuple[str, ...]],
    default: str,
    per_page: int = PER_PAGE,
    prefix: str = "",
) -> Table:
    """One page of ``rows`` in the order ``?sort=`` asks for among ``orders`` (a key → the fields
    it orders by, ascending; ``-key`` reverses every one of them), else in ``default``'s."""
    param, page_param = prefix + "sort", prefix + "page"
    asked = request.GET.get(param, "")
    sort = asked if asked.removeprefix("-") in orders else default
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    fields = [*orders[key], "pk"]
    ordered = rows.order_by(*(map(_reversed, fields) if descending else fields))
    page = Paginator(ordered, per_page).get_page(request.GET.get(page_param))

    kept = request.GET.copy()  # the filters, and the other lists' sort and page
    kept.pop(page_param, None)
    headers = []
    for column in columns:
        url, state = "", ""
        if column.sort:
            query = kept.copy()
            here = column.sort == key
            query[param] = f"-{key}" if here and not descending else column.sort
            url = "?" + query.urlencode()
            state = ("descending" if descending else "ascending") if here else ""
        headers.append(Header(str(column.label), url, state, column.num))
    return Table(page, headers, sort, prefix, kept)
