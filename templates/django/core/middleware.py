"""Middleware of the core app."""

import json

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from .throttle import client_address, failed_logins


def reject_malformed_json(get_response):
    """Answer a JSON 400 when a request under /api/ sends JSON that does not
    parse, and a JSON 413 when its body is over DATA_UPLOAD_MAX_MEMORY_SIZE.

    Every API view can then read `json.loads(request.body)` without its own
    error handling for bad input, and clients get an answer they can read
    instead of a 500.
    """

    def middleware(request):
        if request.path.startswith("/api/") and request.content_type == "application/json":
            try:
                body = request.body
            except RequestDataTooBig:
                return JsonResponse({"error": "request body too large"}, status=413)
            if body:
                try:
                    json.loads(body)
                except ValueError:
                    return JsonResponse({"error": "malformed JSON"}, status=400)
        return get_response(request)

    return middleware


def throttle_logins(get_response):
    """Answer 429 to a log-in POST (the admin's or the accounts' form) from an
    address that has used up its failed log-ins (throttle.py)."""

    def middleware(request):
        if request.method == "POST" and failed_logins.blocked(client_address(request)):
            try:
                is_login = resolve(request.path_info).url_name == "login"
            except Resolver404:
                is_login = False
            if is_login:
                return HttpResponse(
                    "Too many failed log-ins from your address: try again in 15 minutes.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
        return get_response(request)

    return middleware
