"""Benchmark of the succession engine: heirs' shares for generated families, on one core.

    .venv/bin/python bench/bench_succession.py [--families 100000] [--seed 1]

Each family has three or four generations: the victim (who died between 1950 and 2023, so every era
occurs) and a spouse; one to five children, some of whom died before the victim and some after; their
spouses and children; and, in half the families, great-grandchildren. About a fifth of the people who
survive the victim die later (successive inheritance) and one in ten children renounces. Before 1991
some daughters are married out and household heads name the household-head heir. Families the engine
refuses (pre-1991 collateral relatives, custom-era gaps) are replaced before timing, and counted.

Generating the families is not timed; computing them is, in this one process (one core): first with
validation (what ``amends calc shares`` and the services pay), then without. Prints families per
second and a checksum of the shares so runs can be compared. Timings on a shared machine vary by a
third from run to run: take the best of a few.
"""

import argparse
import gc
import random
import time
from datetime import date, timedelta

from amends.law.succession import Marriage, Person, SuccessionUnsupported, succession

LAST_DAY = date(2024, 12, 31)


class _Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: list[Person] = []
        self.marriages: list[Marriage] = []
        self.renounced: list[str] = []

    def day(self, after: date, before: date) -> date:
        span = (before - after).days
        return after + timedelta(days=self.rng.randrange(1, span)) if span > 1 else before

    def add(self, person: Person) -> Person:
        self.people.append(person)
        return person

    def later_death(self, born: date, victim_died: date) -> date | None:
        """Alive, or dead some time after the victim (successive inheritance)."""
        if self.rng.random() < 0.2:
            return self.day(max(born, victim_died), LAST_DAY)
        return None

    def spouse_for(self, person: Person, prefix: str, victim_died: date) -> Person | None:
        """Marry ``person`` about 25 years after birth, if both live that long."""
        rng = self.rng
        wed = person.born + timedelta(days=rng.randrange(20 * 365, 30 * 365))
        if (person.died is not None and person.died <= wed) or wed >= LAST_DAY:
            return None
        born = person.born + timedelta(days=rng.randrange(-5 * 365, 5 * 365))
        died = self.later_death(max(born, wed), victim_died)
        if rng.random() < 0.1:
            died = self.day(wed, victim_died) if wed < victim_died else None
        sex = "F" if person.sex == "M" else "M"
        spouse = self.add(Person(id=f"{prefix}S", sex=sex, born=born, died=died))
        self.marriages.append(Marriage((person.id, spouse.id), wed))
        return spouse

    def children(self, father: Person, mother: Person, wed: date, prefix: str, victim: Person, count: int):
        rng = self.rng
        last_birth = min(d for d in (mother.died, father.died, LAST_DAY) if d is not None)
        made = []
        for number in range(1, count + 1):
            born = wed + timedelta(days=rng.randrange(300, 20 * 365))
            if born >= last_birth:
                break
            sex = rng.choice("MF")
            if victim.died > born and rng.random() < 0.12:
                died = self.day(born, victim.died)  # died before the victim: representation
            else:
                died = self.later_death(max(born, victim.died), victim.died)
            married_out = sex == "F" and victim.died.year < 1991 and rng.random() < 0.5
            made.append(
                self.add(
                    Person(
                        id=f"{prefix}{number}",
                        sex=sex,
                        born=born,
                        died=died,
                        parents=(father.id, mother.id),
                        married_out=married_out,
                    )
                )
            )
        return made


def generate_family(rng: random.Random) -> dict:
    """One family as the keyword arguments of :func:`succession`."""
    builder = _Builder(rng)
    victim_born = date(1900, 1, 1) + timedelta(days=rng.randrange(50 * 365))
    victim_died = max(
        date(1950, 1, 1) + timedelta(days=rng.randrange(74 * 365)), victim_born + timedelta(days=30 * 365)
    )
    head = victim_died.year < 1991 and rng.random() < 0.6
    victim = builder.add(
        Person(id="V", sex="M", born=victim_born, died=victim_died, household_head=head),
    )
    wife = builder.spouse_for(victim, "V", victim_died)
    if wife is None:
        return {"decedent": "V", "people": builder.people, "marriages": builder.marriages, "renounced": []}
    wed = builder.marriages[0].start
    children = builder.children(victim, wife, wed, "C", victim, rng.randint(1, 5))
    if head:
        sons = [c for c in children if c.sex == "M" and (c.died is None or c.died > victim_died)]
        if sons:
            position = builder.people.index(sons[0])
            builder.people[position] = Person(**{**_fields(sons[0]), "household_head_heir": True})
    generations = rng.choice((3, 4))
    for child in list(children):
        if (child.died is None or child.died > victim_died) and rng.random() < 0.1:
            builder.renounced.append(child.id)
        spouse = builder.spouse_for(child, child.id, victim_died)
        if spouse is None:
            continue
        father, mother = (child, spouse) if child.sex == "M" else (spouse, child)
        grandchildren = builder.children(
            father, mother, builder.marriages[-1].start, f"{child.id}.", victim, rng.randint(0, 3)
        )
        if generations == 4:
            for grandchild in grandchildren:
                partner = builder.spouse_for(grandchild, grandchild.id, victim_died)
                if partner is None:
                    continue
                father, mother = (grandchild, partner) if grandchild.sex == "M" else (partner, grandchild)
                builder.children(
                    father,
                    mother,
                    builder.marriages[-1].start,
                    f"{grandchild.id}.",
                    victim,
                    rng.randint(0, 2),
                )
    return {
        "decedent": "V",
        "people": builder.people,
        "marriages": builder.marriages,
        "renounced": builder.renounced,
    }


def _fields(person: Person) -> dict:
    return {name: getattr(person, name) for name in Person.__slots__}


def generate(count: int, seed: int) -> tuple[list[dict], int]:
    """``count`` families the engine computes, and how many generated ones it refused."""
    rng = random.Random(seed)
    families = []
    refused = 0
    while len(families) < count:
        family = generate_family(rng)
        try:
            succession(**family)
        except SuccessionUnsupported:
            refused += 1
            continue
        families.append(family)
    return families, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    families, refused = generate(arguments.families, arguments.seed)
    people = sum(len(f["people"]) for f in families)
    later = sum(
        1 for f in families for p in f["people"][1:] if p.died is not None and p.died > f["people"][0].died
    )
    renounced = sum(len(f["renounced"]) for f in families)
    count = len(families)
    print(
        f"families: {count:,} ({people / count:.1f} people, {later / count:.2f} later deaths, "
        f"{renounced / count:.2f} renunciations each; {refused:,} refused and replaced)"
    )

    # The generated families (a million objects) are input, not work: settle them in the oldest
    # generation and out of the collector's way, or the first timed loop pays for scanning them.
    # Results are not kept, for the same reason.
    gc.collect()
    gc.freeze()
    started = time.perf_counter()
    for family in families:
        succession(**family)
    checked = time.perf_counter() - started
    print(f"shares, validated: {count / checked:,.0f} families/s ({checked:.2f} s)")

    started = time.perf_counter()
    for family in families:
        succession(**family, check=False)
    computed = time.perf_counter() - started
    print(f"shares, input validated beforehand: {count / computed:,.0f} families/s ({computed:.2f} s)")

    checksum = sum(
        share.numerator * 1_000_000 // share.denominator
        for family in families[:10_000]
        for share in succession(**family).shares.values()
    )
    print(f"checksum (the first 10,000 families' shares in millionths, summed): {checksum:,}")


if __name__ == "__main__":
    main()
