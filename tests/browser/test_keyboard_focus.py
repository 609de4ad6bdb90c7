"""Where the keyboard's focus is, and whether a person can see it: the focus ring stands
out from what is around it (WCAG 2.2 AA, 1.4.11: 3:1) in light and dark mode, and a form
sent back with a problem puts the focus on the first field to fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from .helpers import tab_to

pytestmark = pytest.mark.browser

# The focused element's outline colour against the colour behind it (the nearest
# ancestor's opaque background: the ring is drawn outside the element), as WCAG's ratio.
_FOCUS_RING_CONTRAST = """() => {
  const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const focused = document.activeElement;
  const style = getComputedStyle(focused);
  let behind = focused.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) {
    behind = behind.parentElement;
  }
  const back = getComputedStyle(behind || document.documentElement).backgroundColor;
  const [lighter, darker] = [style.outlineColor, back].map((c) => luminance(rgb(c)))
    .sort((a, b) => b - a);
  return {ratio: (lighter + 0.05) / (darker + 0.05), ring: style.outlineStyle,
          colour: style.outlineColor, back};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_from_the_page_in_both_colour_schemes(
    make_page: Callable[..., Page], scheme: str
) -> None:
    page = make_page(scheme, color_scheme=scheme)
    page.goto("/auth/signup")
    for target in (
        page.get_by_role("link", name="Skip to content"),
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in"),
        page.get_by_label("Your name"),
        page.get_by_role("radio", name="Student"),  # the checked one: Tab enters a group there
        page.get_by_role("button", name="Create account"),
    ):
        tab_to(page, target)
        ring = page.evaluate(_FOCUS_RING_CONTRAST)
        assert ring["ring"] == "solid", f"{target}: no focus ring"
        assert ring["ratio"] >= 3, f"{target} in {scheme} mode: focus ring {ring}"
