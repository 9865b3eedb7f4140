"""The customary law (관습법) before 1960, approximated and always flagged for legal review: the
household-head heir and the younger sons of a household head, the children in the register of anyone
else."""

from __future__ import annotations

from datetime import date

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
                    f"{decedent} headed a household under the customary law ({self._when(decedent)}) and no "
                    "surviving descendant is marked household_head_heir: not supported, needs legal review",
                )
            heir = next(p for p in line if person[p].household_head_heir and self.died[p] > died)
            self.flag(
                f"custom era ({self._when(decedent)}): the household-head heir {heir} takes the household "
                "head's estate and owes about half of it to the younger sons; approximated as 1/2 to the "
                "heir and 1/2 to the younger sons (their descendants by branch) in equal parts, nothing to "
                "wives and daughters: legal review required"
            )
            groups: list[_Group] = []
            for son in self.children.get(decedent, _NONE):
                if person[son].sex != "M" or son in line:
                    continue
                if self.died[son] <= died:
                    represented = self._represent_custom(son, died, decedent, 1, f", representing {son}")
                    if represented is not None:
                        groups.append((1, represented[0], represented[1]))
                elif not self._unborn(son, died, decedent) and not self._renounces(son, decedent):
                    groups.append((1, 1, [(son, 1, "younger son (custom)")]))
            if not groups:
                return 1, [(heir, 1, "household-head heir (custom)")]
            denominator, items = _flatten(groups)
            return 2 * denominator, [(heir, denominator, "household-head heir (custom, about half)"), *items]
        self.flag(
            f"custom era ({self._when(decedent)}): {decedent} was not a household head; the estate goes to "
            "the children in the household register in equal parts (predeceased children's descendants by "
            "branch), married-out daughters and the spouse taking nothing: legal review required"
        )
        represented = self._represent_custom(decedent, died, decedent, 0, "")
        if represented is None:
            raise SuccessionUnsupported(
                self.family.row(decedent),
                f"{decedent} left no child in the household register under the customary law "
                f"({self._when(decedent)}): the spouse, ascendants or household head would inherit, not "
                "supported, needs legal review",
            )
        return represented

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
