from django.contrib import admin

from amends.registry.models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = [
        "name_hangul",
        "name_hanja",
        "name_japanese",
        "name_romanized",
        "birth_date",
        "death_date",
    ]
    search_fields = ["name_hangul", "name_hanja", "name_japanese", "name_japanese_reading", "name_romanized"]
    list_filter = ["sex"]
