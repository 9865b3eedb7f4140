"""A family tree as SVG, laid out by Graphviz's ``dot`` (generations top to bottom).

Each person is a box with their name in Hangul and Hanja and their years of birth and death; the
decedent is outlined, the final holders of the estate are shaded and show their share, the dead are
drawn in grey. Spouses stand side by side, joined by a double line; children hang from each parent.
"""

from datetime import date
from fractions import Fraction

import graphviz

from amends.registry.models import Person
from amends.registry.selectors import Family

# Graphviz reads labels as its own markup: keep names to the characters a name has.
_UNSAFE = str.maketrans({c: "" for c in '<>&"\\{}|'})


def _years(person: Person) -> str:
    born = str(person.birth_date.year) if person.birth_date else "?"
    return f"{born}–{person.death_date.year}" if person.death_date else f"{born}–"


def family_tree_svg(
    *, family: Family, decedent: Person, shares: dict[int, Fraction], died: dict[int, date] | None = None
) -> str:
    """The SVG markup (no XML prolog) of ``family``, highlighting ``decedent`` and the ``shares``."""
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
    svg = graph.pipe(format="svg", encoding="utf-8")
    return svg[svg.index("<svg") :]
