"""Puts the request's method and path in front of Django's log messages."""

import logging


class RequestLineFilter(logging.Filter):
    """Adds `request_line` ("GET /path ") to every record; empty without a request.

    Django attaches the request to the records it logs for 4xx and 5xx
    responses, so an error's traceback names the request that caused it.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        method = getattr(request, "method", None)
        if method and hasattr(request, "get_full_path"):
            record.request_line = f"{method} {request.get_full_path()} "
        else:
            record.request_line = ""
        return True
