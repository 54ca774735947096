"""The hello-world baseline: the smallest Flask app, served by the same gunicorn settings.

Its req/s is what this machine, gunicorn and Flask give with no app work at all; every
page's req/s is shown as a share of it, measured in the same run.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/healthz")
def hello():
    """Answer a fixed small body."""
    return "Hello, world!\n"
