"""flask-smorest's ``Api``, told that errors are RFC 9457 problems in Norwegian.

The stock ``Api`` registers a JSON error handler for the whole app, which would answer
the pages' errors too; ours answers only on the API's blueprints (``advocacy.api.views``)
and documents every error as ``application/problem+json`` with ``ProblemSchema``.
"""

from __future__ import annotations

import http

import flask_smorest
from flask_smorest.spec import prepare_response

from advocacy.api.problems import MEDIA_TYPE, ProblemSchema


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """None for the app: the API's blueprints carry their own (see ``views``)."""

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Feil (RFC 9457, på norsk)", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)

    def _init_spec(self, **options):
        super()._init_spec(**options)
        self.spec.components.security_scheme("bearer", {
            "type": "http", "scheme": "bearer",
            "description": "En personlig API-nøkkel, laget på profilsiden (/profile).",
        })
        self.spec.options["security"] = [{"bearer": []}]
