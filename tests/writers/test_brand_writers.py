"""Every writer in a partnership's brand: the colours each format uses, read back from what it wrote, reach their
contrast on white (text 4.5:1, large headings 3:1); the logo is there with its alt text; the fonts are embedded.
Without a brand nothing changes."""

import io
import re
from pathlib import Path

import pytest

from hscp_nb.domain.colour import contrast
from hscp_nb.inputs.brand import read_brand
from hscp_nb.report.look import branded
from tests.blocks_sample import sample_document

LOCAL = Path(__file__).resolve().parents[2] / "data" / "sample" / "local"
SLUGS = ("orkney-islands", "glasgow-city")


@pytest.fixture(scope="module", params=SLUGS)
def brand(request):
    return read_brand(LOCAL / request.param)


def test_without_a_brand_the_document_is_unchanged():
    document = sample_document()
    assert document.brand is None
    from hscp_nb.writers import html, pdf

    assert "brand.yml" not in html.render_document(document) and "logo" not in html.render_document(document)
    assert "brand" not in pdf.payload(document)
    assert pdf.font_paths(None) == ()


def test_html_colours_logo_and_fonts(brand):
    from hscp_nb.writers.html import render_document

    page = render_document(branded(sample_document(), brand))
    properties = dict(re.findall(r"--(blue|accent|ink|tint): (#[0-9A-F]{6})", page.split("brand.yml */")[1]))
    assert contrast(properties["ink"], "#FFFFFF") >= 4.5
    assert contrast(properties["accent"], "#FFFFFF") >= 4.5  # smaller headings, links
    assert contrast(properties["blue"], "#FFFFFF") >= 3.0  # h1, h2 (large), rules
    assert contrast(properties["ink"], properties["tint"]) >= 4.5  # header cells on their fill
    assert f'alt="{brand.logo.alt}"' in page
    assert f'src="data:{brand.logo.media_type};base64,' in page
    for family in brand.font_families:
        assert f'@font-face {{ font-family: "{family}"' in page


def test_glasgow_gold_never_reaches_a_page_undarkened():
    from hscp_nb.writers.html import render_document

    page = render_document(branded(sample_document(), read_brand(LOCAL / "glasgow-city")))
    assert "#F9B233" not in page.upper().split("BRAND.YML */")[1].split("<BODY")[0]


def test_pdf_embeds_the_fonts_and_the_logo(brand):
    from pypdf import PdfReader

    from hscp_nb.writers.pdf import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(branded(sample_document(), brand))))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            embedded = any(k in descendant["/FontDescriptor"].get_object() for k in ("/FontFile2", "/FontFile3"))
            fonts.add((str(font["/BaseFont"]).split("+")[-1], embedded))
    for family in brand.font_families:
        stem = family.replace(" ", "")
        assert any(name.startswith(stem) and embedded for name, embedded in fonts), fonts
    if brand.logo.kind == "png":  # a raster logo is an image of the first page
        assert len(reader.pages[0].images) == 1
    else:  # an SVG logo is drawn as vectors: its words are text of the first page
        assert "Orkney Islands" in reader.pages[0].extract_text()


def _large(size_pt: float, bold: bool) -> bool:
    """WCAG's large text: 18 pt, or 14 pt bold."""
    return size_pt >= 18 or (bold and size_pt >= 14)


def test_word_styles_take_the_brand_and_reach_their_contrast(brand):
    import docx

    from hscp_nb.writers.docx import WRITER_STYLES, render_docx

    word = docx.Document(io.BytesIO(render_docx(branded(sample_document(), brand))))
    checked = 0
    for style in word.styles:
        font = getattr(style, "font", None) if style.name in WRITER_STYLES | {"Normal"} else None
        if font is None or font.color is None or font.color.rgb is None:
            continue
        size, bold, base = font.size, font.bold, style.base_style
        while base is not None and (size is None or bold is None):
            size, bold, base = size or base.font.size, bold if bold is not None else base.font.bold, base.base_style
        colour = f"#{font.color.rgb}"
        target = 3.0 if _large(size.pt if size else 11, bool(bold)) else 4.5
        assert contrast(colour, "#FFFFFF") >= target, (style.name, colour)
        checked += 1
    assert checked >= 15
    assert f"#{word.styles['Heading 1'].font.color.rgb}" == brand.heading
    assert f"#{word.styles['Heading 3'].font.color.rgb}" == brand.accent
    pictures = [p for p in word.inline_shapes] + [
        s for s in word.sections[0].header._element.iter() if s.tag.endswith("}docPr")
    ]
    alts = {p._inline.docPr.get("descr") if hasattr(p, "_inline") else p.get("descr") for p in pictures}
    assert brand.logo.alt in alts
    if brand.heading_family:
        assert word.styles["Heading 1"].font.name == brand.heading_family


def test_odt_styles_take_the_brand_and_reach_their_contrast(brand):
    import zipfile

    from lxml import etree

    from hscp_nb.writers.odt import render_odt

    archive = zipfile.ZipFile(io.BytesIO(render_odt(branded(sample_document(), brand))))
    styles = etree.fromstring(archive.read("styles.xml"))
    ns = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
          "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}  # fmt: skip
    fo = "{" + ns["fo"] + "}"
    checked = 0
    for style in styles.iterfind(".//style:style", ns):
        text = style.find("style:text-properties", ns)
        if text is None or text.get(fo + "color") is None:
            continue
        size = float(text.get(fo + "font-size", "11pt").rstrip("pt"))
        target = 3.0 if _large(size, text.get(fo + "font-weight") == "bold") else 4.5
        assert contrast(text.get(fo + "color"), "#FFFFFF") >= target, style.get("{" + ns["style"] + "}name")
        checked += 1
    assert checked >= 20
    assert f'fo:color="{brand.heading}"' in archive.read("styles.xml").decode()
    assert brand.logo.alt in archive.read("content.xml").decode()  # the title page
    assert brand.logo.alt in archive.read("styles.xml").decode()  # the running header


def test_index_logo(brand):
    from hscp_nb.writers.html import logo_img

    assert f'alt="{brand.logo.alt}"' in logo_img(brand.small_logo)
    assert 'alt=""' in logo_img(brand.small_logo, decorative=True)
    assert logo_img(brand.small_logo).startswith(f'<img class="logo" src="data:{brand.small_logo.media_type};base64,')


def test_a_paper_template_wins_for_the_word_styles(tmp_path):
    import dataclasses

    import docx

    from hscp_nb.writers.docx import render_docx

    template = tmp_path / "our-paper.docx"
    own = docx.Document()
    own.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x00, 0x33, 0x66)
    own.save(template)
    brand = read_brand(LOCAL / "glasgow-city")
    document = branded(sample_document(), brand)
    document = dataclasses.replace(document, front=dataclasses.replace(document.front, template=str(template)))
    word = docx.Document(io.BytesIO(render_docx(document)))
    assert str(word.styles["Heading 1"].font.color.rgb) == "003366"  # the template's, not the brand's
    alts = {s.get("descr") for s in word.element.body.iter() if s.tag.endswith("}docPr")}
    assert brand.logo.alt in alts  # the logo still goes on the title page


def test_html_fonts_are_cut_to_the_page_and_keep_its_characters():
    import base64

    from fontTools.ttLib import TTFont

    from hscp_nb.writers.html import render_document

    page = render_document(branded(sample_document(), read_brand(LOCAL / "glasgow-city")))
    faces = re.findall(r"url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", page)
    assert len(faces) == 2
    text = re.sub(r"<[^>]+>|data:[^\"]+", "", page.split("<body>")[1])
    for face in faces:
        data = base64.b64decode(face)
        assert len(data) < 60_000  # from 410 KB
        cmap = TTFont(io.BytesIO(data)).getBestCmap()
        assert {ord(c) for c in text if not c.isspace()} <= set(cmap), "a character of the page has no glyph"
