from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Fact
from . import bp
from .access import visible_bank_or_404, visible_banks


@bp.get("/")
@login_required
def index() -> str:
    return render_template("banks/index.html", banks=visible_banks(current_user))


@bp.get("/<slug>/source")
@login_required
def source(slug: str) -> str:
    """The bank's citation and its facts in story order; feedback links to ``#fact-KEY``."""
    bank = visible_bank_or_404(current_user, slug)
    facts = db.session.scalars(
        select(Fact)
        .where(Fact.bank_id == bank.id, Fact.active.is_(True))
        .order_by(Fact.position, Fact.id)
        .options(selectinload(Fact.questions))
    ).all()
    return render_template("banks/source.html", bank=bank, facts=facts)
