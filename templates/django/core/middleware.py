"""Middleware of the core app."""

import json

from django.http import JsonResponse


def reject_malformed_json(get_response):
    """Answer a JSON 400 when a request under /api/ sends JSON that does not parse.

    Every API view can then read `json.loads(request.body)` without its own
    error handling for bad input, and clients get an answer they can read
    instead of a 500.
    """

    def middleware(request):
        if (
            request.path.startswith("/api/")
            and request.content_type == "application/json"
            and request.body
        ):
            try:
                json.loads(request.body)
            except ValueError:
                return JsonResponse({"error": "malformed JSON"}, status=400)
        return get_response(request)

    return middleware
