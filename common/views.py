from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness probe for load balancers (and the bare-Django floor of the benchmarks)."""
    return JsonResponse({"status": "ok"})
