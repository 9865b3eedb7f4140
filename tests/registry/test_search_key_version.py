"""Stored search keys follow the code that makes them: a change to what ``person_search_key`` makes of
a name must come with a new ``SEARCH_KEY_VERSION`` and a migration that fills the stored keys again,
or people registered before the change would no longer be found by search."""

import hashlib
import importlib
import pkgutil

from amends.linkage.search import SEARCH_KEY_VERSION, person_search_key
from amends.registry import migrations

# Names in every script a person is registered in (synthetic; forms the search must bring together).
NAMES = [
    {"name_hangul": "이민철", "name_hanja": "李敏哲", "name_romanized": "Lee Min-cheol"},
    {"name_japanese": "岩本敏哲", "name_japanese_reading": "いわもと びんてつ"},
    {"name_hangul": "김정웅", "name_japanese": "金田 正雄", "name_japanese_reading": "カネダ マサオ"},
    {"name_hangul": "리민철", "name_romanized": "Ri Min Chol"},
    {"name_hanja": "黃海成", "name_japanese": "光山 正一"},
    {"name_hangul": "히라야마후쿠인", "name_romanized": "Yi Min-chol"},
    {"name_hangul": "남궁선", "name_hanja": "南宮善", "name_japanese_reading": "ナングウ ゼン"},
]
# What the keys of NAMES were when SEARCH_KEY_VERSION was last raised.
DIGEST = {2: "952cecaaa4fb085c46f6d03c1839ab84e760287a353b1832ba42f5eecd8c1edb"}


def _digest() -> str:
    keys = "\n".join(person_search_key(**names) for names in NAMES)
    return hashlib.sha256(keys.encode()).hexdigest()


def _refilled_version() -> int:
    versions = []
    for module in pkgutil.iter_modules(migrations.__path__):
        found = importlib.import_module(f"amends.registry.migrations.{module.name}")
        if hasattr(found, "SEARCH_KEY_VERSION"):
            versions.append(found.SEARCH_KEY_VERSION)
    return max(versions)


def test_the_search_key_is_what_its_version_says():
    assert DIGEST.get(SEARCH_KEY_VERSION) == _digest(), (
        f"person_search_key makes other keys than version {SEARCH_KEY_VERSION} did: raise "
        "SEARCH_KEY_VERSION in amends/linkage/search.py, add a registry migration that fills the keys "
        "again (see 0006) and record the new digest here"
    )


def test_a_migration_stores_the_current_version():
    assert _refilled_version() == SEARCH_KEY_VERSION
