"""People: victims, heirs and other creditors, with their names in every script they were recorded in.

Victims of forced mobilisation appear in records under their Korean name in Hangul and Hanja, under
the Japanese-style name they were made to adopt (창씨개명) in kanji with its Japanese reading, and in
romanisations of either. Each is kept as written; search looks at all of them.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    class Sex(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    name_hangul = models.CharField(_("name (Hangul)"), max_length=100)
    name_hanja = models.CharField(_("name (Hanja)"), max_length=100, blank=True)
    name_japanese = models.CharField(
        _("Japanese-style name (kanji)"),
        max_length=100,
        blank=True,
        help_text=_("The name the person was made to adopt (창씨개명), as written in kanji."),
    )
    name_japanese_reading = models.CharField(_("Japanese reading (kana)"), max_length=100, blank=True)
    name_romanized = models.CharField(_("romanised name"), max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_hangul", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__isnull=True)
                | Q(death_date__isnull=True)
                | Q(death_date__gte=F("birth_date")),
                name="person_death_not_before_birth",
                violation_error_message=_("The date of death is before the date of birth."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_hangul} ({self.name_hanja})" if self.name_hanja else self.name_hangul

    @property
    def is_deceased(self) -> bool:
        return self.death_date is not None
