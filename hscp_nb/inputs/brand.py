"""A partnership's ``brand.yml`` (Posit's brand.yml schema, read with the ``brand-yml`` library): its logos, colours
and fonts as one typed :class:`hscp_nb.domain.brand.Brand`, every colour checked for contrast.

It lives in the partnership's own folder, ``<local>/<slug>/brand.yml`` (``ReportParams.local_folder``). Without one
the report keeps the toolkit's own look, byte for byte.

What is refused (one :class:`InputError`, every problem at once, each naming the file and the key):
- a colour that is not a hex colour (or a palette name standing for one);
- a logo without alt text, naming the image file; a logo that is not an .svg or .png file, or is missing;
- a font given only by a family name (``source: google``, ``bunny`` or ``system``): it cannot be fetched offline, and
  every output embeds its fonts, so fonts come from .ttf or .otf files; a font file missing, in another format, or
  holding another family than the one named; a ``base`` or ``headings`` family with no font files.

A colour that misses its contrast target is not refused: the rule (:func:`hscp_nb.domain.colour.adjust`) darkens it,
and the QA page and ``brand-check`` list each change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from hscp_nb.domain import colour
from hscp_nb.domain.brand import Brand, FontFile, Logo, looks
from hscp_nb.domain.errors import InputError, Problem

BRAND_FILE = "brand.yml"
LOGO_KINDS = {".svg": "svg", ".png": "png"}
FONT_SUFFIXES = {".ttf", ".otf"}
COLOUR_KEYS = ("foreground", "background", "primary", "secondary", "tertiary", "success", "info", "warning",
               "danger", "light", "dark")  # fmt: skip


def brand_file(local_folder: Path) -> Path:
    return Path(local_folder) / BRAND_FILE


def brand_digest(local_folder: Path) -> str | None:
    """SHA-256 of the partnership's brand.yml and every file under its folder it may name (logos, fonts), or None
    without a brand: what a cache key folds in so that a brand change rebuilds that partnership alone, and what an
    edition records (presentation only: it lists no revision)."""
    path = brand_file(local_folder).resolve()
    if not path.is_file():
        return None
    digest = hashlib.sha256(path.read_bytes())
    for named in sorted(_named_files(path)):
        digest.update(str(named.relative_to(path.parent)).encode())
        digest.update(named.read_bytes() if named.is_file() else b"(missing)")
    return digest.hexdigest()


def _named_files(path: Path) -> set[Path]:
    """The files brand.yml names (by reading it as plain YAML: a file the library refuses still counts)."""
    import yaml

    try:
        tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return set()
    found: set[Path] = set()

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, str(k))
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in {"path", "small", "medium", "large", "light", "dark"}:
            candidate = (path.parent / node).resolve()
            if candidate.is_relative_to(path.parent.resolve()):
                found.add(candidate)

    walk(tree)
    return found


def read_brand(local_folder: Path) -> Brand | None:
    """The brand in ``<local_folder>/brand.yml``, or None when the folder has none."""
    path = brand_file(local_folder)
    if not path.is_file():
        return None
    import brand_yml
    import pydantic

    try:
        raw = brand_yml.Brand.from_yaml(path)
    except pydantic.ValidationError as err:
        raise InputError([_problem(path, e) for e in err.errors()]) from None
    except Exception as err:  # the YAML itself, or a file the library could not read
        raise InputError(Problem(file=str(path), expected=f"a brand.yml in Posit's schema ({err})")) from None
    problems: list[Problem] = []
    colours = _colours(raw, path, problems)
    logo, small = _logos(raw, path, problems)
    fonts, base, headings = _fonts(raw, path, problems)
    if problems:
        raise InputError(problems)
    ignored = []
    if colours.get("color.background") and colours["color.background"] != colour.WHITE:
        ignored.append("color.background: not used; every output is printed on white and checked against it")
    colours.pop("color.background", None)
    name = (raw.meta.name.full if raw.meta and raw.meta.name else None) or path.parent.name
    return Brand(
        name=str(name),
        source=str(path),
        digest=brand_digest(local_folder) or "",
        logo=logo,
        small_logo=small,
        fonts=tuple(fonts),
        base_family=base,
        heading_family=headings,
        ignored=tuple(ignored),
        **looks(colours),
    )


def _refuse(problems: list[Problem], path: Path, key: str, found, expected: str) -> None:
    problems.append(Problem(file=str(path), column=key, found=found, expected=expected))


def _problem(path: Path, error: dict) -> Problem:
    where = ".".join(str(p) for p in error.get("loc", ()) if not str(p).startswith("function-"))
    return Problem(file=str(path), column=where or None, found=error.get("input"), expected=error.get("msg", ""))


def _colours(raw, path: Path, problems: list[Problem]) -> dict[str, str]:
    """brand.yml's colours as ``{'color.primary': '#RRGGBB', …}``, the palette's as ``color.palette.<name>`` in file
    order (the library has already turned a palette name into its value)."""
    found: dict[str, str] = {}
    if raw.color is None:
        return found
    palette = raw.color.palette or {}
    for name, value in palette.items():
        _colour(f"color.palette.{name}", value, palette, path, problems, found)
    for key in COLOUR_KEYS:
        value = getattr(raw.color, key, None)
        if value is not None:
            _colour(f"color.{key}", value, palette, path, problems, found)
    ordered = {k: found[k] for k in found if not k.startswith("color.palette.")}
    ordered.update({k: found[k] for k in found if k.startswith("color.palette.")})
    return ordered


def _colour(key, value, palette, path, problems, found) -> None:
    value = palette.get(value, value) if isinstance(value, str) else value
    if colour.is_hex(value):
        found[key] = colour.normal(value)
    elif value not in {p.found for p in problems}:  # a theme colour naming a refused palette entry: said once
        _refuse(problems, path, key, value, "a hex colour such as #12436D, or the name of a color.palette entry")


def _logos(raw, path: Path, problems: list[Problem]) -> tuple[Logo | None, Logo | None]:
    if raw.logo is None:
        return None, None
    sizes, before = {}, len(problems)
    for size in ("small", "medium", "large"):
        resource = getattr(raw.logo, size, None)
        if resource is None:
            continue
        if hasattr(resource, "light") and not hasattr(resource, "path"):  # light/dark variants: the light one
            resource = resource.light or resource.dark
        sizes[size] = _logo(resource, size, raw.logo, path, problems)
    # one image named by two sizes is one problem
    seen, kept = set(), problems[:before]
    for problem in problems[before:]:
        if (problem.found, problem.expected) not in seen:
            seen.add((problem.found, problem.expected))
            kept.append(problem)
    problems[:] = kept
    main = sizes.get("medium") or sizes.get("large") or sizes.get("small")
    small = sizes.get("small") or sizes.get("medium") or sizes.get("large")
    return main, small


def _logo(resource, size: str, logos, path: Path, problems: list[Problem]) -> Logo | None:
    alt = getattr(resource, "alt", None)
    location = getattr(resource, "path", resource)
    name = str(getattr(location, "root", location))
    if isinstance(location, str) and logos.images and location in logos.images:  # a name of logo.images
        image = logos.images[location]
        alt, name = image.alt, str(getattr(image.path, "root", image.path))
    if "://" in name:
        _refuse(
            problems,
            path,
            f"logo.{size}",
            name,
            "a logo file beside brand.yml (a web address cannot be fetched offline)",
        )
        return None
    file = path.parent / name
    kind = LOGO_KINDS.get(file.suffix.lower())
    if not (alt or "").strip():
        _refuse(problems, path, f"logo.{size}", name, f"alt text for the logo {name} (alt: what the logo shows)")
        return None
    if kind is None:
        _refuse(problems, path, f"logo.{size}", name, "an .svg or .png logo")
        return None
    if not file.is_file():
        _refuse(problems, path, f"logo.{size}", name, f"the logo file {file} to exist")
        return None
    return Logo(file.name, file.read_bytes(), kind, alt.strip())


def _fonts(raw, path: Path, problems: list[Problem]) -> tuple[list[FontFile], str | None, str | None]:
    typography = raw.typography
    if typography is None:
        return [], None, None
    fonts: list[FontFile] = []
    for number, source in enumerate(typography.fonts or []):
        kind = getattr(source, "source", "")
        if kind != "file":
            _refuse(
                problems,
                path,
                f"typography.fonts[{number}]",
                source.family,
                f"font files for '{source.family}' (source: file): a font given only "
                f"by its family name ({kind}) cannot be fetched offline",
            )
            continue
        for file_number, given in enumerate(source.files):
            fonts += _font(source.family, given, f"typography.fonts[{number}].files[{file_number}]", path, problems)
    families = {f.family for f in fonts} | {s.family for s in typography.fonts or []}
    chosen = []
    for key in ("base", "headings"):
        family = getattr(getattr(typography, key, None), "family", None)
        if family and family not in families:
            _refuse(
                problems,
                path,
                f"typography.{key}.family",
                family,
                f"font files for '{family}' in typography.fonts (source: file): a font "
                "given only by its family name cannot be fetched offline",
            )
        chosen.append(family)
    return fonts, chosen[0], chosen[1]


def _font(family: str, given, key: str, path: Path, problems: list[Problem]) -> list[FontFile]:
    name = str(getattr(given.path, "root", given.path))
    file = path.parent / name
    if "://" in name or file.suffix.lower() not in FONT_SUFFIXES:
        _refuse(problems, path, key, name, "a .ttf or .otf font file beside brand.yml (every output embeds it)")
        return []
    if not file.is_file():
        _refuse(problems, path, key, name, f"the font file {file} to exist")
        return []
    inside = _family_in(file)
    if inside != family:
        _refuse(problems, path, key, f"{name} holds '{inside}'", f"a font file of the family '{family}'")
        return []
    weight = str(given.weight.root if hasattr(given.weight, "root") else given.weight)
    weights = {"thin": 100, "normal": 400, "regular": 400, "medium": 500, "semibold": 600, "bold": 700,
               "extrabold": 800, "black": 900, "auto": 400}  # fmt: skip
    number = int(weight) if weight.isdigit() else weights.get(weight.replace("-", "").lower(), 400)
    return [FontFile(family, str(file.resolve()), number, str(given.style or "normal"))]


def _family_in(file: Path) -> str:
    """The family a font file names itself (its name table), by matplotlib's FreeType."""
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(str(file)).family_name
    except (RuntimeError, OSError) as err:
        return f"unreadable ({err})"


def check_lines(local_folder: Path) -> list[str]:
    """``brand-check``: what the build would do with this partnership's brand, without building (raises
    :class:`InputError` for what it would refuse)."""
    brand = read_brand(local_folder)
    if brand is None:
        return [f"No {BRAND_FILE} in {local_folder}: the toolkit's own look."]
    lines = brand.report_lines()
    if brand.logo:
        lines.append(f"Logo: {brand.logo.name} ({brand.logo.kind}), alt text: {brand.logo.alt!r}")
    for font in brand.fonts:
        lines.append(f"Font: {font.family} {font.weight} {font.style} from {Path(font.path).name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """``python -m hscp_nb.inputs.brand FOLDER...``: each partnership folder's brand-check, one line a finding; exit
    status 1 when a brand would be refused."""
    import sys

    status = 0
    for folder in argv if argv is not None else sys.argv[1:]:
        try:
            print("\n".join(check_lines(Path(folder))))
        except InputError as err:
            print("\n".join(f"✗ {p}" for p in err.problems))
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
