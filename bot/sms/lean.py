"""The webhooks' lean path: POST /sms and POST /sms/status answered in front of Flask.

Rule: Twilio's two webhooks need no session, login, CSRF token, template or staff page headers, so a WSGI
middleware in front of the Flask app answers exactly these two (POST) with a plain Werkzeug request: the same
signature check, rate limit and services as ever, and only the headers a webhook response needs. Every
other request (GET /sms included) goes to Flask untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from werkzeug.wrappers import Request, Response

from bot.services.runtime import Runtime
from bot.sms.signature import Signatures
from bot.sms.status import report
from bot.sms.webhook import inbound

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


class LeanWebhooks:
    """WSGI middleware: /sms and /sms/status here, everything else to `app` (Flask's wsgi_app)."""

    def __init__(self, app: WsgiApp, rt: Runtime, config: Mapping[str, Any]):
        self.app, self.rt = app, rt
        self.signatures = Signatures(config)
        self.routes: dict[str, Callable[[Runtime, Request], Response]] = {"/sms": inbound, "/sms/status": report}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handler = self.routes.get(environ.get("PATH_INFO", ""))
        if handler is None or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        request = Request(environ)
        if not self.signatures.valid(request):
            response = Response("Forbidden: invalid Twilio signature\n", status=403, mimetype="text/plain")
        else:
            response = handler(self.rt, request)
        response.headers.update(HEADERS)
        return response(environ, start_response)
