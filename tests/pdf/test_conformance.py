"""Tagged and archival output (PDF/UA-1, PDF/A-2u), checked with pypdf: no Java needed.

veraPDF runs in `make conformance`; these tests check what it cannot judge too: that the
tree means what the page shows (roles, alt text, reading order) and that every piece of
text is either tagged content or an artifact.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.helpers import EXAMPLE, FIXTURES, ROOT, minimal, pdf_text, run, squash, write_yaml
from briefgen.content.inline import plain
from tests.structure import Node, page_texts, read_tree

NAMES = ["dprk-japan-overture", "realistic", "minimal", "hostile", "orthography"]


def products(built: Path) -> list[Path]:
    return sorted(built.glob("*.pdf"))


def test_every_product_is_tagged_with_no_text_outside_tags_or_artifacts(built: Path) -> None:
    assert len(products(built)) >= 8
    for pdf in products(built):
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] == True, pdf.name  # noqa: E712 - a PDF boolean
        for number, page in enumerate(page_texts(reader), start=1):
            assert page.unmarked == "", f"{pdf.name} page {number}: untagged text {page.unmarked[:80]!r}"
            assert page.by_mcid, f"{pdf.name} page {number} has no tagged content"


def test_catalog_and_metadata_identify_the_standards(built: Path) -> None:
    for pdf in products(built):
        reader = PdfReader(pdf)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        info = reader.metadata
        brief = pdf.name.rsplit("-", 2)[0]
        language = {"figures": "en-GB", "scripts": "en-GB", "cjk-desk": "ja", "rtl-desk": "ar"}.get(brief, "en")
        assert root["/Lang"] == language  # the brief's language
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
        assert root["/ViewerPreferences"].get("/Direction") == ("/R2L" if language == "ar" else None)
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<pdfaid:part>2</pdfaid:part>" in xmp
        assert "<pdfaid:conformance>U</pdfaid:conformance>" in xmp
        title = re.search(r'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">(.*?)</rdf:li>', xmp).group(1)
        assert title.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == info["/Title"]
        assert f"<briefgen:SourceSHA256>{info['/BriefgenSourceSHA256']}</briefgen:SourceSHA256>" in xmp
        intent = root["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFA1" and intent["/DestOutputProfile"].get_object()["/N"] == 3
        assert len(reader.trailer["/ID"]) == 2


def test_links_are_tagged_and_described(built: Path) -> None:
    for pdf in products(built):
        for page in PdfReader(pdf).pages:
            assert page.get("/Tabs") == "/S"
            for annot in page.get("/Annots", []) or []:
                annot = annot.get_object()
                assert annot["/F"] == 4 and "/StructParent" in annot and annot["/Contents"].strip(), pdf.name


def test_font_subsets_have_unique_prefixes(built: Path) -> None:
    for pdf in products(built):
        names = []
        for page in PdfReader(pdf).pages:
            for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
                names.append(str(font.get_object()["/BaseFont"]))
        subsets = {name for name in names if re.match(r"^/[A-Z]{6}\+", name)}
        assert subsets and not any(name.startswith("/AAAAAA+") for name in subsets), pdf.name
        assert len({name[1:7] for name in subsets}) == len(subsets), pdf.name


def roles(tree: Node) -> set[str]:
    return {node.role for node in tree.walk()}


def test_long_form_structure_means_what_the_page_shows(built: Path) -> None:
    tree = read_tree(built / "dprk-japan-overture-long-form.pdf")
    assert {"Document", "H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH",
            "TD", "BlockQuote", "TOC", "TOCI", "Link", "Figure", "Div"} <= roles(tree)
    headings = [node for node in tree.walk() if node.role == "H1"]
    assert len(headings) == 1 and squash(headings[0].all_text()).startswith("Pyongyang’sopeningtoTokyo")
    assert all(node.scope == "Column" for node in tree.walk() if node.role == "TH")
    quote = next(node for node in tree.walk() if node.role == "BlockQuote")
    assert "KimYoJong" in squash(quote.all_text())  # the attribution is inside the quote
    labels = [node.all_text().strip() for node in tree.walk() if node.role == "Lbl"]
    assert "•" in labels and "1." in labels


def test_contents_entries_are_links_to_their_headings(built: Path) -> None:
    tree = read_tree(built / "dprk-japan-overture-long-form.pdf")
    toc = next(node for node in tree.walk() if node.role == "TOC")
    entries = [child for child in toc.children if child.role == "TOCI"]
    assert len(entries) >= 6
    for entry in entries:
        link = entry.children[0]
        assert link.role == "Link" and any(kid.role == "#annot" and kid.alt.startswith("Go to ") for kid in link.children)
    assert squash(entries[0].all_text()).startswith("Keypoints")


def test_every_figure_has_alt_text_written_from_the_data(built: Path) -> None:
    for name in ("dprk-japan-overture-long-form", "dprk-japan-overture-one-page"):
        figures = [node for node in read_tree(built / f"{name}.pdf").walk() if node.role == "Figure"]
        assert figures and all(node.alt for node in figures)
    alts = {node.alt for node in read_tree(built / "dprk-japan-overture-long-form.pdf").walk() if node.role == "Figure"}
    assert "likely: 55–80% on the ICD-203 scale" in alts
    assert any(alt.startswith("Timeline chart: ") for alt in alts)


def test_reading_order_is_the_contents_order(built: Path) -> None:
    brief = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    probes = [brief["title"], brief["summary"], brief["background"][0], brief["key_quotes"][0]["text"],
              brief["actors"][0]["motives"][0], brief["outlook"]["summary"]]
    for fmt, last in (("one-page", brief["sources"][0]["publisher"]), ("long-form", brief["sources"][0]["title"])):
        text = squash(read_tree(built / f"dprk-japan-overture-{fmt}.pdf").all_text())
        probes = probes[:6] + [last]
        position = 0
        for probe in probes:  # each found after the one before
            found = text.find(squash(plain(probe))[:40], position)
            assert found > position or (found == 0 == position), (fmt, probe)
            position = found


def test_tree_text_is_the_page_text(built: Path) -> None:
    """Everything printed, except the furniture, is in the tree."""
    pdf = built / "realistic-long-form.pdf"
    tree_text = squash(read_tree(pdf).all_text())
    artifacts = squash("".join(page.artifact for page in page_texts(PdfReader(pdf))))
    page_text = squash("".join(pdf_text(pdf)))
    assert len(tree_text) + len(artifacts) >= len(page_text) * 0.98


def test_language_sets_the_document_lang(tmp_path: Path, capsys) -> None:
    path = write_yaml(tmp_path, minimal(language="en-GB"), "brief.yaml")
    assert run(capsys, "build", path, "--out", tmp_path)[0] == 0
    for pdf in tmp_path.glob("*.pdf"):
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"
        assert "<rdf:li>en-GB</rdf:li>" in reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


def test_pdf_standard_none_writes_no_tags(tmp_path: Path, capsys) -> None:
    assert run(capsys, "build", FIXTURES / "minimal.yaml", "--pdf-standard", "none", "--out", tmp_path)[0] == 0
    for pdf in tmp_path.glob("*.pdf"):
        assert "/StructTreeRoot" not in PdfReader(pdf).trailer["/Root"]


def test_letter_paper_is_tagged_too(tmp_path: Path, capsys) -> None:
    assert run(capsys, "build", EXAMPLE, "--paper", "letter", "--out", tmp_path)[0] == 0
    for pdf in tmp_path.glob("*.pdf"):
        reader = PdfReader(pdf)
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        assert all(page.unmarked == "" for page in page_texts(reader))


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from briefgen.interface.cli import main

    folder = tmp_path_factory.mktemp("tagged-pack")
    write_yaml(folder, minimal(language="de", id="german", title="Ein kurzes Briefing"), "german.yaml")
    manifest = write_yaml(folder, f"title: Tagged pack\ndate: 2025-01-01\nduplex: true\nwatermark: DRAFT\nitems:\n"
                                  f"  - {{brief: {EXAMPLE}, format: one-page}}\n"
                                  f"  - {{brief: german.yaml, format: long-form}}\n"
                                  f"  - {{brief: {EXAMPLE}, format: long-form}}\n", "pack.yaml")
    assert main(["pack", str(manifest), "--out", str(folder / "pack.pdf")]) in (0,)
    return folder / "pack.pdf"


def test_pack_keeps_each_items_structure_under_its_own_part(pack: Path) -> None:
    tree = read_tree(pack)
    document = tree.children[0]
    assert document.role == "Document"
    parts = document.children
    assert [part.role for part in parts] == ["Part"] * 4  # front matter, then the three items
    assert [part.lang for part in parts] == ["en", "en", "de", "en"]
    assert "TOC" in roles(parts[3]) and "Table" in roles(parts[1])
    reader = PdfReader(pack)
    for number, page in enumerate(page_texts(reader), start=1):
        assert page.unmarked == "", f"pack page {number}: {page.unmarked[:60]!r}"


def test_pack_parent_tree_keys_are_renumbered_and_unique(pack: Path) -> None:
    reader = PdfReader(pack)
    keys = [page["/StructParents"] for page in reader.pages if "/StructParents" in page]
    keys += [a.get_object()["/StructParent"] for page in reader.pages for a in page.get("/Annots", []) or []]
    assert len(keys) == len(set(keys))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    assert sorted(nums[::2]) == sorted(keys) and tree["/ParentTreeNextKey"] == max(keys) + 1
    assert reader.trailer["/Root"]["/Lang"] == "en" and len(reader.trailer["/ID"]) == 2


def test_pack_furniture_is_artifact(pack: Path) -> None:
    for page in page_texts(PdfReader(pack)):
        assert "Pack page" in page.artifact and "DRAFT" in page.artifact
        assert "Pack page" not in "".join(page.by_mcid.values())


def test_shipped_layouts_keep_their_profile_files() -> None:
    assert (ROOT / "briefgen" / "layouts" / "base" / "color" / "sRGB.icc").stat().st_size > 400


def test_language_spans_and_original_quotes_carry_their_own_lang(tmp_path: Path, capsys) -> None:
    data = minimal(summary="The mayor of [Łódź]{lang=pl} spoke.",
                   key_quotes=[{"text": "We will meet again.", "speaker": "Jan Kowalski", "priority": 1,
                                "original": {"text": "Spotkamy się ponownie.", "lang": "pl"}}])
    path = write_yaml(tmp_path, data, "brief.yaml")
    assert run(capsys, "build", path, "--out", tmp_path)[0] == 0
    for fmt in ("one-page", "long-form"):
        pdf = tmp_path / f"brief-{fmt}.pdf"
        original = [node for node in read_tree(pdf).walk() if node.lang == "pl"]
        assert [squash(node.all_text()) for node in original][:1] in (["Spotkamysięponownie."],
                                                                       ["Spotkamysięponownie.(Polishoriginal)"])
        content = b"".join(page.get_contents().get_data() for page in PdfReader(pdf).pages)
        assert b"/Span <</Lang (pl)>> BDC" in content
    assert "ORIGINAL (POLISH)" in " ".join(pdf_text(tmp_path / "brief-long-form.pdf"))
