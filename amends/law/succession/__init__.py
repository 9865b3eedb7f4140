"""Who inherits (상속) and in what shares, by the law in force at each death, as docs/law.md §4 states it.

An award owed to a victim who has died passes to the victim's heirs (상속인); an heir who has died since
passes their portion on to their own heirs, and so on. :func:`succession` takes a family (people with
sex, dates of birth and death and parents; marriages with their dates; who renounced) and returns each
final holder's exact share as a ``Fraction``, the path by which they take, and the points a lawyer
must review.

**The law of the date of death** (Civil Act as enacted 1958 in force 1960-01-01, amended 1977 in force
1979-01-01, amended 1990 in force 1991-01-01; before 1960 the customary law, 관습법) governs each
succession, the decedent's and, for successive inheritance (재상속), each later one under its own
date. :func:`era_of` names the era.

**Order** (Art. 1000): descendants (직계비속), then ascendants (직계존속), then siblings (형제자매),
then collateral relatives (방계혈족). Within an order the nearer degree excludes the farther. The
spouse inherits with the descendants, else with the ascendants, else alone (Art. 1003).

**Weights**, relative to an ordinary son's 1 (Art. 1009 of each era). Inside the engine they are
whole numbers of eighths, so that a share is an exact ratio of integers without ``Fraction``
arithmetic in the inner loop:

============  ======================================================================================
era           weights
============  ======================================================================================
custom        household head's estate: the household-head heir (호주상속인) takes it whole, the
              younger sons' distribution right being a review point (see below); a non-head's
              estate: the children in the household register equally, married-out daughters nothing
1960          son 1; the heir who also succeeds as household head ×1.5; a woman in the register ½;
              a woman not in it (출가녀) ¼; wife ½ with descendants, 1 with ascendants
1979          sons and daughters in the register 1; household-head heir ×1.5; a woman not in the
              register ¼; wife 1.5; husband 1 (unsettled, flagged)
1991          every child, ascendant and sibling 1; spouse 1.5
============  ======================================================================================

The 1960 and 1979 weights of Art. 1009 are written for every co-heir, not only children ("여자의
상속분", "동일가적내에 없는 여자"); docs/law.md tabulates them for children. The engine applies them to
sisters and mothers too and flags every pre-1991 result that goes to ascendants or siblings.

**Representation** (대습상속, Arts. 1001, 1003(2), 1010): a descendant or sibling who would have
inherited but died before the decedent, or on the same day (treated as simultaneous death, Art. 30,
which also means they do not inherit from each other), is replaced by their own descendants and their
spouse, who share that person's portion by the same weights, branch by branch. Before 1991 only a
widow (처) represents; from 1991 any spouse. A spouse who remarried before the decedent died no longer
represents (the in-law tie ends on remarriage, Art. 775(2)).

**Renunciation** (상속포기, Arts. 1041-1043): a renouncing heir is treated as never having been an
heir, and their descendants do not represent them. When every child renounces, the spouse inherits
alone (Supreme Court en banc 2020그42, 2023-03-23, overruling 2013다48852); when there is no spouse
(or the spouse renounced too), the next descendants inherit in their own right (95다27769). The
``renounced`` list names people, not estates: a renouncer is excluded from every succession in the
computation that they survived to inherit from, and the result is flagged when that is more than one.

**Successive inheritance** (재상속): an heir who died after the decedent passes their portion to their
own heirs under the law at their own death, recursively.

**The customary law** (before 1960, Supreme Court 94다36599): every result that rests on it is flagged
for legal review. A household head's estate goes whole to the household-head heir, who alone holds
the claim (share 1); wives and daughters take nothing. The younger sons (the decedent's other sons,
a predeceased one named as such) have a customary right to a distribution from the heir (분재청구권,
about half of the estate among them): a claim against the heir, not a share of the award, reported
as a review point naming them and never split off. A non-head's estate goes in equal parts to the
children not marked ``married_out`` (a predeceased child's descendants in the register by branch);
the spouse takes nothing.

**Flagged for review, computed as stated**: a husband's share before 1991 (docs/law.md: weight 1,
unsettled; the old Art. 1002 may have made him sole heir without descendants); pre-1991 weights of
ascendants and siblings; a predeceased brother's widow representing before 1991 (the 1960-1990 text of
Art. 1003(2) refers to every heir of Art. 1001; docs/law.md names a son's widow); the household-head heir
taking by representation (the 1.5 weight is given along the represented line); a household head
with no heir marked as succeeding him (no 1.5 given); the spouse taking alone because every
ascendant renounced (2020그42 extended by Art. 1043); collateral relatives (only as complete as the
family given); a child born within 300 days after a death, taken as conceived before it (태아,
Art. 1000(3)); half-siblings through the mother before 1991 (96다5421); a renouncer excluded from
more than one estate. Flagged and **not modelled**: stepchildren and a husband's children by another
woman, who were a woman's legal kin from 1960 to 1990 (계모자, 적모서자).

What the engine refuses rather than guesses (:class:`SuccessionUnsupported`, "needs legal review"):
collateral relatives beyond siblings before 1991 (within the 8th degree, with sex and register
weights), the customary law beyond the children and the household-head heir, and any estate for
which the people given include no heir at all (it would pass to a person with a special relation,
특별연고자, or to the state, Arts. 1057-2, 1058).

Shares are exact fractions summing to 1; :func:`allocate` turns them into won by ``floor`` (each heir
``floor(amount × share)``, the remainder left unallocated, as judgments do) or ``largest-remainder``.

The package, lowest module first (a module imports only those above it):

- ``errors``: :class:`SuccessionInputError` and :class:`SuccessionUnsupported`.
- ``family``: the family facts (:class:`Person`, :class:`Marriage`, :class:`Sex`), indexed and checked
  (unknown ids, cycles of parents, two spouses at once, death before birth); :func:`validate`.
- ``allocation``: :func:`allocate` and :class:`Allocation`, the won for each holder.
- ``heirs``: the eras (:class:`Era`, :func:`era_of`) and what every era's rules share: co-heirs'
  weighted groups, renunciation, the unborn, the household-head line, the review flags.
- ``civil_code``: the Civil Act of 1960, 1979 and 1991.
- ``customary``: the customary law before 1960.
- ``estate``: :func:`succession`, which follows each estate to its final holders (재상속), and its
  result, :class:`Succession`.
"""

from amends.law.succession.allocation import Allocation, allocate
from amends.law.succession.errors import SuccessionInputError, SuccessionUnsupported
from amends.law.succession.estate import Succession, succession
from amends.law.succession.family import Marriage, Person, Sex, validate
from amends.law.succession.heirs import Era, era_of

__all__ = [
    "Allocation",
    "Era",
    "Marriage",
    "Person",
    "Sex",
    "Succession",
    "SuccessionInputError",
    "SuccessionUnsupported",
    "allocate",
    "era_of",
    "succession",
    "validate",
]
