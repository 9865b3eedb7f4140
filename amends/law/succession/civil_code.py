"""The Civil Act's rules of succession in its three eras: as enacted (in force 1960-01-01), as amended
in 1977 (in force 1979-01-01) and in 1990 (in force 1991-01-01): the order of heirs, the weights of
Art. 1009, the spouse, representation (대습상속), renunciation, and collateral relatives (1991)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from amends.law.messages import Message, gettext_noop
from amends.law.succession.errors import SuccessionUnsupported
from amends.law.succession.family import _NONE, _all_descendants
from amends.law.succession.heirs import (
    _DESCENDANT,
    Era,
    _descendant,
    _Distribution,
    _flatten,
    _Group,
    _Heirs,
)

# Weights in eighths of a son's share.
_SON = 8
_WIFE_1960_WITH_DESCENDANTS = 4
_WIFE_1960_WITH_ASCENDANTS = 8
_SPOUSE = 12  # 1.5: the wife from 1979, every spouse from 1991
_HUSBAND_BEFORE_1991 = 8
_WOMAN_1960 = 4
_WOMAN_OUTSIDE_REGISTER = 2

_ASCENDANT = ("", "parent", "grandparent", "great-grandparent", "great-great-grandparent")
_SIBLING_LINE = ("sibling", "sibling's child", "sibling's grandchild", "sibling's great-grandchild")


def _ascendant(depth: int) -> str:
    return _ASCENDANT[depth] if depth < len(_ASCENDANT) else f"ascendant, {depth} generations up"


def _line(sibling_line: bool, depth: int) -> str:
    if not sibling_line:
        return _descendant(depth)
    if depth < len(_SIBLING_LINE):
        return _SIBLING_LINE[depth]
    return f"sibling's descendant, {depth} generations down"


class _CivilCode(_Heirs):
    """The Civil Act (1960, 1979, 1991) over a family; a mixin of the resolver."""

    __slots__ = ()

    def _spouse(self, decedent: str, died: date) -> str | None:
        """The spouse at the death, alive after it and not renouncing."""
        for start, until, other, _ in self.family.marriages.get(decedent, _NONE):
            # A marriage ended by the other spouse's death (or a simultaneous one) leaves no spouse to
            # inherit; a later marriage may.
            if start <= died < until and self.died[other] > died:
                return None if self._renounces(other, decedent) else other
        return None

    def _representing_spouse(
        self, predeceased: str, died: date, era: Era, sibling_line: bool, decedent: str
    ) -> str | None:
        """The spouse who may take a predeceased heir's place (Art. 1003(2))."""
        marriages = self.family.marriages
        own_death = self.died[predeceased]
        for start, until, other, _ in marriages.get(predeceased, _NONE):
            if not start <= own_death < until or self.died[other] <= own_death:
                continue
            if self.died[other] <= died:
                return None
            if era is not Era.Y1991 and (
                self.person[other].sex == "M" or self.person[predeceased].sex == "F"
            ):
                return None  # before 1991 only a widow (처) represents
            for later_start, _, _, _ in marriages[other]:
                if own_death < later_start <= died:
                    return None  # remarried before the death: no longer an in-law (Art. 775(2))
            if self._renounces(other, decedent):
                return None
            if sibling_line and era is not Era.Y1991:
                self.flag(
                    Message(
                        gettext_noop(
                            "%(widow)s, widow of %(husband)s, represents her husband in the estate of his "
                            "sibling (%(when)s): the old Art. 1003(2) admits the widow of any predeceased "
                            "heir named in Art. 1001; the programme's legal notes name a son's widow: review"
                        ),
                        widow=other,
                        husband=predeceased,
                        when=self._when(decedent),
                    )
                )
            return other
        return None

    # -- weights -----------------------------------------------------------------------------------

    def _weight(self, person: str, era: Era) -> int:
        """A blood heir's weight (child, grandchild, sibling) in eighths of a son's share."""
        if era is Era.Y1991:
            return _SON
        someone = self.person[person]
        if someone.sex == "M":
            return _SON
        if someone.married_out:
            return _WOMAN_OUTSIDE_REGISTER
        return _WOMAN_1960 if era is Era.Y1960 else _SON

    def _spouse_weight(self, spouse: str, era: Era, with_descendants: bool, decedent: str) -> int:
        if era is Era.Y1991:
            return _SPOUSE
        if self.person[spouse].sex == "M":
            self.flag(
                Message(
                    gettext_noop(
                        "%(era)s law (%(when)s): the husband's share (weight 1 in the legal notes) is "
                        "unsettled; under the old Art. 1002 the husband may take alone when his wife leaves "
                        "no descendants: legal review"
                    ),
                    era=era.value,
                    when=self._when(decedent),
                )
            )
            return _HUSBAND_BEFORE_1991
        if era is Era.Y1979:
            return _SPOUSE
        return _WIFE_1960_WITH_DESCENDANTS if with_descendants else _WIFE_1960_WITH_ASCENDANTS

    # -- the Civil Act -----------------------------------------------------------------------------

    def _civil(self, decedent: str, died: date, era: Era) -> _Distribution:
        spouse = self._spouse(decedent, died)
        old = era is not Era.Y1991
        head = old and self.person[decedent].household_head
        head_line = self._head_line(decedent, died) if head else _NONE
        before = self.exclusions
        groups = self._issue(decedent, died, era, decedent, spouse is None, head_line, False, 0, "")
        renounced = self.exclusions != before
        if old and self.person[decedent].sex == "F":
            self._stepchildren(decedent, died)
        if groups:
            if head and not head_line:
                self.flag(
                    Message(
                        gettext_noop(
                            "%(decedent)s headed a household (%(when)s) but no heir is marked "
                            "household_head_heir: nobody was given the household-head heir's 1.5: confirm"
                        ),
                        decedent=decedent,
                        when=self._when(decedent),
                    )
                )
            if spouse is not None:
                weight = self._spouse_weight(spouse, era, True, decedent)
                groups.append((weight, 1, [(spouse, 1, "spouse")]))
            return _flatten(groups)
        if spouse is not None and renounced:
            self._spouse_weight(spouse, era, True, decedent)  # flags a husband before 1991
            return 1, [(spouse, 1, "spouse, alone: every child renounced (2020그42)")]

        ascendants, depth, spouse_alone = self._ascendants(decedent, died, spouse is not None)
        if spouse_alone:
            self.flag(
                Message(
                    gettext_noop(
                        "every ascendant of %(decedent)s renounced (%(when)s): the spouse takes alone, "
                        "extending 2020그42 (Art. 1043) from children to ascendants: review"
                    ),
                    decedent=decedent,
                    when=self._when(decedent),
                )
            )
            return 1, [(spouse, 1, "spouse, alone: the ascendants renounced")]
        if ascendants:
            if old:
                self._flag_old_weights(decedent, era, "ascendants")
            label = _ascendant(depth)
            groups = []
            for ascendant in ascendants:
                weight = _SON
                if era is Era.Y1960 and self.person[ascendant].sex == "F":
                    weight = _WOMAN_1960
                groups.append((weight, 1, [(ascendant, 1, label)]))
            if spouse is not None:
                weight = self._spouse_weight(spouse, era, False, decedent)
                groups.append((weight, 1, [(spouse, 1, "spouse")]))
            return _flatten(groups)
        if spouse is not None:
            self._spouse_weight(spouse, era, False, decedent)  # flags a husband before 1991
            return 1, [(spouse, 1, "spouse, alone")]

        groups = self._siblings(decedent, died, era)
        if groups:
            if old:
                self._flag_old_weights(decedent, era, "siblings")
            return _flatten(groups)
        if old:
            raise SuccessionUnsupported(
                self.family.row(decedent),
                Message(
                    gettext_noop(
                        "%(decedent)s left no descendant, ascendant, spouse or sibling heir (%(when)s): "
                        "collateral relatives within the 8th degree under the %(era)s law are not supported, "
                        "needs legal review"
                    ),
                    decedent=decedent,
                    when=self._when(decedent),
                    era=era.value,
                ),
            )
        return self._collaterals(decedent, died)

    def _flag_old_weights(self, decedent: str, era: Era, who: str) -> None:
        template = (
            gettext_noop(
                "%(era)s law (%(when)s): the estate goes to ascendants; their weights follow Art. 1009 by "
                "sex and household register as for children (the legal notes tabulate children only): review"
            )
            if who == "ascendants"
            else gettext_noop(
                "%(era)s law (%(when)s): the estate goes to siblings; their weights follow Art. 1009 by "
                "sex and household register as for children (the legal notes tabulate children only): review"
            )
        )
        self.flag(Message(template, era=era.value, when=self._when(decedent)))

    def _stepchildren(self, decedent: str, died: date) -> None:
        # From 1960 to 1990 a stepmother and her husband's children (계모자), and a wife and her
        # husband's children by another woman (적모서자), were legal kin: such children may be her heirs.
        own = self.children.get(decedent, _NONE)
        for start, until, husband, _ in self.family.marriages.get(decedent, _NONE):
            if start > died or until <= died:
                continue  # not yet married, or divorced before her death
            others = [c for c in self.children.get(husband, _NONE) if c not in own and self.died[c] > died]
            if others:
                self.flag(
                    Message(
                        gettext_noop(
                            "%(decedent)s (%(when)s): her husband's children by another woman (%(others)s) "
                            "were her legal kin under the 1960-1990 law (계모자, 적모서자) and may be her "
                            "heirs; not modelled: legal review"
                        ),
                        decedent=decedent,
                        when=self._when(decedent),
                        others=tuple(sorted(others)),
                    )
                )

    def _issue(
        self,
        root: str,
        died: date,
        era: Era,
        decedent: str,
        deeper: bool,
        head_line: Collection[str],
        sibling_line: bool,
        depth: int,
        representing: str,
    ) -> list[_Group]:
        """The groups of ``root``'s descendants at the nearest degree with an heir.

        ``deeper``: when every descendant of that degree renounced, look further down for descendants
        inheriting in their own right (only where no spouse takes instead, 2020그42).
        """
        children, deaths, renounced, person = self.children, self.died, self.family.renounced, self.person
        level = children.get(root, _NONE)
        depth += 1
        own_right = False
        plain = era is Era.Y1991 and not head_line
        while level:
            groups: list[_Group] = []
            blocked = []
            names = _SIBLING_LINE if sibling_line else _DESCENDANT
            base = names[depth] if depth < len(names) else _line(sibling_line, depth)
            suffix = representing or (", in own right: the nearer heirs renounced" if own_right else "")
            label = base + suffix
            for child in level:
                if deaths[child] <= died:
                    represented = self._represent(child, died, era, decedent, head_line, sibling_line, depth)
                    if represented is None:
                        blocked.append(child)
                        continue
                    weight = _SON if plain else self._weight(child, era)
                    if child in head_line:
                        weight = weight * 3 // 2
                    groups.append((weight, represented[0], represented[1]))
                    continue
                born = person[child].born
                if born is not None and born > died and self._unborn(child, died, decedent):
                    continue
                if child in renounced:
                    self._renounces(child, decedent)
                    blocked.append(child)
                    continue
                if plain:
                    groups.append((_SON, 1, [(child, 1, label)]))
                elif child in head_line:
                    weight = self._weight(child, era) * 3 // 2
                    groups.append((weight, 1, [(child, 1, f"{base}, household-head heir{suffix}")]))
                else:
                    groups.append((self._weight(child, era), 1, [(child, 1, label)]))
            if groups or not deeper or not blocked:
                return groups
            following: dict[str, None] = {}
            for stopped in blocked:
                for child in children.get(stopped, _NONE):
                    following[child] = None
            level = list(following)
            depth += 1
            own_right = True
        return []

    def _represent(
        self,
        predeceased: str,
        died: date,
        era: Era,
        decedent: str,
        head_line: Collection[str],
        sibling_line: bool,
        depth: int,
    ) -> _Distribution | None:
        """How a predeceased heir's portion is shared by their descendants and spouse (대습상속)."""
        spouse = self._representing_spouse(predeceased, died, era, sibling_line, decedent)
        groups = self._issue(
            predeceased,
            died,
            era,
            decedent,
            spouse is None,
            head_line,
            sibling_line,
            depth,
            f", representing {predeceased}",
        )
        label = f"spouse of {predeceased}, representing {predeceased}"
        if groups:
            if spouse is not None:
                weight = _WIFE_1960_WITH_DESCENDANTS if era is Era.Y1960 else _SPOUSE
                groups.append((weight, 1, [(spouse, 1, label)]))
            return _flatten(groups)
        if spouse is not None:
            return 1, [(spouse, 1, label)]
        return None

    def _ascendants(self, decedent: str, died: date, spouse: bool) -> tuple[list[str], int, bool]:
        """The nearest living ascendants not renouncing, their degree, and whether the spouse takes
        alone because every living ascendant of that degree renounced."""
        person = self.person
        level = person[decedent].parents
        depth = 1
        while level:
            living = []
            renounced = False
            for ascendant in level:
                if self.died[ascendant] > died:
                    if self._renounces(ascendant, decedent):
                        renounced = True
                    else:
                        living.append(ascendant)
            if living:
                return living, depth, False
            if renounced and spouse:
                return [], depth, True
            following: dict[str, None] = {}
            for ascendant in level:
                for parent in person[ascendant].parents:
                    following[parent] = None
            level = tuple(following)
            depth += 1
        return [], 0, False

    def _siblings(self, decedent: str, died: date, era: Era) -> list[_Group]:
        person = self.person
        own = person[decedent].parents
        found: dict[str, None] = {}
        for parent in own:
            for child in self.children.get(parent, _NONE):
                if child != decedent:
                    found[child] = None
        groups: list[_Group] = []
        for sibling in found:
            theirs = person[sibling].parents
            shared = [parent for parent in theirs if parent in own]
            # Half-blood only when both have two known parents and share one of them.
            half = len(shared) == 1 and len(own) == 2 and len(theirs) == 2
            if self.died[sibling] <= died:
                represented = self._represent(sibling, died, era, decedent, _NONE, True, 0)
                if represented is None:
                    continue
                groups.append((self._weight(sibling, era), represented[0], represented[1]))
            elif self._unborn(sibling, died, decedent) or self._renounces(sibling, decedent):
                continue
            else:
                label = "half-sibling" if half else "sibling"
                groups.append((self._weight(sibling, era), 1, [(sibling, 1, label)]))
            if half and era is not Era.Y1991 and person[shared[0]].sex == "F":
                self.flag(
                    Message(
                        gettext_noop(
                            "%(sibling)s is %(decedent)s's half-sibling through the mother only (%(when)s): "
                            "whether such siblings inherit before 1991 is unsettled (96다5421 reads the 1990 "
                            "amendment to include them): legal review"
                        ),
                        sibling=sibling,
                        decedent=decedent,
                        when=self._when(decedent),
                    )
                )
        return groups

    def _collaterals(self, decedent: str, died: date) -> _Distribution:
        """Collateral relatives within the 4th degree (1991 law): nearest degree, equal shares."""
        person, children = self.person, self.children
        ancestors: dict[str, int] = {}
        level: Sequence[str] = person[decedent].parents
        distance = 1
        while level and distance <= 3:
            following: list[str] = []
            for ancestor in level:
                if ancestor not in ancestors:
                    ancestors[ancestor] = distance
                    following.extend(person[ancestor].parents)
            level = following
            distance += 1
        lineal = {decedent, *ancestors, *_all_descendants(children, decedent)}
        degree: dict[str, int] = {}
        for ancestor, up in ancestors.items():
            level = [c for c in children.get(ancestor, _NONE) if c not in lineal]
            down = 1
            while level and up + down <= 4:
                following = []
                for relative in level:
                    known = degree.get(relative)
                    if known is None or up + down < known:
                        degree[relative] = up + down
                    following.extend(c for c in children.get(relative, _NONE) if c not in lineal)
                level = following
                down += 1
        for nearest, ordinal in ((3, "3rd"), (4, "4th")):
            heirs = [
                relative
                for relative in self.person
                if degree.get(relative) == nearest
                and self.died[relative] > died
                and not self._unborn(relative, died, decedent)
                and not self._renounces(relative, decedent)
            ]
            if heirs:
                template = (
                    gettext_noop(
                        "the estate of %(decedent)s (%(when)s) goes to collateral relatives of the 3rd "
                        "degree: the result is only as complete as the family given: legal review"
                    )
                    if nearest == 3
                    else gettext_noop(
                        "the estate of %(decedent)s (%(when)s) goes to collateral relatives of the 4th "
                        "degree: the result is only as complete as the family given: legal review"
                    )
                )
                self.flag(Message(template, decedent=decedent, when=self._when(decedent)))
                label = f"collateral relative, {ordinal} degree"
                return len(heirs), [(relative, 1, label) for relative in heirs]
        raise SuccessionUnsupported(
            self.family.row(decedent),
            Message(
                gettext_noop(
                    "no heir of %(decedent)s among the people given (%(when)s): the estate would pass to a "
                    "person with a special relation or to the state (Arts. 1057-2, 1058), needs legal review"
                ),
                decedent=decedent,
                when=self._when(decedent),
            ),
        )
