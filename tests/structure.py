"""Read a tagged PDF's structure tree with pypdf: roles, alt text and the text of each element.

Used by the tests (no Java needed) and runnable to read a tree against its pages:
``.venv/bin/python -m tests.structure output/x.pdf``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, NumberObject


@dataclass
class Node:
    """A structure element as read back: role, attributes, its own text, and children."""

    role: str
    alt: str | None = None
    lang: str | None = None
    scope: str | None = None
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and every node below it, in tree (reading) order."""
        return [self, *(n for child in self.children for n in child.walk())]

    def all_text(self) -> str:
        """The text of this element and of every element below it, in reading order."""
        return "".join(node.text for node in self.walk())


@dataclass
class PageText:
    """Text drawn on a page, by marked-content id, and text drawn as artifacts or unmarked."""

    by_mcid: dict[int, str] = field(default_factory=dict)
    artifact: str = ""
    unmarked: str = ""


def page_texts(reader: PdfReader) -> list[PageText]:
    """For each page, the text inside each marked-content sequence, artifacts and unmarked text."""
    result = []
    for page in reader.pages:
        found = PageText()
        stack: list[Any] = []

        def before(operator: bytes, args: list, *_: Any) -> None:
            if operator in (b"BDC", b"BMC"):
                props = args[1] if len(args) > 1 and isinstance(args[1], DictionaryObject) else {}
                stack.append("artifact" if args[0] == "/Artifact" else props.get("/MCID"))
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(chunk: str, *_: Any) -> None:
            if not chunk:
                return
            if "artifact" in stack:
                found.artifact += chunk
            elif any(isinstance(item, int) for item in stack):
                mcid = next(item for item in reversed(stack) if isinstance(item, int))
                found.by_mcid[mcid] = found.by_mcid.get(mcid, "") + chunk
            elif chunk.strip():
                found.unmarked += chunk

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        result.append(found)
    return result


def read_tree(path: str | Path) -> Node:
    """The structure tree of a PDF, with the text of each element's marked content."""
    reader = PdfReader(path)
    texts = page_texts(reader)
    page_numbers = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    top = Node("StructTreeRoot")
    for kid in _kids(root):
        top.children.append(_node(kid.get_object(), None, texts, page_numbers))
    return top


def _kids(obj: Any) -> list[Any]:
    kids = obj.get("/K")
    if kids is None:
        return []
    kids = kids.get_object()
    return list(kids) if isinstance(kids, ArrayObject) else [kids]


def _node(obj: DictionaryObject, page: int | None, texts: list[PageText], pages: dict[int, int]) -> Node:
    if "/Pg" in obj:
        page = pages[obj.raw_get("/Pg").idnum]
    attributes = obj.get("/A")
    node = Node(str(obj["/S"])[1:], alt=obj.get("/Alt"), lang=obj.get("/Lang"),
                scope=str(attributes.get_object().get("/Scope", ""))[1:] or None if attributes else None)
    for kid in _kids(obj):
        if isinstance(kid, NumberObject):
            node.children.append(Node("#mcid", text=texts[page].by_mcid.get(int(kid), "")))
            continue
        kid = kid.get_object()
        kind = kid.get("/Type")
        if kind == "/MCR":
            where = pages[kid.raw_get("/Pg").idnum]
            node.children.append(Node("#mcid", text=texts[where].by_mcid.get(int(kid["/MCID"]), "")))
        elif kind == "/OBJR":
            node.children.append(Node("#annot", alt=kid["/Obj"].get_object().get("/Contents")))
        else:
            node.children.append(_node(kid, page, texts, pages))
    return node


def dump(node: Node, depth: int = 0) -> list[str]:
    """The tree as indented lines: role, alt text, and the element's own text."""
    if node.role.startswith("#"):
        return [f"{'  ' * depth}{node.role} {node.text.strip()[:70]!r}" if node.role == "#mcid"
                else f"{'  ' * depth}#annot {node.alt!r}"]
    extra = "".join(f" {k}={v!r}" for k, v in (("alt", node.alt), ("lang", node.lang), ("scope", node.scope)) if v)
    lines = [f"{'  ' * depth}{node.role}{extra}"]
    for child in node.children:
        lines += dump(child, depth + 1)
    return lines


if __name__ == "__main__":
    print("\n".join(dump(read_tree(sys.argv[1]))))
