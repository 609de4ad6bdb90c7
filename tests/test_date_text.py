"""Dates kept whole on screen, and nothing else let through unescaped."""

from __future__ import annotations

from markupsafe import Markup

from quizapp.date_text import keep_dates_whole


def test_each_iso_date_is_wrapped_to_stay_on_one_line():
    shown = keep_dates_whole("from 2026-09-07 to 2026-11-26; the busiest day had 9.")
    assert str(shown) == (
        'from <span class="date">2026-09-07</span> to <span class="date">2026-11-26</span>;'
        " the busiest day had 9."
    )


def test_the_text_around_a_date_is_still_escaped():
    shown = keep_dates_whole('<script>alert("2026-11-26")</script> & more')
    assert "<script>" not in shown
    assert str(shown) == (
        '&lt;script&gt;alert(&#34;<span class="date">2026-11-26</span>&#34;)&lt;/script&gt;'
        " &amp; more"
    )


def test_text_without_a_date_is_only_escaped():
    assert str(keep_dates_whole("Week 3 <b>")) == "Week 3 &lt;b&gt;"
    assert str(keep_dates_whole(42)) == "42"


def test_markup_is_left_as_it_is():
    """A date in an attribute of markup already made must not get a span inside it."""
    made = Markup('<time datetime="2026-11-26">today</time>')
    assert keep_dates_whole(made) == made
