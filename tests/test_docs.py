"""The docs stay true to the tree: every path they cite exists, and ARCHITECTURE.md's diagram
lists exactly the packages on disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
TOP = ("bot", "context", "insights", "plans", "simulator", "storage", "tests", "bench", "docs")
CITED = re.compile(r"(?<![\w/.-])((?:" + "|".join(TOP) + r")/[\w./-]*[\w/])")
TREE = re.compile(r"<!-- tree -->\n```\n(.*?)```\n<!-- /tree -->", re.DOTALL)
PACKAGES = ("bot", "context", "insights", "plans", "simulator", "storage")


def cited_paths(doc: Path) -> set[str]:
    """Every repository path the document names (a file or a folder)."""
    return {m.group(1).rstrip(".") for m in CITED.finditer(doc.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.name)
def test_every_path_a_doc_cites_exists(doc: Path) -> None:
    missing = sorted(p for p in cited_paths(doc) if not (ROOT / p).exists())
    assert missing == [], f"{doc.name} cites paths that do not exist: {missing}"


def diagram_folders(text: str) -> set[str]:
    """The folders of the tree diagram, as paths (indentation gives the parent)."""
    match = TREE.search(text)
    assert match is not None, "ARCHITECTURE.md has no <!-- tree --> diagram"
    folders: set[str] = set()
    parents: list[str] = []
    for line in match.group(1).splitlines():
        name = line.strip().split(" ", 1)[0]
        depth = (len(line) - len(line.lstrip())) // 2
        parents = [*parents[:depth], name.rstrip("/")]
        folders.add("/".join(parents))
    return folders


def package_folders() -> set[str]:
    """Every package folder of the six top-level packages."""
    found = {
        str(init.parent.relative_to(ROOT))
        for top in PACKAGES
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    return found


def test_the_architecture_diagram_matches_the_folders_one_to_one() -> None:
    diagram = diagram_folders((ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert diagram == package_folders()
