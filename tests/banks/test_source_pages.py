"""A long bank's source page: a hundred facts at a time, and a fact's link lands on its page."""

from __future__ import annotations

import re

from quizapp.extensions import db
from tests.support.factories import make_bank, make_fact
from tests.support.study_fixtures import make_study_bank

FACT_ITEM = re.compile(r'<li id="fact-')
PAGER = re.compile(r'<nav class="pager" aria-label="([^"]+)">(.*?)</nav>', re.DOTALL)


def test_a_long_banks_source_page_lists_a_hundred_facts_at_a_time_with_named_page_links(
    student_client,
):
    # Probe: a bank of thousands of facts was one page with every fact on it.
    bank = make_bank(slug="long", title="Long bank")
    for n in range(1, 207):
        make_fact(bank, key=f"fact-{n:03}", statement=f"Fact number {n}.", position=n)
    retired = make_fact(bank, key="gone", statement="Retired fact.", position=50, active=False)
    first = student_client.get("/banks/long/source").get_data(as_text=True)
    assert len(FACT_ITEM.findall(first)) == 100
    assert "Fact number 100." in first and "Fact number 101." not in first
    assert retired.statement not in first
    pagers = PAGER.findall(first)
    assert [label for label, _links in pagers] == ["Pages of facts", "Pages of facts, again"]
    links = pagers[0][1]
    assert "page 1 of 3" in links
    assert '<span aria-current="page">1</span>' in links
    assert 'href="/banks/long/source?page=2"' in links and 'rel="next"' in links
    last = student_client.get("/banks/long/source?page=3").get_data(as_text=True)
    # Retired facts are not counted: 206 active facts make a last page of six.
    assert len(FACT_ITEM.findall(last)) == 6 and "Facts 201\u2013206" in last
    assert '<ol class="facts" start="201">' in last
    assert '<span aria-current="page">3</span>' in last
    beyond = student_client.get("/banks/long/source?page=99").get_data(as_text=True)
    assert "page 3 of 3" in beyond  # past the end: the last page


def test_a_short_banks_source_page_has_no_page_links(student_client):
    bank = make_bank(slug="short")
    make_fact(bank, statement="The only fact.")
    page = student_client.get("/banks/short/source").get_data(as_text=True)
    assert "The only fact." in page and "pager" not in page


def test_the_source_link_of_a_card_lands_on_the_page_listing_its_fact(student_client):
    bank = make_study_bank(facts=1, kinds=("typed",), slug="story")
    studied = bank.facts[0]
    studied.position = 150  # after 149 facts with no question: on page 2
    db.session.commit()
    for n in range(1, 150):
        make_fact(bank, key=f"before-{n}", position=n)
    card = student_client.get("/study/").get_data(as_text=True)
    href = re.search(r'<a href="([^"]+)">Read it in the source', card).group(1)
    assert href.endswith(f"#fact-{studied.key}")
    source = student_client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert f'<li id="fact-{studied.key}"' in source
    assert '<span aria-current="page">2</span>' in source
