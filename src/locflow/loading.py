"""Modules named at the top of the module that uses them, loaded on first use.

A command that finds nothing to do (every document as the cache recorded
it) should not pay for importing markdown-it, polib, Babel's catalogs and
the checks: that is most of a no-op run. So the command modules name the
stages they use at their top, like any import, with `lazy`, and the stage
is loaded when one of its names is first used.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType


def lazy(name: str) -> ModuleType:
    """Return the module `name`, loaded when one of its attributes is first used.

    >>> segment = lazy("locflow.segment")
    >>> segment.word_count("Rest for 24 hours.")
    4
    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(importlib.import_module(parent), child, module)
    return module
