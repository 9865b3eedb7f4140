"""Colonial divisions and their successors: a roster's 本籍 (慶尙北道 善山郡) and an application's
address today (경상북도 구미시) on one key.

:func:`~amends.linkage.facts.hometown_key` reads both scripts and both spellings of a division; what
it cannot know is that a county was renamed or merged since (善山郡 is 구미시, 迎日郡 is 포항시, 燕岐郡 is
세종특별자치시). The cited table ``data/colonial_divisions.csv`` says so, and :func:`successor_key`
applies it: each colonial division is keyed as ``hometown_key`` keys it, and maps to the key of its
successor's address. An application that remembers the old name (경상북도 선산군) meets the same key.
"""

import csv
from functools import cache
from pathlib import Path

from amends.linkage.facts import Place, hometown_key

DIVISIONS_FILE = Path(__file__).with_name("data") / "colonial_divisions.csv"


@cache
def _successors() -> tuple[dict[tuple[str, str], tuple[str, str]], dict[str, tuple[str, str]]]:
    """(province, county) of each colonial division → that of its successor; and the same by county
    alone, for a hometown written without its province (only where the county names one division)."""
    by_place: dict[tuple[str, str], tuple[str, str]] = {}
    by_county: dict[str, set[tuple[str, str]]] = {}
    with DIVISIONS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            old = hometown_key(f"{row['colonial_province']} {row['colonial_division']}")
            new = hometown_key(row["successor"])
            target = (new.province or old.province, _stem(new.county))
            by_place[(old.province, old.county)] = target
            by_county.setdefault(old.county, set()).add(target)
    unique = {county: next(iter(targets)) for county, targets in by_county.items() if len(targets) == 1}
    return by_place, unique


def _stem(county: str) -> str:
    # 평양직할시 (North Korea's "directly governed city") keeps its 직할 after hometown_key's suffixes.
    return county.removesuffix("직할")


@cache
def successor_key(text: str) -> Place:
    """The hometown's (province, county, township) with a colonial division replaced by its successor
    today: 慶尙北道 善山郡 海平面, 경상북도 선산군 해평면 and 경상북도 구미시 해평면 are all
    (경북, 구미, 해평)."""
    place = hometown_key(text)
    if not place.county:
        return place
    by_place, by_county = _successors()
    target = by_place.get((place.province, place.county))
    if target is None and not place.province:
        target = by_county.get(place.county)
    county = _stem(place.county)
    if target is None:
        return Place(place.province, county, place.township) if county != place.county else place
    province, county = target
    return Place(province, county, place.township)


def divisions() -> list[dict[str, str]]:
    """The rows of the table, for tests and reports."""
    with DIVISIONS_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))
