"""The admin names every model as a person would: "payment batches", not "payment batchs"."""

import re

from django.apps import apps


def test_no_model_is_named_with_a_plural_made_by_adding_s_to_a_word_that_takes_es():
    # given every model of amends
    models = [model for model in apps.get_models() if model.__module__.startswith("amends.")]

    # then none whose name ends in s, sh, ch, x or y is pluralised by a bare "s" (Django's default)
    wrong = [
        (model._meta.label, str(model._meta.verbose_name_plural))
        for model in models
        if re.search(r"(s|sh|ch|x|[^aeiou]y)s$", str(model._meta.verbose_name_plural))
    ]
    assert wrong == []
