from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from . import bp
from .access import visible_bank_or_404, visible_banks
from .facts import bank_facts


@bp.get("/")
@login_required
def index() -> str:
    return render_template("banks/index.html", banks=visible_banks(current_user))


@bp.get("/<slug>/source")
@login_required
def source(slug: str) -> str:
    """The bank's citation and its facts in story order; feedback links to ``#fact-KEY``."""
    bank = visible_bank_or_404(current_user, slug)
    facts = bank_facts(bank, include_retired=False)
    return render_template("banks/source.html", bank=bank, facts=facts)
