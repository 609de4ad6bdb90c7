from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from . import bp
from .access import visible_bank_or_404, visible_banks
from .facts import fact_page


@bp.get("/")
@login_required
def index() -> str:
    return render_template("banks/index.html", banks=visible_banks(current_user))


@bp.get("/<slug>/source")
@login_required
def source(slug: str) -> str:
    """The bank's citation and its facts in story order, a page at a time; feedback links
    to ``?fact=KEY#fact-KEY``, which opens the page that lists that fact."""
    bank = visible_bank_or_404(current_user, slug)
    listing = fact_page(
        bank,
        include_retired=False,
        number=request.args.get("page", type=int),
        fact_key=request.args.get("fact"),
    )
    return render_template("banks/source.html", bank=bank, listing=listing)
