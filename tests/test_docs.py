"""docs/: the generated tables match the code they mirror, every page is reachable, every link resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import docs
from schemas import SCHEMAS
from schemas.rules import RULES

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
INDEXES = (ROOT / "README.md", DOCS / "README.md")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *#*$", re.M)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def test_generated_tables_are_up_to_date():
    pages = docs.generated_pages()
    stale = [path.relative_to(ROOT) for path, (now, regenerated) in pages.items() if now != regenerated]
    assert not stale, "; ".join(f"{path} is out of date: run make docs" for path in stale)


def test_every_generated_region_is_on_exactly_one_page():
    found = [name for path in PAGES for name in docs.region_names(path.read_text(encoding="utf-8"))]
    assert sorted(found) == sorted(docs.regions()), "each region of pipeline.docs.regions() once in docs/"
    assert {f"contract {name}" for name in SCHEMAS} | {"rules"} == set(found)


def test_the_tables_are_made_from_the_models_and_rules():
    contract = (DOCS / "contract.md").read_text(encoding="utf-8")
    for name, model in SCHEMAS.items():
        for column, col in model.to_schema().columns.items():
            assert f"| `{column}` |" in contract, f"{name}.{column}"
            assert docs.md_cell(docs.md_text(col.description)) in contract, f"{name}.{column}: its description"
    checks = (DOCS / "checks.md").read_text(encoding="utf-8")
    for kind, rules in RULES.items():
        for rule in rules:
            assert f"| `{rule.name}` | {kind} | {rule.severity} |" in checks, rule.name


def test_a_stale_region_is_rewritten_and_an_unknown_one_refused():
    page = "intro\n<!-- generated: rules -->\nan old table\n<!-- end generated -->\nafter\n"
    rendered = docs.render_page(page, docs.regions())
    assert rendered != page and "an old table" not in rendered
    assert rendered.startswith("intro\n<!-- generated: rules -->\n") and rendered.endswith("<!-- end generated -->\nafter\n")
    assert "| `percent_not_negative` | values | error |" in rendered
    assert docs.render_page(rendered, docs.regions()) == rendered  # regenerating changes nothing
    with pytest.raises(ValueError, match="unknown generated region 'rules of thumb'"):
        docs.render_page("<!-- generated: rules of thumb -->\n<!-- end generated -->\n", docs.regions(), "x.md")


def test_check_mode_passes_on_the_committed_docs():
    assert docs.main(["--check"]) == 0


def _links(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", path.read_text(encoding="utf-8")))


def test_every_docs_page_is_linked_from_the_readme_or_the_index():
    linked = {(index.parent / target.split("#")[0]).resolve() for index in INDEXES for target in _links(index)
              if not re.match(r"[a-z]+:", target) and target.split("#")[0]}
    missing = [page.relative_to(ROOT) for page in PAGES if page.resolve() not in linked and page != DOCS / "README.md"]
    assert not missing, f"not linked from README.md or docs/README.md: {missing}"
    assert (DOCS / "README.md").resolve() in linked


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: markup dropped, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(heading)
        out.add(base if base not in seen else f"{base}-{seen[base]}")
        seen[base] = seen.get(base, 0) + 1
    return out


@pytest.mark.parametrize("page", [*INDEXES, *(p for p in PAGES if p != DOCS / "README.md")],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    broken = []
    for target in _links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{target}: no heading #{anchor} in {path.relative_to(ROOT)}")
    assert not broken, f"{page.relative_to(ROOT)}: " + "; ".join(broken)
