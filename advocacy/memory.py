"""Hand a worker's freed C memory back to the system after a heavy request.

Building a Word document parses and builds thousands of lxml elements in C memory. When
the request is done they are freed, but glibc's allocator keeps the freed pages: a
gunicorn worker that has made a few letters holds about 25 MB more for the rest of its
life, on top of the ~110 MB it needs. ``malloc_trim(0)`` gives free pages back (it takes
well under a millisecond).

:func:`release_after_request` asks for that once the current response has been sent, so
the user does not wait for it. On a C library without ``malloc_trim`` (musl, macOS) it
does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

from flask import after_this_request, g, has_request_context


def _find_malloc_trim():
    name = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    except OSError:
        return None


_malloc_trim = _find_malloc_trim()


def release_freed_memory() -> bool:
    """Give the allocator's free pages back to the system now; whether it could."""
    if _malloc_trim is None:
        return False
    _malloc_trim(0)
    return True


def release_after_request() -> None:
    """Call :func:`release_freed_memory` when the current response has been sent (once per
    request); outside a request, do nothing."""
    if not has_request_context() or g.get("_release_memory"):
        return
    g._release_memory = True

    @after_this_request
    def _release_when_sent(response):
        response.call_on_close(release_freed_memory)
        return response
