"""What every benchmark prints: its figure beside an anchor measured in the same run, and the ratio,
as one row of the README's table (this machine's absolute times vary; the ratio is what counts).

    row("portal status page, 100k claims, SQLite", amends=88.0, anchor=900.0, unit="req/s")
    | portal status page, 100k claims, SQLite | 88.0 req/s | 900.0 req/s | 10.2× |

``higher_is_better``: a rate (requests, entries, rows per second): the ratio is anchor / amends; a
time (seconds): amends / anchor. Either way a ratio of 1× is as fast as the anchor, and more is slower.
"""

from __future__ import annotations


def ratio(amends: float, anchor: float, *, higher_is_better: bool) -> float:
    if higher_is_better:
        return anchor / amends if amends else float("inf")
    return amends / anchor if anchor else float("inf")


def _figure(value: float, unit: str) -> str:
    if value >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.3g} {unit}"


def row(work: str, *, amends: float, anchor: float, unit: str, higher_is_better: bool | None = None) -> str:
    """Print (and return) the table row; ``unit`` ending in "/s" is a rate unless told otherwise."""
    rate = unit.endswith("/s") if higher_is_better is None else higher_is_better
    line = (
        f"| {work} | {_figure(amends, unit)} | {_figure(anchor, unit)} | "
        f"{ratio(amends, anchor, higher_is_better=rate):.1f}× |"
    )
    print(line, flush=True)
    return line
