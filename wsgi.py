"""What gunicorn serves: ``gunicorn wsgi:app``; ``flask --app wsgi ...`` loads it too.

A setting the app cannot run with stops it here with one line naming the variable
(``ConfigError``), rather than a traceback or, for ``flask``, "No such command".
"""

from quizapp import create_app
from quizapp.config import ConfigError, cannot_start

try:
    app = create_app()
except ConfigError as error:
    raise cannot_start(error) from None
