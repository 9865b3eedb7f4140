"""Charts drawn on the server as inline SVG, with axes, ticks, labels, a title and a description:
readable without JavaScript, by a screen reader (``<title>``/``<desc>``, and each page keeps the
table of the same figures) and under the site's Content-Security-Policy.

Hand-written, and kept small, because the libraries made for this do not fit the CSP: pygal (3.1)
always writes an inline ``<script>`` (its configuration), a ``<style>`` block and ``style=""``
attributes into the SVG, each refused by a policy without ``'unsafe-inline'``; matplotlib's SVG
backend writes ``style=""`` on every element and would bring a dozen megabytes of wheels to draw
bars and two lines. Here every colour and size is an SVG presentation attribute (``fill=``,
``stroke=``), which the CSP allows. What is drawn is data (:class:`Chart`); the template
``core/_chart.html`` turns it into SVG, escaping every text.

Two kinds: :func:`month_bars` (an amount per calendar month: bars of at most :data:`MAX_BAR`
units wide, so one month is a bar, not a block across the page) and :func:`date_lines` (amounts on
dates, as lines with a dot at each point, so a single point still shows). The amount axis starts at
zero and ends on a round number; its ticks are whole won with thousands separators.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 720, 280
# Room for the amount labels (up to 16 digits with separators), the date labels and the title.
LEFT, RIGHT, TOP, BOTTOM = 112, 16, 36, 44
MAX_BAR = 40
Y_TICKS = 5


@dataclass(frozen=True)
class Tick:
    at: float  # x or y in the viewBox
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # what a pointer's tooltip (the bar's own <title>) says


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    points: list[Point]
    dashed: bool = False

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Chart:
    """Everything the SVG shows, in a ``viewBox`` of ``width`` × ``height``; the plot is the box
    ``left``–``right`` × ``top``–``bottom``."""

    id: str
    title: str
    desc: str
    x_label: str
    y_label: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    marker: Tick | None = None  # a vertical line with its label (the day the money runs out)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def title_x(self) -> float:
        return self.width / 2


def won(amount: int) -> str:
    return f"{amount:,}"


def nice_ceiling(value: int, ticks: int = Y_TICKS) -> tuple[int, int]:
    """``(top, step)``: the amount axis from 0 to ``top`` in ``ticks`` or fewer steps of a round size
    (1, 2, 2.5 or 5 times a power of ten, whole won), with ``top`` ≥ ``value``."""
    value = max(value, 1)
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step == int(step) and step * ticks >= value:
            break
    step = max(int(step), 1)
    return step * math.ceil(value / step), step


def _amount_axis(peak: int, top: int, bottom: int) -> tuple[list[Tick], callable]:
    axis_top, step = nice_ceiling(peak)

    def y(amount: int) -> float:
        return round(bottom - (bottom - top) * max(amount, 0) / axis_top, 2)

    return [Tick(y(amount), won(amount)) for amount in range(0, axis_top + 1, step)], y


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_bars(
    months: Sequence[tuple[date, int]], *, id: str, title: str, desc: str, x_label: str, y_label: str
) -> Chart:
    """A bar per month with an amount (``(first of the month, amount)``, oldest first), on an axis
    of every month from the first to the last. Up to 12 months each month is labelled (``2024-03``);
    over more, each January (or the first month) is labelled with its year."""
    chart = Chart(id, title, desc, x_label, y_label, [], [])
    if not months:
        return chart
    first, last = _month_index(months[0][0]), _month_index(months[-1][0])
    slots = last - first + 1
    slot = (chart.right - chart.left) / slots
    width = min(slot * 0.7, MAX_BAR)
    y_ticks, y = _amount_axis(max(amount for _, amount in months), chart.top, chart.bottom)

    def centre(index: int) -> float:
        return round(chart.left + (index - first + 0.5) * slot, 2)

    bars = [
        Bar(
            x=round(centre(_month_index(month)) - width / 2, 2),
            y=y(amount),
            width=round(width, 2),
            height=round(chart.bottom - y(amount), 2),
            label=f"{month:%Y-%m}: {won(amount)}",
        )
        for month, amount in months
    ]
    if slots <= 12:
        x_ticks = [Tick(centre(i), f"{_month(i):%Y-%m}") for i in range(first, last + 1)]
    else:
        years = [i for i in range(first, last + 1) if i % 12 == 0 or i == first]
        every = math.ceil(len(years) / 10)  # at most ten year labels
        x_ticks = [Tick(centre(i), str(_month(i).year)) for i in years[::every]]
    return Chart(id, title, desc, x_label, y_label, x_ticks, y_ticks, bars=bars)


def date_lines(
    series: Sequence[tuple[str, str, bool, Sequence[tuple[date, int]]]],
    *,
    id: str,
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
    marker: tuple[date, str] | None = None,
) -> Chart:
    """Lines of amounts on dates: ``series`` is ``(name, colour, dashed, [(date, amount), …])``. The
    date axis is labelled by year (at most ten labels), or by quarter where it spans two years or
    less; ``marker`` draws a vertical line at a date, with its label."""
    chart = Chart(id, title, desc, x_label, y_label, [], [])
    days = [day for *_, points in series for day, _ in points]
    if not days:
        return chart
    start, end = min(days), max(days)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        if start == end:  # one date: in the middle
            return round((chart.left + chart.right) / 2, 2)
        return round(chart.left + (chart.right - chart.left) * (day - start).days / span, 2)

    y_ticks, y = _amount_axis(
        max(amount for *_, points in series for _, amount in points), chart.top, chart.bottom
    )
    lines = [
        Line(
            name,
            colour,
            [Point(x(day), y(amount), f"{name} {day:%Y-%m-%d}: {won(amount)}") for day, amount in points],
            dashed,
        )
        for name, colour, dashed, points in series
    ]
    if (end - start).days <= 2 * 366:
        quarters = range(_month_index(start) + (-_month_index(start)) % 3, _month_index(end) + 1, 3)
        x_ticks = [Tick(x(_month(i)), f"{_month(i):%Y-%m}") for i in quarters]
    else:
        years = list(range(start.year + (start > date(start.year, 1, 1)), end.year + 1))
        every = math.ceil(len(years) / 10)
        x_ticks = [Tick(x(date(year, 1, 1)), str(year)) for year in years[::every]]
    if not x_ticks:  # a span inside one quarter: its ends
        x_ticks = [Tick(x(start), f"{start:%Y-%m-%d}")] + (
            [Tick(x(end), f"{end:%Y-%m-%d}")] if end != start else []
        )
    mark = Tick(x(marker[0]), marker[1]) if marker and start <= marker[0] <= end else None
    return Chart(id, title, desc, x_label, y_label, x_ticks, y_ticks, lines=lines, marker=mark)
