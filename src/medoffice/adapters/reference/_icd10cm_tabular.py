"""Reading the official ICD-10-CM tabular XML and code list into compile-ready records.

The CDC publishes the tabular list as XML (``icd10cm-tabular-2026.xml``; the copy that
``simple-icd-10-cm`` ships is ``icd10c-tabular-April-1-2026.xml``) with a ``<version>`` element
naming the fiscal year, chapters holding sections (blocks) holding nested ``<diag>`` elements,
and instructional notes as child elements. The code list (``icd10cm-codes-2026.txt`` or the
package's ``code-list-April-2026.txt``) names every valid item, one a line, first on the line;
it is what confirms which seventh-character codes exist. The CMS order file
(``icd10cm-order-2026.txt``: order number, code, billable flag, titles) is read as well.

>>> import io
>>> xml = io.BytesIO(b'''<ICD10CM.tabular><version>2026</version>
... <chapter><name>4</name><desc>Endocrine (E00-E89)</desc>
... <section id="E08-E13"><desc>Diabetes mellitus (E08-E13)</desc>
... <diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
... <excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
... <diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc></diag>
... </diag></section></chapter></ICD10CM.tabular>''')
>>> year, nodes = read_tabular(xml)
>>> year, [n.name for n in nodes], nodes[2].notes[0][1]
(2026, ['4', 'E08-E13', 'E11', 'E11.9'], 'type 1 diabetes mellitus (E10.-)')

More information: CDC NCHS ICD-10-CM files, https://www.cdc.gov/nchs/icd/icd-10-cm/files.html
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import IO, Final

from medoffice.coding.icd10cm import ItemKind, NoteKind, SourceNode
from medoffice.kernel._errors import InvalidValue

__all__ = ["read_code_list", "read_tabular"]

_NOTE_TAGS: Final = {kind.value: kind for kind in NoteKind}
_ORDER_LINE: Final = re.compile(r"\d{5} ([0-9A-Z]{3,7})\s+[01] ")


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _description(element: ET.Element) -> str:
    found = element.find("desc")
    return (found.text or "") if found is not None else ""


def _notes(element: ET.Element) -> tuple[tuple[NoteKind, str], ...]:
    found: list[tuple[NoteKind, str]] = []
    for child in element:
        kind = _NOTE_TAGS.get(child.tag)
        if kind is None:
            continue
        for note in child.iter("note"):
            text = _text(note)
            if text:
                found.append((kind, text))
    return tuple(found)


def _seventh(element: ET.Element) -> tuple[tuple[str, str], ...]:
    definition = element.find("sevenChrDef")
    if definition is None:
        return ()
    return tuple(
        (extension.get("char", ""), _text(extension))
        for extension in definition.iter("extension")
        if extension.get("char")
    )


_MAX_DEPTH: Final = 64  # the real list nests chapter > section > diag five levels deep at most


def _walk(element: ET.Element, parent: int, nodes: list[SourceNode]) -> None:
    # Depth-first, in document order, with a stack of its own: a file nesting <diag> elements
    # deeper than Python's recursion limit is refused with a message, not a RecursionError.
    stack = [(iter(element), parent)]
    while stack:
        children, parent = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if child.tag == "section":
            kind, name = ItemKind.BLOCK, child.get("id", "")
        elif child.tag == "diag":
            name = _text(child.find("name"))
            kind = ItemKind.CATEGORY if len(name) == 3 else ItemKind.SUBCATEGORY
        else:
            continue
        if not name:
            raise InvalidValue(f"a <{child.tag}> element of the tabular list has no name")
        if len(stack) > _MAX_DEPTH:
            raise InvalidValue(
                f"the ICD-10-CM tabular file nests <diag> elements more than {_MAX_DEPTH} deep"
            )
        nodes.append(
            SourceNode(
                kind=kind,
                name=name,
                description=_description(child),
                parent=parent,
                notes=_notes(child),
                seventh=_seventh(child),
            )
        )
        stack.append((iter(child), len(nodes) - 1))


def read_tabular(source: str | IO[bytes]) -> tuple[int, list[SourceNode]]:
    """The fiscal year (from ``<version>``) and the items of a tabular XML, in document order."""
    try:
        root = ET.parse(source).getroot()  # noqa: S314 - official CDC file, not untrusted input
    except ET.ParseError as error:
        raise InvalidValue(f"the ICD-10-CM tabular file is not well-formed XML: {error}") from None
    if root.tag != "ICD10CM.tabular":
        raise InvalidValue("the file is not an ICD-10-CM tabular list (<ICD10CM.tabular>)")
    version = _text(root.find("version"))
    if not version.isdigit():
        raise InvalidValue("the ICD-10-CM tabular file has no <version> fiscal year")
    nodes: list[SourceNode] = []
    for chapter in root.iter("chapter"):
        nodes.append(
            SourceNode(
                kind=ItemKind.CHAPTER,
                name=_text(chapter.find("name")),
                description=_description(chapter),
                parent=-1,
                notes=_notes(chapter),
                seventh=_seventh(chapter),
            )
        )
        _walk(chapter, len(nodes) - 1, nodes)
    if not nodes:
        raise InvalidValue("the ICD-10-CM tabular file has no chapters")
    return int(version), nodes


def read_code_list(text: str) -> frozenset[str]:
    """The undotted codes of a code list or CMS order file (first code on each line)."""
    codes: set[str] = set()
    for line in text.splitlines():
        order = _ORDER_LINE.match(line)
        token = order.group(1) if order else (line.split() or [""])[0]
        if token:
            codes.add(token.replace(".", "").upper())
    if not codes:
        raise InvalidValue("the ICD-10-CM code list is empty")
    return frozenset(codes)
