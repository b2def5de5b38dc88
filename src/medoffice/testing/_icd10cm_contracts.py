"""The contract every ICD-10-CM code-set source must meet.

Subclass :class:`CodeSetSourceContract` and supply ``make_source``; the suite talks to the
source only through :class:`~medoffice.coding.icd10cm.ports.CodeSetSource`::

    from medoffice.testing._icd10cm_contracts import CodeSetSourceContract


    class TestMySource(CodeSetSourceContract):
        def make_source(self) -> CodeSetSource:
            return MySource()
"""

from __future__ import annotations

from medoffice.coding.icd10cm import IcdCodeSet, ItemKind
from medoffice.coding.icd10cm.ports import CodeSetSource

__all__ = ["CodeSetSourceContract"]


class CodeSetSourceContract:
    """What every :class:`~medoffice.coding.icd10cm.ports.CodeSetSource` must do."""

    def make_source(self) -> CodeSetSource:
        """Build the source under test."""
        raise NotImplementedError

    def test_satisfies_the_protocol(self) -> None:
        """The source is recognised as a ``CodeSetSource`` at run time."""
        assert isinstance(self.make_source(), CodeSetSource)

    def test_loads_a_code_set(self) -> None:
        """``load()`` returns an ``IcdCodeSet`` with at least one item."""
        code_set = self.make_source().load()
        assert isinstance(code_set, IcdCodeSet)
        assert len(code_set) > 0

    def test_loads_the_same_code_set_every_time(self) -> None:
        """Two loads give equal code sets for the same release."""
        source = self.make_source()
        first, second = source.load(), source.load()
        assert first == second
        assert first.release == second.release

    def test_every_billable_code_is_a_known_leaf(self) -> None:
        """Each billable code looks up to a billable item without children."""
        code_set = self.make_source().load()
        for code in code_set.billable_codes():
            item = code_set.lookup(code)
            assert item is not None
            assert item.is_billable
            assert item.children == ()
            assert item.kind not in (ItemKind.CHAPTER, ItemKind.BLOCK)

    def test_every_ancestor_of_an_item_exists(self) -> None:
        """Parents and ancestors of every item are items of the same code set."""
        code_set = self.make_source().load()
        for item in code_set.items():
            if item.parent is not None:
                assert item.ancestors[-1] == item.parent
            for ancestor in item.ancestors:
                assert code_set.lookup(ancestor) is not None

    def test_the_release_covers_some_days(self) -> None:
        """The release's effective range lies inside its fiscal year."""
        release = self.make_source().load().release
        assert release.fiscal_year_range.contains(release.effective)
