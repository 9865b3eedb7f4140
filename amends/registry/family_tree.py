"""A family tree as SVG, laid out by Graphviz's ``dot`` (generations top to bottom).

Each person is a box with their name in Hangul and Hanja and their years of birth and death; the
decedent is outlined, the final holders of the estate are shaded and show their share, the dead are
drawn in grey. Spouses stand side by side, joined by a double line; children hang from each parent.

A tree is drawn once for each state of its family and kept in Django's cache under a digest of
everything it shows (:func:`_key`: each person's names, dates and share, the links and marriages, who
is outlined; a changed name, date, link or share is another tree, drawn anew), computed from those
values rather than from the Graphviz source, which costs more to build than the rest of a page's
award (issue 14); the source is built only for the trees the cache lacks, all drawn in one run of
``dot``.
"""

import hashlib
import re
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import NamedTuple

import graphviz
from django.core.cache import cache

from amends.registry.models import Person
from amends.registry.selectors import Family

# Graphviz reads labels as its own markup: keep names to the characters a name has.
_UNSAFE = str.maketrans({c: "" for c in '<>&"\\{}|'})


def _years(person: Person) -> str:
    born = str(person.birth_date.year) if person.birth_date else "?"
    return f"{born}–{person.death_date.year}" if person.death_date else f"{born}–"


# A tree never changes for its key; it leaves the cache only when unused for this long.
CACHE_SECONDS = 60 * 60 * 24 * 30
_PROLOG = re.compile(r"<\?xml\b")
# What dot numbers by the graph's place in its run (the graph's id and its anonymous name): each
# tree is written as the first of a run, whatever run drew it, so that it is the same tree.
_RUN_NUMBERED = (
    (re.compile(r'<g id="page\d+,\d+_graph0"'), '<g id="graph0"'),
    (re.compile(r'(<g id="graph0" class="graph"[^>]*>\n<title>)%\d+(</title>)'), r"\g<1>%3\g<2>"),
)


class Tree(NamedTuple):
    """What a tree shows: ``family``, with ``decedent`` outlined and the holders' ``shares``."""

    family: Family
    decedent: Person
    shares: dict[int, Fraction]
    died: dict[int, date] | None = None


def family_tree_svg(
    *, family: Family, decedent: Person, shares: dict[int, Fraction], died: dict[int, date] | None = None
) -> str:
    """The SVG markup (no XML prolog) of ``family``, highlighting ``decedent`` and the ``shares``."""
    return family_trees_svg([Tree(family, decedent, shares, died)])[0]


def family_trees_svg(trees: Sequence[Tree]) -> list[str]:
    """The SVG markup of each of ``trees``, in order: from the cache, or drawn (all that are missing in
    one run of ``dot``) and cached."""
    keys = [_key(tree) for tree in trees]
    found = cache.get_many(keys)
    missing = list(dict.fromkeys(key for key in keys if key not in found))
    if missing:
        source_of = {key: _source(tree) for key, tree in zip(keys, trees, strict=True) if key in missing}
        # dot draws every graph of its input in turn, each an SVG document of its own.
        out = graphviz.pipe("dot", "svg", "".join(source_of[key] for key in missing).encode())
        documents = [part for part in _PROLOG.split(out.decode("utf-8")) if "<svg" in part]
        drawn = {key: _first(svg[svg.index("<svg") :]) for key, svg in zip(missing, documents, strict=True)}
        cache.set_many(drawn, CACHE_SECONDS)
        found |= drawn
    return [found[key] for key in keys]


def _first(svg: str) -> str:
    for pattern, replacement in _RUN_NUMBERED:
        svg = pattern.sub(replacement, svg, count=1)
    return svg


# Bump when _source draws differently, so that trees drawn by the previous code are not shown.
DRAWING_VERSION = 1


def _key(tree: Tree) -> str:
    """The cache key of ``tree``: a digest of every value :func:`_source` reads, in a fixed order."""
    family, decedent, shares, died = tree
    died = died or {}
    state = (
        DRAWING_VERSION,
        decedent.pk,
        [
            (pk, p.name_hangul, p.name_hanja, p.birth_date, p.death_date, pk in died)
            for pk, p in sorted(family.people.items())
        ],
        [(m.spouse_a_id, m.spouse_b_id, m.ended_on is None) for m in family.marriages],
        sorted((child, tuple(parents)) for child, parents in family.parents.items()),
        sorted(shares.items()),
    )
    return "amends:family-tree:" + hashlib.sha256(repr(state).encode()).hexdigest()


def _source(tree: Tree) -> str:
    """The Graphviz source of ``tree``."""
    family, decedent, shares, died = tree
    graph = graphviz.Digraph(
        graph_attr={"rankdir": "TB", "nodesep": "0.3", "ranksep": "0.5", "bgcolor": "transparent"},
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": "Noto Sans CJK KR",
            "fontsize": "11",
        },
        edge_attr={"color": "#5b6472", "arrowhead": "none"},
    )
    # Oldest first, so that siblings stand in order of birth.
    people = sorted(family.people.items(), key=lambda item: (item[1].birth_date or date.min, item[0]))
    for pk, person in people:
        label = f"{person.name_hangul} {person.name_hanja}".strip().translate(_UNSAFE)
        label += f"\n{_years(person)}"
        dead = person.death_date is not None or (died and pk in died)
        fill, font, pen = ("#eef0f3", "#5b6472", "1") if dead else ("#ffffff", "#1b1f24", "1")
        if pk in shares:
            share = shares[pk]
            label += f"\n{share.numerator}/{share.denominator}" if share != 1 else "\n1"
            fill = "#d7ecf8"
        if pk == decedent.pk:
            pen = "2.5"
        graph.node(f"p{pk}", label, fillcolor=fill, fontcolor=font, penwidth=pen, id=f"person{pk}")
    for marriage in family.marriages:
        with graph.subgraph() as same:
            same.attr(rank="same")
            same.edge(
                f"p{marriage.spouse_a_id}",
                f"p{marriage.spouse_b_id}",
                color="#5b6472:#5b6472" if marriage.ended_on is None else "#b0b6bf",
                style="solid" if marriage.ended_on is None else "dashed",
                constraint="false",
            )
    for child, parents in sorted(family.parents.items()):
        for parent in parents:
            graph.edge(f"p{parent}", f"p{child}")
    return graph.source
