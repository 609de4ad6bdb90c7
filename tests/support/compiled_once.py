"""Each test builds its own app; the URL builders every app compiles alike are compiled once.

Werkzeug compiles two URL builders per route (an AST per rule, then ``compile``) when
an app is built: nearly all of ``create_app``'s 0.1-0.5 s, paid again by each of the
suite's ~1,900 tests in each database pass. A builder depends only on the rule's parsed
parts, its defaults, its converters' kinds and whether unknown arguments are appended,
so the compiled function is shared. Tests only (a served app is built once): the app's
code and every URL it builds are unchanged. (Jinja's bytecode cache was tried too: no
measurable gain, so it is not used.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing.rules import Rule

Builder = Callable[..., tuple[str, str]]
_compile_builder: Callable[[Rule, bool], Builder] = Rule._compile_builder
_builders: dict[tuple[Any, ...], Builder] = {}


def _cached_compile_builder(self: Rule, append_unknown: bool = True) -> Builder:
    defaults = sorted((self.defaults or {}).items(), key=repr)
    converters = sorted((name, type(c).__qualname__) for name, c in self._converters.items())
    key = (tuple(self._trace), repr(defaults), tuple(converters), append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


def compile_once() -> None:
    """Make every app built from now on share compiled URL builders."""
    Rule._compile_builder = _cached_compile_builder  # type: ignore[method-assign]
