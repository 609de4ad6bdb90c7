# Flask-WTF 1.3, the parts quizapp uses.
from .form import FlaskForm as FlaskForm
