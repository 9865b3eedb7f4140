"""The customary law (관습법) before 1960, always flagged for legal review: a household head's estate
goes whole to the household-head heir, the younger sons' distribution right (분재청구권) being a review
point and never a share; anyone else's goes to the children in the register."""

from __future__ import annotations

from datetime import date

from amends.law.messages import Message, gettext_noop
from amends.law.succession.errors import SuccessionUnsupported
from amends.law.succession.family import _NONE
from amends.law.succession.heirs import _descendant, _Distribution, _flatten, _Group, _Heirs


class _CustomaryLaw(_Heirs):
    """The customary law over a family; a mixin of the resolver."""

    __slots__ = ()

    # -- the customary law (before 1960) -----------------------------------------------------------

    def _custom(self, decedent: str, died: date) -> _Distribution:
        person = self.person
        if person[decedent].household_head:
            line = self._head_line(decedent, died)
            if not line:
                raise SuccessionUnsupported(
                    f"{self.family.row(decedent)}.household_head",
                    Message(
                        gettext_noop(
                            "%(decedent)s headed a household under the customary law (%(when)s) and no "
                            "surviving descendant is marked household_head_heir: not supported, needs legal "
                            "review"
                        ),
                        decedent=decedent,
                        when=self._when(decedent),
                    ),
                )
            heir = next(p for p in line if person[p].household_head_heir and self.died[p] > died)
            self.flag(
                Message(
                    gettext_noop(
                        "custom era (%(when)s): the household-head heir %(heir)s takes the household head's "
                        "whole estate and alone holds the claim; wives and daughters take nothing: legal "
                        "review required"
                    ),
                    when=self._when(decedent),
                    heir=heir,
                )
            )
            younger = self._younger_sons(decedent, died, line)
            if younger:
                template = (
                    gettext_noop(
                        "custom era (%(when)s): the younger sons %(younger)s have a customary right to a "
                        "distribution from %(heir)s (분재청구권, about half of the estate among the younger "
                        "sons); it is a claim against %(heir)s, not a share of the award, which is not split "
                        "for it: legal review required"
                    )
                    if len(younger) > 1
                    else gettext_noop(
                        "custom era (%(when)s): the younger son %(younger)s has a customary right to a "
                        "distribution from %(heir)s (분재청구권, about half of the estate among the younger "
                        "sons); it is a claim against %(heir)s, not a share of the award, which is not split "
                        "for it: legal review required"
                    )
                )
                self.flag(Message(template, when=self._when(decedent), younger=tuple(younger), heir=heir))
            return 1, [(heir, 1, "household-head heir (custom)")]
        self.flag(
            Message(
                gettext_noop(
                    "custom era (%(when)s): %(decedent)s was not a household head; the estate goes to the "
                    "children in the household register in equal parts (predeceased children's descendants "
                    "by branch), married-out daughters and the spouse taking nothing: legal review required"
                ),
                when=self._when(decedent),
                decedent=decedent,
            )
        )
        represented = self._represent_custom(decedent, died, decedent, 0, "")
        if represented is None:
            raise SuccessionUnsupported(
                self.family.row(decedent),
                Message(
                    gettext_noop(
                        "%(decedent)s left no child in the household register under the customary law "
                        "(%(when)s): the spouse, ascendants or household head would inherit, not supported, "
                        "needs legal review"
                    ),
                    decedent=decedent,
                    when=self._when(decedent),
                ),
            )
        return represented

    def _younger_sons(self, decedent: str, died: date, line: set[str]) -> list[str]:
        """The household head's sons outside the household-head heir's line, named for the review
        point on their distribution right (a predeceased one as such), sorted."""
        named = []
        for son in self.children.get(decedent, _NONE):
            if self.person[son].sex != "M" or son in line:
                continue
            if self.died[son] <= died:
                named.append(f"{son} (died before {decedent})")
            elif not self._unborn(son, died, decedent):
                named.append(son)
        return sorted(named)

    def _represent_custom(
        self, root: str, died: date, decedent: str, depth: int, representing: str
    ) -> _Distribution | None:
        """Equal shares among ``root``'s children in the register, predeceased ones by branch."""
        groups: list[_Group] = []
        label = f"{_descendant(depth + 1)} (custom){representing}"
        for child in self.children.get(root, _NONE):
            if self.person[child].married_out:
                continue
            if self.died[child] <= died:
                represented = self._represent_custom(
                    child, died, decedent, depth + 1, f", representing {child}"
                )
                if represented is not None:
                    groups.append((1, represented[0], represented[1]))
            elif not self._unborn(child, died, decedent) and not self._renounces(child, decedent):
                groups.append((1, 1, [(child, 1, label)]))
        return _flatten(groups) if groups else None
