"""Reading a Pulse payload's elements once, shared by every Pulse rule module.

The underscore names are private to ``goalkeeper.validators.pulse``, not to this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from goalkeeper.load.xml_document import element_pointer

if TYPE_CHECKING:
    from decimal import Decimal


class Node(NamedTuple):
    """One element of a payload as the rules see it: tag, stripped text, children.

    lxml builds a new Python object for an element on every access, so the document is
    read into nodes once, in one pass, and every rule walks the nodes. The lxml element
    stays at hand for pointers and line numbers. (A tuple: the reader builds thousands.)
    """

    element: Any
    tag: str
    text: str
    children: list[Node]
    by_tag: dict[str, list[Node]]

    def all(self, name: str) -> list[Node]:
        """The children named ``name``."""
        return self.by_tag.get(name, _NONE)

    def first(self, name: str) -> Node | None:
        found = self.by_tag.get(name)
        return found[0] if found else None

    @property
    def sourceline(self) -> int:
        return int(self.element.sourceline or 0)


_NONE: list[Node] = []


def _read_node(element: Any, tag: str) -> Node:
    children: list[Node] = []
    by_tag: dict[str, list[Node]] = {}
    others = False
    for child in element:
        child_tag = child.tag
        if child_tag.__class__ is not str:
            others = True  # a comment or processing instruction splits the text
            continue
        if len(child):
            node = _read_node(child, child_tag)
        else:  # a leaf, the common case: no recursion
            node = _new_node(Node, (child, child_tag, (child.text or "").strip(), _NONE, _EMPTY))
        children.append(node)
        found = by_tag.get(child_tag)
        if found is None:
            by_tag[child_tag] = [node]
        else:
            found.append(node)
    if children:
        text = ""
    elif others:
        from goalkeeper.xml_schema import element_text

        text = element_text(element).strip()
    else:
        text = (element.text or "").strip()
    return _new_node(Node, (element, tag, text, children, by_tag))


_EMPTY: dict[str, list[Node]] = {}
_new_node = tuple.__new__  # builds a Node without a Python-level __new__ call


def _tree(doc: Any) -> Node:
    """The document's root node, shared by every rule."""
    tree: Node | None = doc.memo.get("tree")
    if tree is None:
        root = doc.root
        tree = doc.memo["tree"] = _read_node(root, str(root.tag))
    return tree


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
    from goalkeeper.xml_schema import element_text

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
