"""The browsable API page: the OpenAPI document's operations, rendered on the server.

No viewer script and no CDN: a plain page that lists each operation with its parameters,
what it takes and what it answers, and links to the document itself.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_docs", __name__)

_METHODS = ("get", "post", "patch", "put", "delete")


def _spec() -> dict:
    api = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return api.spec.to_dict()


def _schema_name(content: dict | None) -> str:
    """The name of the schema of a request or response body, if it has one."""
    for media in (content or {}).values():
        ref = (media.get("schema") or {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1]
    return ""


def operations(spec: dict) -> list[dict]:
    """Each operation of ``spec``, grouped by tag, in the document's order."""
    rows = []
    for path, item in spec.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.get("responses", {})
            rows.append({
                "tag": (operation.get("tags") or [""])[0],
                "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""),
                "parameters": [p for p in [*item.get("parameters", []),
                                           *operation.get("parameters", [])]
                               if isinstance(p, dict) and "name" in p],
                "body": _schema_name(operation.get("requestBody", {}).get("content")),
                "responses": [(code, _schema_name(r.get("content")) if isinstance(r, dict)
                               else "") for code, r in responses.items()],
            })
    return rows


@bp.route("/api/v1/", endpoint="index")
def index():
    spec = _spec()
    tags = {tag["name"]: tag.get("description", "") for tag in spec.get("tags", [])}
    return render_template("api/docs.html", spec=spec, tags=tags, operations=operations(spec),
                           schemas=spec.get("components", {}).get("schemas", {}))
