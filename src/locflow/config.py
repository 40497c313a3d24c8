"""Project configuration: ``locflow.toml`` or ``[tool.locflow]`` in ``pyproject.toml``."""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


from locflow import localecode, syntaxnames
from locflow.errors import ConfigError
from locflow.fsio import decode_utf8, digest, read_bytes
from locflow.transaction import Transaction

REVIEW_DIR = "review"
"""Where `locflow review` writes the review site by default (``--out``)."""
PSEUDO_DIR = "pseudo"
"""Where `locflow pseudo` writes pseudo-locale catalogs and pages by default (``--out``)."""

LOCALE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_(?:[A-Z]{2}|[0-9]{3}))?(@[a-z0-9]+)?")
"""A gettext-style locale code: ``es``, ``pt_BR``, ``zh_Hans``, ``sr_Latn_RS``, ``ca@valencia``."""


@dataclass(frozen=True, slots=True)
class Config:
    """A content project: where things are and what to build."""

    root: Path
    """The project directory; every other path is relative to it."""
    file: str = "locflow.toml"
    """The file the configuration came from, relative to `root` (for messages)."""
    locales: tuple[str, ...] = ()
    source_locale: str = "en"
    source_dir: str = "source"
    locales_dir: str = "locales"
    dist_dir: str = "dist"
    text_width: int = 72
    """Plain-text wrap width in display columns; 0 turns wrapping off."""
    front_matter_keys: tuple[str, ...] = ("title", "description")
    placeholder_patterns: tuple[str, ...] = ()
    do_not_translate: tuple[str, ...] = ()
    compendium: tuple[str, ...] = ()
    """Existing translations (``.po`` files, project-relative) for the translation memory; each names its locale in its ``Language`` header."""
    min_complete: float = 50
    """Pages less complete than this percentage are withheld from dist/; a translation with no
    translated segment is withheld whatever it says (see `pageinputs.status`)."""
    template: str | None = None
    """An HTML page template replacing the default page (see the README)."""
    site_name: str = ""
    """Shown at the top of every page of the default template."""
    formats: tuple[str, ...] = ("html", "text")
    """What `build` writes: any of ``html``, ``text`` and ``markdown`` (localized Markdown for a site generator)."""
    markdown_layout: str = "folder"
    """``folder`` (``markdown/<locale>/<path>.md``) or ``suffix`` (``markdown/<path>.<locale>.md``)."""
    base_url: str = ""
    """The published site's address (``https://example.org/patients/``): dist/sitemap.xml is written with it."""
    footer: tuple[tuple[str, str], ...] = ()
    """``(locale, text)``: the footer of every page; the source locale's text where a locale has none."""
    reviewed_label: tuple[tuple[str, str], ...] = ()
    """``(locale, text)``: the label before the ``last_reviewed`` date of the front matter."""
    syntax: tuple[str, ...] = syntaxnames.DEFAULT
    """The site-generator dialects read (`syntaxnames.NAMES`); the others are plain CommonMark."""
    unchecked_links: tuple[str, ...] = ()
    """Regular expressions of link addresses the site generator resolves (Hugo's glossary ``(g)``):
    `broken-links` leaves an address alone when one matches it whole."""
    compiled_patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    compiled_links: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    """``unchecked_links``, compiled."""

    # One Path made from one string: joining with / makes a Path per part,
    # and these run for every document and locale.

    def source_path(self, doc: str) -> Path:
        return Path(f"{self.root}/{self.source_dir}/{doc}.md")

    def template_path(self, doc: str) -> Path:
        return Path(f"{self.root}/{self.locales_dir}/{doc}.pot")

    def catalog_path(self, locale: str, doc: str) -> Path:
        return Path(f"{self.root}/{self.locales_dir}/{locale}/LC_MESSAGES/{doc}.po")

    def relative(self, path: Path | str) -> str:
        """Return `path` as users see it in messages: POSIX, relative to the project."""
        text = str(path)
        root = str(self.root)
        if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep:
            return text[len(root) + 1 :].replace(os.sep, "/")  # the common case, without pathlib
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return text


_TYPES: dict[str, tuple[type, ...]] = {
    "locales": (list,),
    "source_locale": (str,),
    "source_dir": (str,),
    "locales_dir": (str,),
    "dist_dir": (str,),
    "text_width": (int,),
    "front_matter_keys": (list,),
    "placeholder_patterns": (list,),
    "unchecked_links": (list,),
    "do_not_translate": (list,),
    "compendium": (list,),
    "min_complete": (int, float),
    "template": (str,),
    "site_name": (str,),
    "base_url": (str,),
    "formats": (list,),
    "markdown_layout": (str,),
    "footer": (str, dict),
    "reviewed_label": (str, dict),
    "syntax": (list,),
}
_BY_LOCALE = ("footer", "reviewed_label")
"""Texts given once (in the source language) or as a table by locale: ``footer = { en = "...", es = "..." }``."""
_LISTS = {"locales", "front_matter_keys", "placeholder_patterns", "unchecked_links", "do_not_translate", "compendium", "formats", "syntax"}
FORMATS = ("html", "text", "markdown")
_FOLDERS = ("source_dir", "locales_dir", "dist_dir")


def validate_locale(code: object, where: str) -> str:
    """Return the gettext spelling of a locale code Babel knows, written either way, else raise ConfigError.

    The error suggests the nearest valid code to a language name or a typo.

    >>> validate_locale("zh-Hans", "locflow.toml"), validate_locale("pt_BR", "locflow.toml")
    ('zh_Hans', 'pt_BR')
    """
    normal = localecode.normalize(code) if isinstance(code, str) else None
    if normal is None:
        raise ConfigError(f"{where}: {code!r} is not a locale code{_hint(code)}")
    if not localecode.known(normal):
        raise ConfigError(f"{where}: unknown locale {code!r}{_hint(code)}")
    return normal


def _hint(code: object) -> str:
    """Return ``; did you mean 'fr' (French)?`` for the code nearest to `code`, else how codes look."""
    found = localecode.suggest(code) if isinstance(code, str) else None
    if found:
        return f"; did you mean {found!r} ({localecode.name(found)})?"
    return "; codes look like 'es', 'pt_BR' or 'pt-BR', 'zh_Hans' or 'zh-Hans'"


def find_config(root: Path, shown: str = "") -> tuple[str, dict] | None:
    """Return ``(file name, settings table)`` for the project at `root`, or None.

    `shown` is `root` as messages name it (``../`` for the folder above).
    """
    for name, table in (("locflow.toml", None), ("pyproject.toml", ("tool", "locflow"))):
        path = root / name
        if not path.is_file():
            continue
        where = f"{shown}/{name}" if shown not in ("", ".") else name
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{where}: invalid TOML: {err}") from err
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"{where}: cannot read: {err}") from err
        if table is None:
            return name, data
        for key in table:
            data = data.get(key)
            if not isinstance(data, dict):
                break
        else:
            return name, data
    return None


def locate(start: Path) -> Path:
    """Return the project folder for `start`, as git finds a repository: the nearest folder, `start` or
    above, with a ``locflow.toml`` or a ``pyproject.toml`` holding ``[tool.locflow]``.

    A ``pyproject.toml`` without ``[tool.locflow]`` (a Python package inside
    the site's repository) does not stop the search.
    """
    start = start.resolve()
    if not start.is_dir():
        raise ConfigError(f"{start}: no such project directory")
    for folder in (start, *start.parents):
        if find_config(folder, os.path.relpath(folder, start)) is not None:
            return folder
    raise ConfigError(
        f"{start}: no locflow.toml (or [tool.locflow] in pyproject.toml) here or in any folder above; "
        "create one in the project folder with at least: locales = [\"es\"]"
    )


def load_config(root: Path) -> Config:
    """Read and validate the configuration of the project at `root` (see `locate` to find it)."""
    root = root.resolve()
    if not root.is_dir():
        raise ConfigError(f"{root}: no such project directory")
    found = find_config(root)
    if found is None:
        raise ConfigError(
            f"{root}: no locflow.toml (or [tool.locflow] in pyproject.toml); "
            "create one with at least: locales = [\"es\"]"
        )
    name, data = found
    return parse_config(root, name, data)


def parse_config(root: Path, name: str, data: dict) -> Config:
    """Validate a settings table and return the Config it describes."""
    values: dict[str, object] = {}
    for key, value in data.items():
        if key not in _TYPES:
            known = ", ".join(sorted(_TYPES))
            raise ConfigError(f"{name}: unknown key {key!r} (known keys: {known})")
        types = _TYPES[key]
        if isinstance(value, bool) or not isinstance(value, types):
            expected = " or ".join(t.__name__ for t in types).replace("list", "list of strings").replace("dict", "table")
            raise ConfigError(f"{name}: {key} must be a {expected}, not {type(value).__name__}")
        if key in _LISTS:
            if not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{name}: {key} must be a list of strings")
            value = tuple(value)
        values[key] = value
    if "locales" not in values:
        raise ConfigError(f"{name}: missing key 'locales' (for example: locales = [\"es\", \"ar\"])")
    where = f"{name}: locales"
    locales = tuple(validate_locale(code, where) for code in values["locales"])  # type: ignore[union-attr]
    if len(set(locales)) != len(locales):
        raise ConfigError(f"{where}: a locale is listed twice")
    source_locale = validate_locale(values.get("source_locale", "en"), f"{name}: source_locale")
    if source_locale in locales:
        raise ConfigError(f"{where}: {source_locale!r} is the source locale; list only target locales")
    for key in ("source_dir", "locales_dir", "dist_dir"):
        if key in values:
            _check_relative_dir(name, key, values[key])  # type: ignore[arg-type]
    defaults = {f.name: f.default for f in dataclasses.fields(Config)}
    _check_folders_apart(root, name, {key: str(values.get(key, defaults[key])) for key in _FOLDERS})
    if "template" in values:
        _check_template(root, name, values["template"])  # type: ignore[arg-type]
    width = values.get("text_width", 72)
    if width < 0 or (0 < width < 20):  # type: ignore[operator]
        raise ConfigError(f"{name}: text_width must be 0 (no wrapping) or at least 20, not {width}")
    minimum = values.get("min_complete", 50)
    if not 0 <= minimum <= 100:  # type: ignore[operator]
        raise ConfigError(f"{name}: min_complete must be between 0 and 100, not {minimum}")
    patterns = _compiled(name, "placeholder_patterns", values)
    links = _compiled(name, "unchecked_links", values)
    formats = values.get("formats", ("html", "text"))
    if not formats or not set(formats) <= set(FORMATS):  # type: ignore[arg-type]
        raise ConfigError(
            f"{name}: formats must list one or more of \"html\", \"text\" and \"markdown\"; not {list(formats)}"  # type: ignore[arg-type]
        )
    if values.get("markdown_layout", "folder") not in ("folder", "suffix"):
        raise ConfigError(f"{name}: markdown_layout must be \"folder\" or \"suffix\", not {values['markdown_layout']!r}")
    base_url = values.get("base_url", "")
    if base_url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", base_url):  # type: ignore[arg-type]
        raise ConfigError(f"{name}: base_url must be the site's address, such as 'https://example.org/', not {base_url!r}")
    for dialect in values.get("syntax", ()):  # type: ignore[union-attr]
        if dialect not in syntaxnames.NAMES:
            found = syntaxnames.suggest(dialect)
            hint = f"did you mean {found!r}? " if found else ""
            raise ConfigError(
                f"{name}{_line(root, name, dialect)}: syntax: unknown dialect {dialect!r}; {hint}"
                f"known: {', '.join(repr(known) for known in syntaxnames.NAMES)}"
            )
    if "syntax" in values:
        values["syntax"] = tuple(sorted(set(values["syntax"]), key=syntaxnames.NAMES.index))  # type: ignore[arg-type]
    for key in _BY_LOCALE:
        if key in values:
            values[key] = _by_locale(name, key, values[key], source_locale)
    values["locales"] = locales
    values["source_locale"] = source_locale
    return Config(root=root, file=name, compiled_patterns=patterns, compiled_links=links, **values)  # type: ignore[arg-type]


def _compiled(name: str, key: str, values: dict) -> tuple[re.Pattern[str], ...]:
    """Return the regular expressions of a list setting compiled; a bad one is a `ConfigError` naming the key."""
    found = []
    for pattern in values.get(key, ()):
        try:
            found.append(re.compile(pattern))
        except re.error as err:
            raise ConfigError(f"{name}: {key}: {pattern!r} is not a valid regular expression: {err}") from err
    return tuple(found)


def _line(root: Path, name: str, value: str) -> str:
    """Return ``:line`` of the first line of the configuration file that quotes `value` after ``syntax``, else ``""``."""
    try:
        lines = (root / name).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    started = False
    for number, line in enumerate(lines, 1):
        started = started or re.match(r"\s*syntax\s*=", line) is not None
        if started and re.search(r"[\"']%s[\"']" % re.escape(value), line):
            return f":{number}"
    return ""


def _by_locale(name: str, key: str, value: object, source_locale: str) -> tuple[tuple[str, str], ...]:
    """Return a text given once or by locale as ``(locale, text)`` pairs, sorted."""
    if isinstance(value, str):
        return ((source_locale, value),)
    assert isinstance(value, dict)
    pairs = []
    for code, text in value.items():
        if not isinstance(text, str):
            raise ConfigError(f"{name}: {key}.{code} must be a string, not {type(text).__name__}")
        pairs.append((validate_locale(code, f"{name}: {key}"), text))
    return tuple(sorted(pairs))


def _check_relative_dir(name: str, key: str, value: str) -> None:
    path = Path(value)
    if not value or path.is_absolute() or ".." in path.parts:
        raise ConfigError(f"{name}: {key} must be a folder inside the project, not {value!r}")


def _check_folders_apart(root: Path, name: str, folders: dict[str, str]) -> None:
    """Refuse a dist_dir that is, holds or lies in an input folder, and a source_dir that is the locales_dir.

    A build replaces what is in dist_dir; had it the sources or the
    catalogs in it, a build would overwrite (or publish) them. Symbolic
    links count where they lead.
    """
    root = root.resolve()
    dist = folders["dist_dir"]
    if Path(dist).parts == ():
        raise ConfigError(f"{name}: dist_dir must not be the project folder itself ({dist!r}); a build writes its pages there")
    places = {key: _resolve(root / value, name, key) for key, value in folders.items()}  # links count where they lead
    for other in ("source_dir", "locales_dir"):
        dist, theirs = places["dist_dir"], places[other]
        shown = f"dist_dir {folders['dist_dir']!r} and {other} {folders[other]!r}"
        if dist == theirs:
            raise ConfigError(f"{name}: {shown} are the same folder; a build would overwrite its own inputs")
        if theirs in dist.parents:
            raise ConfigError(f"{name}: {shown}: dist_dir is inside {other}; a build would write into its own inputs")
        if dist in theirs.parents:
            raise ConfigError(f"{name}: {shown}: {other} is inside dist_dir; a build would overwrite its own inputs")
    if places["source_dir"] == places["locales_dir"]:
        raise ConfigError(
            f"{name}: source_dir {folders['source_dir']!r} and locales_dir {folders['locales_dir']!r} are the same "
            "folder; sources and catalogs need folders of their own"
        )


def _resolve(path: Path, name: str, key: str) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError) as err:  # RuntimeError: a symbolic link loop (Python 3.11, 3.12)
        raise ConfigError(f"{name}: {key}: cannot follow {path}: {err}") from err


def _check_template(root: Path, name: str, value: str) -> None:
    """Refuse a template outside the project: its text is published in every page."""
    path = Path(value)
    outside = not value or path.is_absolute() or ".." in path.parts
    value = repr(value)
    if not outside:
        root = root.resolve()
        resolved = _resolve(root / path, name, "template")  # a link counts where it leads
        outside = root not in resolved.parents
        if outside and resolved != root:
            value += f" (a link to {resolved})"
    if outside:
        raise ConfigError(
            f"{name}: template must be a file inside the project, not {value}: "
            "its text goes into every page, so a file from elsewhere would be published"
        )


def add_locale(config: Config, locale: str) -> None:
    """Append `locale` to the ``locales`` list of the configuration file, keeping every other byte as written.

    The file is edited as TOML (comments, layout, quoting and the other
    tables stay), and replaced atomically; nothing is written if the locale
    is already listed or the file changed meanwhile.
    """
    import tomlkit  # only `init` edits the configuration; reading it needs only tomllib
    import tomlkit.exceptions

    path = config.root / config.file
    data = read_bytes(path, config.file)
    text = decode_utf8(data, config.file)
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as err:
        raise ConfigError(f"{config.file}: invalid TOML: {err}") from err
    table = document
    if config.file == "pyproject.toml":
        for key in ("tool", "locflow"):
            table = table.get(key)
            if not isinstance(table, dict):
                raise ConfigError(f"{config.file}: no [tool.locflow] table to add {locale!r} to")
    locales = table.get("locales")
    if not isinstance(locales, list):
        raise ConfigError(f"{config.file}: no 'locales = [...]' list to add {locale!r} to")
    validate_locale(locale, f"{config.file}: locales")
    if locale in locales:
        return
    locales.append(locale)
    transaction = Transaction()
    transaction.stage(path, tomlkit.dumps(document).encode("utf-8"), expected=digest(data), old=data)
    transaction.commit()
