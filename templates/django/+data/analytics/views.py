from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from .stats import summarise

# The file /api/stats summarises: replace data/sample.csv with real data, or
# point DATA_FILE at another CSV file.
DATA_FILE = settings.BASE_DIR / "data" / "sample.csv"


@require_safe
def stats(request):
    """Row count and per-column mean, min and max of the data file."""
    return JsonResponse(summarise(DATA_FILE))
