"""The registration form on a campaign page (CampaignPage.serve calls campaign_page)."""

from django.template.response import TemplateResponse

from champions.forms import ApplicationForm
from champions.registration import submit_application
from provision import ratelimit

APPLICATIONS_PER_HOUR = 5


def campaign_page(request, page):
    context = page.get_context(request)
    if request.method == "POST":
        if not page.accepting_applications:
            return TemplateResponse(request, page.get_template(request), {**context, "form": None}, status=400)
        if not ratelimit.allow(ratelimit.client_key(request, "champion-application"), APPLICATIONS_PER_HOUR, 3600):
            return TemplateResponse(request, "champions/application_limited.html", context, status=429)
        form = ApplicationForm(request.POST, campaign=page)
        if form.is_valid():
            outcome = None if form.is_spam else submit_application(form, page)
            return TemplateResponse(
                request,
                "champions/application_done.html",
                {**context, "email": form.cleaned_data["email"], "outcome": outcome},
            )
    else:
        form = ApplicationForm(campaign=page) if page.accepting_applications else None
    return TemplateResponse(
        request,
        page.get_template(request),
        {**context, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
