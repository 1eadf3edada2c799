from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView


class DataSourcesView(TemplateView):
    template_name = "data_sources.html"


@never_cache
def healthz(request):
    """For the proxy's health checks: the app is up and can reach its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def robots_txt(request):
    return HttpResponse("User-agent: *\nDisallow: /admin/\nDisallow: /champions/portal/\n", content_type="text/plain")
