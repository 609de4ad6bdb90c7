"""Studying: spaced-repetition sessions (``/study``) and scored quizzes (``/quiz``)."""

from flask import Blueprint, Response, request

bp = Blueprint("study", __name__)


@bp.after_request
def never_kept(response: Response) -> Response:
    """A study or quiz page shows a one-time card: a copy kept by the browser (Back, the
    back/forward cache) would offer a card answered since as if it were new, so every
    such page is asked for again. Not an answer's page (the result of its POST): Back to
    it from a source link must show it, not a "resubmit the form?" error."""
    if request.method == "GET":
        response.headers["Cache-Control"] = "no-store"
    return response


from . import routes  # noqa: E402, F401
