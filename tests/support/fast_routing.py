"""Each test builds its own app, and Werkzeug compiles two URL builders per route when it does.

Compiling them (an AST per rule, then ``compile``) was nearly all of ``create_app``'s
0.1-0.5 s, paid again by each of the suite's ~1,800 tests in each database pass. A builder
depends only on the rule's parsed parts, its defaults, its converters' kinds and whether
unknown arguments are appended, so the suite compiles each distinct one once and reuses the
function; the app's own code and every URL it builds are unchanged. Tests only: a served
app is built once.
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


def reuse_url_builders() -> None:
    """Make every app built from now on share compiled URL builders."""
    Rule._compile_builder = _cached_compile_builder  # type: ignore[method-assign]
