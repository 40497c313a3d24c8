"""Renames the kernel checks: swap two files in one step, or create a name only if it is free.

Linux has ``renameat2`` with ``RENAME_EXCHANGE`` and ``RENAME_NOREPLACE``
(glibc 2.28+), macOS ``renamex_np`` with ``RENAME_SWAP`` and ``RENAME_EXCL``;
both are called through ctypes. Elsewhere `exchange` says it cannot, and
`move_new` falls back to a hard link, then to a check and a rename.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable

_REFUSED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}
"""Errors meaning "this system or file system cannot do that rename", not "that file"."""

_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


@functools.cache
def flagged_rename() -> tuple[Callable[[bytes, bytes, int], int], int, int] | None:
    """Return the C library's rename with flags, and its exchange and create-only flags; None if there is none.

    Linux: ``renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE=2 | RENAME_NOREPLACE=1)``
    (glibc 2.28+). macOS: ``renamex_np(from, to, RENAME_SWAP=2 | RENAME_EXCL=4)``.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        renameat2.restype = ctypes.c_int
        return (lambda old, new, flags: renameat2(-100, old, -100, new, flags)), 2, 1
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex_np = libc.renamex_np
        renamex_np.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        renamex_np.restype = ctypes.c_int
        return renamex_np, 2, 4
    return None


def _rename_flagged(source: str, target: str, exchange: bool) -> bool:
    """Rename with the exchange or create-only flag; False if this system or file system cannot."""
    found = flagged_rename()
    if found is None:
        return False
    rename, swap, exclusive = found
    if rename(os.fsencode(source), os.fsencode(target), swap if exchange else exclusive) == 0:
        return True
    code = ctypes.get_errno()
    if code in _REFUSED:
        return False
    raise OSError(code, os.strerror(code), source, None, target)


def exchange(a: str, b: str) -> bool:
    """Swap the files named `a` and `b` in one atomic step; False if this system cannot.

    Raises FileNotFoundError if either is missing.
    """
    return _rename_flagged(a, b, exchange=True)


def move_new(source: str, target: str) -> None:
    """Rename `source` to `target` only if no `target` exists; raise FileExistsError if one does.

    Atomic with a create-only rename or a hard link; where neither exists, the
    check and the rename are two steps.
    """
    if _rename_flagged(source, target, exchange=False):
        return
    try:
        os.link(source, target)
    except OSError as err:
        if err.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), target) from err
        os.rename(source, target)
        return
    os.unlink(source)
