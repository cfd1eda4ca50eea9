"""Reading a Pulse payload's elements once, shared by every Pulse rule module.

The reading itself (:class:`Node`, :func:`document_tree`) lives beside the XML loader: the
XML schema stage walks it too when libxml2 rejects a document.

The underscore names are private to ``goalkeeper.validators.pulse``, not to this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from goalkeeper.load.xml_document import (
    _NONE,
    document_tree,
    element_pointer,
    element_text,
    read_node,
)
from goalkeeper.load.xml_document import (
    Node as Node,
)

if TYPE_CHECKING:
    from decimal import Decimal


_read_node = read_node
_tree = document_tree  # the document's root node, shared by every rule


def _top(doc: Any, name: str) -> list[Node]:
    """The root's children named ``name``."""
    tree: Node | None = doc.memo.get("tree")
    return (tree or _tree(doc)).by_tag.get(name, _NONE)


def _first(doc: Any, name: str) -> Node | None:
    return _tree(doc).first(name)


def _memo(doc: Any, key: str, compute: Callable[[Any], Any]) -> Any:
    """Work several rules share (time windows, caps, custom parameters): done once."""
    memo = doc.memo
    found = memo.get(key, _MISSING)
    if found is _MISSING:
        found = memo[key] = compute(doc)
    return found


_MISSING: Any = object()


def _text(node: Node | None) -> str:
    return node.text if node is not None else ""


def _pointer(node: Any) -> str:
    element = node.element if isinstance(node, Node) else node
    return element_pointer(element)


def _label(node: Any) -> str:
    return "/".join(_pointer(node).split("/")[2:]) or f"<{node.tag}>"


def _decimal(element: Any) -> Decimal | None:
    from decimal import Decimal, InvalidOperation

    if element is None:
        return None
    try:
        value = Decimal(_text(element))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _integer(element: Any) -> int | None:
    text = element.text if element is not None else ""
    if text.isdigit() and text.isascii():  # 0-9 only, the common case
        return int(text)
    return int(text) if _INTEGER.fullmatch(text) else None


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _boolean(element: Any) -> bool | None:
    return _BOOLEANS.get(element.text) if element is not None else None


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _raw_text(node: Node) -> str:
    """An element's text as written (the node's text is stripped)."""
    if node.text or node.children:
        return node.text
    return str(element_text(node.element))


def _is_blank(node: Node) -> bool:
    """Whether the element holds white space only (any Unicode white space, SPEC §4.10:
    blank is empty); an element with no text at all is empty, not blank."""
    return not node.text and not node.children and _raw_text(node) != ""


def _quoted(text: str, limit: int = 60) -> str:
    """A value as messages show it: in double quotes, invisible characters escaped."""
    from goalkeeper.pointers import visible

    shown = visible(text)
    return '"' + (shown if len(shown) <= limit else shown[: limit - 1] + "…") + '"'
