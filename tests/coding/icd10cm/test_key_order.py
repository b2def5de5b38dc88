"""Finding a key by bisecting the sorted keys answers as searching the joined keys does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from medoffice.coding.icd10cm import IcdCodeSet
from medoffice.coding.icd10cm._columns import Texts
from medoffice.coding.icd10cm._tables import IcdTables

_KEYS = st.text(alphabet="ABE019.-\0", max_size=4)


_ENTRIES = st.lists(_KEYS.filter(lambda k: "\0" not in k), min_size=1, max_size=30)


@given(_ENTRIES, st.lists(_KEYS, max_size=10))
def test_bisection_finds_what_the_search_finds(entries: list[str], asked: list[str]) -> None:
    """The last entry equal to the key (a block and its single category share an id), or
    ``None``, for keys present, absent, empty, or holding the separator (a table has keys)."""
    column = Texts.of(entries)
    order = column.order()
    for key in [*entries, *asked]:
        assert column.find(key, order) == column.find(key)


@given(_ENTRIES, _ENTRIES, _KEYS)
def test_an_order_of_another_column_is_never_a_wrong_answer(
    entries: list[str], others: list[str], key: str
) -> None:
    """Another column's order (positions past this one fall back to the search): what is found
    is always an entry equal to the key."""
    column = Texts.of(entries)
    found = column.find(key, Texts.of(others).order())
    assert found is None or column[found] == key


def test_every_key_of_the_bundled_release_is_found_as_its_index_says(codes: IcdCodeSet) -> None:
    """Each of the 98,000 keys of the bundled release, and keys no table has."""
    tables = IcdTables.from_payload(codes.tables.to_payload())
    keys = tables.keys
    column = Texts.of(tables.codes)
    order = column.order()
    assert all(column.find(key, order) == index for key, index in keys.items())
    assert [column.find(key, order) for key in ("", "E11.9", "e119", "Z99999999")] == [None] * 4
