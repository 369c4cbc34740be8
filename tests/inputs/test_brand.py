"""A partnership's brand.yml: the two sample brands read, and each refusal names the file and the key."""

import shutil
from pathlib import Path

import pytest

from hscp_nb.domain.errors import InputError
from hscp_nb.inputs.brand import brand_digest, check_lines, read_brand

LOCAL = Path(__file__).resolve().parents[2] / "data" / "sample" / "local"


def test_sample_brands_read():
    orkney = read_brand(LOCAL / "orkney-islands")
    assert orkney.logo.kind == "svg" and orkney.logo.alt.startswith("Orkney Islands")
    assert orkney.heading_family == "Liberation Serif" and orkney.fonts[0].weight == 700
    assert orkney.series[:3] == ("#1F5F8B", "#7B3F8C", "#2E7D4F")  # primary, secondary, tertiary, then the palette
    assert orkney.adjustments == ()
    glasgow = read_brand(LOCAL / "glasgow-city")
    assert glasgow.logo.kind == "png" and glasgow.base_family == "Liberation Sans"
    assert {(a.key, a.found, a.used) for a in glasgow.adjustments} == {
        ("color.primary", "#F9B233", "#C08927"),
        ("color.primary", "#F9B233", "#9A6E20"),
    }
    assert any("#F9B233 darkened to #9A6E20 for text" in line for line in check_lines(LOCAL / "glasgow-city"))


def test_no_brand_is_none(tmp_path):
    assert read_brand(tmp_path) is None
    assert brand_digest(tmp_path) is None
    assert read_brand(LOCAL / "highland") is None


def _copy(tmp_path, slug="orkney-islands") -> Path:
    folder = tmp_path / slug
    shutil.copytree(LOCAL / slug, folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "brand.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _refusal(folder: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_brand(folder)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_logo_without_alt_is_refused_naming_the_file(tmp_path):
    folder = _copy(tmp_path)
    _edit(
        folder, '      alt: "Orkney Islands Health and Social Care sample logo: a standing stone above two waves"\n', ""
    )
    line = _refusal(folder)
    assert "brand.yml" in line and "logo.svg" in line and "alt text" in line


def test_web_font_is_refused_in_one_line_naming_the_family(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "  fonts:\n", "  fonts:\n    - family: Open Sans\n      source: google\n")
    line = _refusal(folder)
    assert "'Open Sans'" in line and "offline" in line and "\n" not in line


def test_family_without_files_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "  headings:\n    family: Liberation Serif", "  headings:\n    family: Comic Neue")
    line = _refusal(folder)  # brand-yml reads a family named but not declared as a system font
    assert "'Comic Neue'" in line and "offline" in line


def test_bad_colour_is_refused_naming_the_key(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'kelp: "#2E7D4F"', 'kelp: "seaweed green"')
    line = _refusal(folder)
    assert "color.palette.kelp" in line and "seaweed green" in line


def test_font_file_of_another_family_is_refused(tmp_path):
    folder = _copy(tmp_path)
    shutil.copy(LOCAL / "glasgow-city" / "fonts" / "LiberationSans-Bold.ttf",
                folder / "fonts" / "LiberationSerif-Bold.ttf")  # fmt: skip
    assert "holds 'Liberation Sans'" in _refusal(folder)


def test_digest_moves_with_the_logo_only(tmp_path):
    folder = _copy(tmp_path)
    before = brand_digest(folder)
    assert before == brand_digest(LOCAL / "orkney-islands")  # where the folder is does not matter
    (folder / "report.yml").write_text("sections: []\n")  # another file of the folder is not the brand's
    assert brand_digest(folder) == before
    (folder / "logo.svg").write_text((folder / "logo.svg").read_text().replace("#9FD3F0", "#9FD3F1"))
    assert brand_digest(folder) != before


def test_validate_is_the_brand_check():
    from hscp_nb.inputs.validate import check

    checked = check(LOCAL / "glasgow-city" / "brand.yml")
    assert checked.kind == "brand" and "4 colour(s) adjusted" in checked.summary
    assert "color.primary #F9B233 darkened to #9A6E20 for text (headings, links, key figures)" in checked.notes[1]


def test_validate_refuses_a_logo_without_alt(tmp_path):
    from hscp_nb.inputs.validate import check

    folder = _copy(tmp_path)
    _edit(
        folder, '      alt: "Orkney Islands Health and Social Care sample logo: a standing stone above two waves"\n', ""
    )
    with pytest.raises(InputError, match="logo.svg"):
        check(folder / "brand.yml")
