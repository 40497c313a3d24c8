"""What every command shares: the project's documents, reading them, the locales asked for, the pool.

The command modules (`locflow.commands`) sit side by side on top of this
module and never import each other. Stage modules (`segment`, `catalog`,
`render`, `checks` ...) never read files; this module and `fsio` do.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import TypeVar

from locflow import filenames
from locflow.config import Config, validate_locale
from locflow.errors import CatalogError, ConfigError, LocflowError, SourceError
from locflow.fsio import decode_utf8, digest, read_bytes, read_regular
from locflow.loading import lazy
from locflow.model import Counts, Document

catalog = lazy("locflow.catalog")
segment = lazy("locflow.segment")
template_module = lazy("locflow.template")

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each unit of work (``done`` units just finished)."""

T = TypeVar("T")
R = TypeVar("R")


class Discovery:
    """The source documents of a project, and what was skipped while finding them."""

    def __init__(self, names: list[str], skipped: list[str]) -> None:
        self.names = names
        """Document names (``procedures/tpi``), sorted."""
        self.skipped = skipped
        """Warnings about files that look like documents but are not read (FIFOs, devices)."""


def discover(config: Config) -> Discovery:
    """Find every source document (``source/**/*.md``) of the project.

    Hidden files and folders are skipped, and so are folders that are
    symbolic links; a file that links outside the source folder is refused,
    and so is a name that is not valid UTF-8 or holds control characters
    (it could not be written in a catalog's ``#:`` line). Anything that is
    not a regular file (a FIFO, a device) is skipped with a warning.
    """
    source_dir = config.root / config.source_dir
    if not source_dir.is_dir():
        raise SourceError(f"{config.source_dir}/: no such folder; put the English Markdown documents there")
    real_root = source_dir.resolve()
    names, skipped = [], []
    for folder, folders, files in os.walk(source_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        base = os.path.relpath(folder, source_dir).replace(os.sep, "/")
        prefix = "" if base == "." else f"{base}/"
        for name in files:
            if name.startswith(".") or not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            shown = f"{config.source_dir}/{prefix}{name}"
            _check_name(prefix + name, shown)
            try:
                info = os.stat(path)
            except OSError:
                continue  # a dangling link
            if os.path.islink(path) and not Path(path).resolve().is_relative_to(real_root):
                raise SourceError(f"{shown}: links outside {config.source_dir}/; copy the file in instead")
            if not stat.S_ISREG(info.st_mode):
                if not stat.S_ISDIR(info.st_mode):
                    skipped.append(f"{filenames.printable(shown)}: not a regular file; skipped")
                continue
            names.append(prefix + name[:-3])
    return Discovery(sorted(names), skipped)


def document_names(config: Config) -> list[str]:
    """Return the names of all source documents (``procedures/tpi``), sorted (see `discover`)."""
    return discover(config).names


def _check_name(name: str, shown: str) -> None:
    """Refuse a file name that cannot travel through a catalog: undecodable, or unwritable in a ``#:`` line."""
    if not name.isascii() and any(0xDC80 <= ord(c) <= 0xDCFF for c in name):
        shown = os.fsencode(shown).decode("utf-8", "backslashreplace")
        raise SourceError(f"{shown}: the file name is not valid UTF-8; rename the file")
    filenames.check_reference(shown)


class Paths:
    """File names of a project as strings, made without pathlib: a no-op run looks at thousands."""

    def __init__(self, config: Config) -> None:
        self.source = self.names(config.source_path)
        self.template = self.names(config.template_path)
        self.catalogs = {locale: self.names(lambda doc, l=locale: config.catalog_path(l, doc)) for locale in config.locales}
        self.dist = f"{config.root / config.dist_dir}{os.sep}"

    @staticmethod
    def names(path_of: Callable[[str], Path | str]) -> Callable[[str], str]:
        """Return a faster ``lambda doc: str(path_of(doc))``."""
        head, _, tail = str(path_of("\0")).partition("\0")
        return lambda doc: f"{head}{doc}{tail}"


def source_file(config: Config, doc: str) -> str:
    """Return the document's source path as shown to users (``source/tpi.md``)."""
    return f"{Path(config.source_dir).as_posix()}/{doc}.md"


def read_document(config: Config, doc: str) -> tuple[Document, bytes]:
    """Read and segment one source document; return it with its raw bytes."""
    shown = source_file(config, doc)
    data = read_bytes(config.source_path(doc), shown)
    return segment.segment(decode_utf8(data, shown), shown, config.front_matter_keys, config.syntax), data


def read_catalog(config: Config, path: Path) -> tuple[catalog.Catalog | None, str | None]:
    """Parse a catalog if it exists; return it (or None) and the sha256 of its bytes.

    Raise `CatalogError` (with its file and line) when it cannot be read or parsed.
    """
    data = read_catalog_bytes(config, path)
    if data is None:
        return None, None
    shown = config.relative(path)
    return catalog.loads(catalog.decode(data, shown), shown), digest(data)


def read_catalog_bytes(config: Config, path: Path) -> bytes | None:
    """Return a catalog's bytes, or None if it does not exist; refuse what is not a regular file.

    A FIFO or a device in a catalog's place is refused, never waited on.
    """
    shown = config.relative(path)
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CatalogError(f"cannot read: {err.strerror or err}", path=shown) from err


def page_template(config: Config) -> tuple[str | None, str | None]:
    """Return the user's page template and its sha256, or None and None for the default page.

    A template that puts a placeholder where a value could become markup is a `ConfigError`.
    """
    if config.template is None:
        return None, None
    shown = Path(config.template).as_posix()
    data = read_bytes(config.root / config.template, f"{shown} (the 'template' of {config.file})")
    text = decode_utf8(data, shown)
    for line, message in template_module.template_errors(text):
        raise ConfigError(f"{shown}:{line}: {message}", path=shown, line=line)
    return text, digest(data)


def count(
    document: Document, translations: Mapping[str, str], fuzzy: Set[str], counts: Counts, words: dict[str, int],
    inherited: Set[str] = frozenset(),
) -> Counts:
    """Add up a document's distinct segments into `counts`: translated, inherited, fuzzy or untranslated.

    `inherited` holds the texts a parent locale translates (``es`` for
    ``es_MX``); they count when the locale has no usable translation of its
    own. `words` remembers word counts, so the locales of a document count them once.
    """
    for text in dict.fromkeys(s.text for s in document.segments):
        if (n := words.get(text)) is None:
            n = words[text] = segment.word_count(text)
        if text in translations:
            counts.translated += 1
            counts.translated_words += n
        elif text in inherited:
            counts.inherited += 1
            counts.inherited_words += n
        elif text in fuzzy:
            counts.fuzzy += 1
            counts.fuzzy_words += n
        else:
            counts.untranslated += 1
            counts.untranslated_words += n
    return counts


def translations(config: Config, locale: str, doc: str) -> dict[str, str]:
    """Return the usable translations of a document's catalog in `locale` ({} when it has none)."""
    po, _ = read_catalog(config, config.catalog_path(locale, doc))
    return catalog.translations(po) if po is not None else {}


def select_locales(config: Config, locales: Sequence[str] | None, *, source: bool = False) -> tuple[str, ...]:
    """Return the locales asked for, in configuration order (all when `locales` is empty).

    A locale may be asked for in either spelling (``pt-BR``, ``pt_BR``).

    With `source`, the source locale comes first and is always included (every
    page names its page as ``x-default``). A locale the project does not have
    is refused.
    """
    known = (config.source_locale, *config.locales) if source else config.locales
    asked = [validate_locale(locale, f"--locale {locale}") for locale in locales or ()]
    for locale in asked:
        if locale not in known:
            listed = ", ".join(known) or "none"
            raise ConfigError(
                f"--locale {locale}: not a locale of this project ({config.file} lists: {listed}); "
                f"add it with `locflow init {locale}`"
            )
    locales = asked
    chosen = tuple(locale for locale in known if not locales or locale in locales)
    if source and chosen[:1] != (config.source_locale,):
        chosen = (config.source_locale, *chosen)
    return chosen


def pool_map(
    function: Callable[..., R], jobs: int, *columns: Sequence, chunk: int = 64,
    setup: tuple[Callable[..., None], tuple] | None = None,
) -> Iterator[R]:
    """Yield ``function(*row)`` for each row of `columns`, in order, computed in `jobs` processes.

    With one job (or one row) everything runs in this process. Results come
    back in input order whatever `jobs` is, so output never depends on it.
    `setup` is ``(initializer, arguments)``, called once in each process
    before its first row (data every row shares goes there, sent once per process).
    """
    count = min((len(column) for column in columns), default=0)
    if jobs <= 1 or count < 2:
        if setup is not None:
            setup[0](*setup[1])
        yield from map(function, *columns)
        return
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing is loaded only by runs that use it

    initializer, arguments = setup if setup is not None else (None, ())
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=arguments) as pool:
        yield from pool.map(function, *columns, chunksize=max(1, min(chunk, count // (jobs * 8))))


def msgid_line(lines: Sequence[str], start: int) -> int:
    """Return the line of an entry's ``msgid`` (polib gives the line the entry's comments start on)."""
    for number in range(max(start, 1), min(start + 200, len(lines)) + 1):
        if lines[number - 1].startswith("msgid "):
            return number
    return start


def own_folder(config: Config, out: str) -> None:
    """Refuse an output folder `out` that is outside the project or holds (or is in) its sources, catalogs or pages."""
    folder = os.path.normpath(out)
    if os.path.isabs(folder) or folder == ".." or folder.startswith(".." + os.sep):
        raise ConfigError(f"--out {out}: give a folder inside the project")
    for name in (config.source_dir, config.locales_dir, config.dist_dir):
        theirs = os.path.normpath(name)
        if folder == "." or folder == theirs or theirs.startswith(folder + os.sep) or folder.startswith(theirs + os.sep):
            raise ConfigError(f"--out {out}: overlaps {name}/; give a folder of its own")


def quote(text: str, width: int = 60) -> str:
    """Return the start of a text in double quotes, on one line, for a message.

    >>> quote("Rest for 24 hours.")
    '"Rest for 24 hours."'
    >>> quote("word " * 20, width=12)
    '"word word w…"'
    """
    text = " ".join(text.split())
    return f'"{text if len(text) <= width else text[: width - 1] + "…"}"'


def cannot_read(shown: str, err: OSError) -> LocflowError:
    """Return the error for a file that exists but cannot be read."""
    return LocflowError(f"{shown}: cannot read: {err.strerror or err}")
