"""Tagged PDF, part two: write the structure tree and what PDF/UA-1 and PDF/A-2u ask of a file.

ReportLab draws the pages with their marked content (see :mod:`briefgen.pdf.tagging`);
this stage opens the result with pikepdf and adds what the open-source ReportLab cannot
write: the structure tree and its parent tree, ``/StructParents`` and ``/Tabs`` on
pages, ``/StructParent``, ``/F`` and ``/Contents`` on link annotations, ``/MarkInfo``,
``/ViewerPreferences``, XMP metadata that matches the document information (with the
``pdfuaid`` and ``pdfaid`` identification and briefgen's provenance), an sRGB output
intent, font subset prefixes unique to each subset, and a trailer ``/ID``. It saves
with object streams (struct elements would otherwise inflate the file) and an end-of-line
before every ``endstream``. Everything is derived from the input, so the output is as
deterministic as the input.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from briefgen.content.inline import escape as xml_escape
from briefgen.layouts import BUILTIN_LAYOUTS
from briefgen.pdf.tagging import Annotation, MarkedContent, StructElement, Tagger

log = logging.getLogger(__name__)

ICC_PROFILE = BUILTIN_LAYOUTS / "base" / "color" / "sRGB.icc"
PROVENANCE_NS = "https://briefgen.invalid/ns/provenance/1.0/"
_SUBSET = re.compile(r"^/?[A-Z]{6}\+")


def finish(pdf_bytes: bytes, tags: Tagger, language: str) -> bytes:
    """The tagged, archival PDF of one rendered document: its structure tree, then :func:`finish_document`."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, ExitStack() as figures:
        attach_forms(pdf, tags, figures)
        write_structure(pdf, tags)
        if "/Outlines" in pdf.Root:
            pdf.Root.PageMode = Name.UseOutlines  # open with the bookmarks panel
        return finish_document(pdf, language)


def attach_forms_only(pdf_bytes: bytes, tags: Tagger) -> bytes:
    """An untagged PDF with its PDF figures copied in (``--pdf-standard none``)."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf, ExitStack() as figures:
        attach_forms(pdf, tags, figures)
        return save(pdf)


def attach_forms(pdf: pikepdf.Pdf, tags: Tagger, sources: ExitStack) -> None:
    """Copy each one-page PDF figure in as a form XObject, under the name its page draws it by."""
    copied: dict[str, pikepdf.Object] = {}
    for number, forms in sorted(tags.forms.items()):
        page = pdf.pages[number - 1]
        for name, path in sorted(forms.items()):
            if name not in copied:
                source = sources.enter_context(pikepdf.open(path))
                copied[name] = pdf.copy_foreign(source.pages[0].as_form_xobject())
            page.add_resource(copied[name], Name.XObject, Name("/" + name))


def finish_document(pdf: pikepdf.Pdf, language: str, icc_profile: Path = ICC_PROFILE) -> bytes:
    """Catalog entries, XMP metadata, output intent and unique subset names for a tagged PDF; its bytes."""
    root = pdf.Root
    root.MarkInfo = Dictionary(Marked=True)
    root.Lang = String(language)
    preferences = Dictionary(DisplayDocTitle=True)
    direction = root.get("/ViewerPreferences", Dictionary()).get("/Direction")
    if direction is not None:  # a right-to-left document's pages are shown right to left
        preferences.Direction = direction
    root.ViewerPreferences = preferences
    _output_intent(pdf, icc_profile)
    _metadata(pdf, language)
    unique_subset_names(pdf)
    return save(pdf)


def pdf_date(epoch: int) -> str:
    """A PDF date string for a Unix time, in UTC: ``D:20240301000000+00'00'``."""
    import datetime as dt

    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")


def save(pdf: pikepdf.Pdf) -> bytes:
    """Save with object streams, an EOL before ``endstream`` (PDF/A), and an /ID derived from the content."""
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True,
             compress_streams=True, preserve_pdfa=True,
             fix_metadata_version=False)  # our XMP is complete; the fix re-serialised it through lxml (~20 ms)
    return out.getvalue()


# ---------------------------------------------------------------- structure tree


def write_structure(pdf: pikepdf.Pdf, tags: Tagger) -> pikepdf.Object:
    """Write the tree under a new ``/StructTreeRoot``; return it."""
    tree = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    writer = _TreeWriter(pdf, tags.root)
    document = writer.element(tags.root, tree)
    tree.K = Array([document])
    nums, next_key = parent_tree_entries(pdf, tags, writer.objects)
    tree.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = tree
    return tree


class _TreeWriter:
    """Writes structure elements as PDF objects, in document order.

    What every element asks again is worked out once: the page objects (``pdf.pages[i]``
    builds a new wrapper each time), the role names, and which elements have anything drawn
    (asking each element would walk its subtree once per ancestor).
    """

    def __init__(self, pdf: pikepdf.Pdf, root: StructElement):
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.objects: dict[int, pikepdf.Object] = {}
        self.drawn: set[int] = set()
        _find_drawn(root, self.drawn)
        self.names: dict[str, pikepdf.Name] = {}
        self.struct_elem, self.mcr, self.objr, self.table = Name.StructElem, Name.MCR, Name.OBJR, Name.Table

    def name(self, value: str) -> pikepdf.Name:
        """The PDF name ``/value``, made once."""
        name = self.names.get(value)
        if name is None:
            name = self.names[value] = Name("/" + value)
        return name

    def element(self, element: StructElement, parent: pikepdf.Object) -> pikepdf.Object:
        """Write ``element`` and, after it, its drawn descendants; return its object."""
        entries = {"/Type": self.struct_elem, "/S": self.name(element.role), "/P": parent}
        if element.alt:
            entries["/Alt"] = String(element.alt)
        if element.lang:
            entries["/Lang"] = String(element.lang)
        if element.scope:
            entries["/A"] = Dictionary(O=self.table, Scope=self.name(element.scope))
        pages = {kid.page for kid in element.kids if isinstance(kid, (MarkedContent, Annotation))}
        if len(pages) == 1:
            entries["/Pg"] = self.pages[next(iter(pages)) - 1]
        obj = self.objects[id(element)] = self.pdf.make_indirect(Dictionary(entries))
        kids: list[Any] = []
        for kid in element.kids:
            if isinstance(kid, StructElement):
                if id(kid) in self.drawn:
                    kids.append(self.element(kid, obj))
            elif isinstance(kid, MarkedContent):
                kids.append(kid.mcid if len(pages) == 1 else
                            Dictionary(Type=self.mcr, Pg=self.pages[kid.page - 1], MCID=kid.mcid))
            else:
                annotated = self.pages[kid.page - 1]
                kids.append(Dictionary(Type=self.objr, Obj=annotated.Annots[kid.index], Pg=annotated))
        obj.K = Array(kids)
        return obj


def _find_drawn(element: StructElement, drawn: set[int]) -> bool:
    """Whether anything of ``element`` was drawn (:meth:`StructElement.is_empty`, negated), for it and
    every element under it at once; the ids of those that were go into ``drawn``."""
    found = False
    for kid in element.kids:
        if not isinstance(kid, StructElement) or _find_drawn(kid, drawn):
            found = True
    if found:
        drawn.add(id(element))
    return found


def parent_tree_entries(pdf: pikepdf.Pdf, tags: Tagger, objects: dict[int, pikepdf.Object],
) -> tuple[list[Any], int]:
    """Number-tree entries: each page's elements by MCID, then each link annotation's element.

    Sets ``/StructParents`` and ``/Tabs`` on pages and ``/StructParent``, ``/F`` and ``/Contents``
    on annotations. Returns the entries and the next free key.
    """
    nums: list[Any] = []
    key = 0
    for number, page in enumerate(pdf.pages, start=1):
        page.obj.Tabs = Name.S
        elements = tags.mcids.get(number)
        if elements:
            page.obj.StructParents = key
            nums += [key, Array([objects[id(e)] for e in elements])]
            key += 1
    for number, page in enumerate(pdf.pages, start=1):
        links = tags.annotations.get(number, [])
        annots = list(page.obj.get("/Annots", []))
        if len(annots) != len(links):
            raise RuntimeError(f"page {number}: {len(annots)} annotations, {len(links)} recorded while drawing")
        for annot, (link, description) in zip(annots, links, strict=True):
            annot.StructParent = key
            annot.F = 4
            annot.Contents = String(description)
            nums += [key, objects[id(link)]]
            key += 1
    return nums, key


# ---------------------------------------------------------------- identification and archival


def _output_intent(pdf: pikepdf.Pdf, icc_profile: Path) -> None:
    profile = pdf.make_stream(icc_profile.read_bytes())
    profile.N = 3
    pdf.Root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"), DestOutputProfile=profile)])


def _pdf_date_to_xmp(value: str) -> str:
    """``D:20240301000000+00'00'`` → ``2024-03-01T00:00:00+00:00``."""
    found = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-Z])?(\d{2})?'?(\d{2})?", value)
    if not found:
        return value
    y, mo, d, h, mi, s, sign, th, tm = found.groups()
    zone = "Z" if sign in (None, "Z") else f"{sign}{th or '00'}:{tm or '00'}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _metadata(pdf: pikepdf.Pdf, language: str) -> None:
    """XMP from the document information dictionary (so the two always agree), uncompressed."""
    info = pdf.docinfo
    for key in list(info.keys()):
        if str(info[key]) == "":
            del info[key]  # an empty entry would have to match an empty XMP property
    values = {str(k)[1:]: str(v) for k, v in info.items()}
    stream = pdf.make_stream(xmp_packet(values, language).encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = stream


def xmp_packet(info: dict[str, str], language: str) -> str:
    """The XMP packet: Dublin Core, XMP and PDF properties, PDF/A and PDF/UA ids, provenance, extension schemas."""
    x = lambda text: xml_escape(text).replace('"', "&quot;")  # noqa: E731
    props = ["<dc:format>application/pdf</dc:format>",
             f"<dc:language><rdf:Bag><rdf:li>{x(language)}</rdf:li></rdf:Bag></dc:language>"]
    if "Title" in info:
        props.append(f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{x(info["Title"])}</rdf:li></rdf:Alt></dc:title>')
    if "Author" in info:
        props.append(f"<dc:creator><rdf:Seq><rdf:li>{x(info['Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if "Subject" in info:
        props.append(f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{x(info["Subject"])}</rdf:li>'
                     "</rdf:Alt></dc:description>")
    simple = {"Keywords": "pdf:Keywords", "Producer": "pdf:Producer", "Creator": "xmp:CreatorTool"}
    props += [f"<{tag}>{x(info[key])}</{tag}>" for key, tag in simple.items() if key in info]
    dates = {"CreationDate": "xmp:CreateDate", "ModDate": "xmp:ModifyDate"}
    props += [f"<{tag}>{_pdf_date_to_xmp(info[key])}</{tag}>" for key, tag in dates.items() if key in info]
    props += ["<pdfaid:part>2</pdfaid:part>", "<pdfaid:conformance>U</pdfaid:conformance>",
              "<pdfuaid:part>1</pdfuaid:part>"]
    provenance = sorted((k[len("Briefgen"):], v) for k, v in info.items() if k.startswith("Briefgen"))
    props += [f"<briefgen:{name}>{x(value)}</briefgen:{name}>" for name, value in provenance]
    return _XMP.format(properties="\n   ".join(props), schemas=_extension_schemas([n for n, _ in provenance]),
                       ns=PROVENANCE_NS)


def _extension_schemas(provenance: list[str]) -> str:
    def prop(name: str, kind: str, description: str) -> str:
        return (f'<rdf:li rdf:parseType="Resource"><pdfaProperty:name>{name}</pdfaProperty:name>'
                f"<pdfaProperty:valueType>{kind}</pdfaProperty:valueType>"
                "<pdfaProperty:category>internal</pdfaProperty:category>"
                f"<pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>")

    def schema(title: str, uri: str, prefix: str, props: list[str]) -> str:
        return (f'<rdf:li rdf:parseType="Resource"><pdfaSchema:schema>{title}</pdfaSchema:schema>'
                f"<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>"
                f"<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>"
                f"<pdfaSchema:property><rdf:Seq>{''.join(props)}</rdf:Seq></pdfaSchema:property></rdf:li>")

    ua = schema("PDF/UA Universal Accessibility Schema", "http://www.aiim.org/pdfua/ns/id/", "pdfuaid",
                [prop("part", "Integer", "Indicates, which part of ISO 14289 standard is followed")])
    ours = schema("briefgen provenance", PROVENANCE_NS, "briefgen",
                  [prop(name, "Text", f"briefgen provenance: {name}") for name in provenance])
    return ua + (ours if provenance else "")


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:briefgen="{ns}"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   {properties}
   <pdfaExtension:schemas><rdf:Bag>{schemas}</rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def unique_subset_names(pdf: pikepdf.Pdf) -> None:
    """Give every font subset a prefix derived from its name and glyphs (ReportLab numbers them AAAAAA, AAAAAB…)."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != Name.Font:
            continue
        base = str(obj.get("/BaseFont", ""))
        if not _SUBSET.match(base):
            continue
        unicode_map = obj.get("/ToUnicode")
        glyphs = bytes(unicode_map.read_bytes()) if unicode_map is not None else repr(obj.get("/Widths")).encode()
        digest = hashlib.sha256(base.encode() + glyphs).digest()
        name = "/" + "".join(chr(ord("A") + byte % 26) for byte in digest[:6]) + base.lstrip("/")[6:]
        obj.BaseFont = Name(name)
        descriptor = obj.get("/FontDescriptor")
        if descriptor is not None:
            descriptor.FontName = Name(name)
