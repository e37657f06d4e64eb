from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nahbar.pages.forms import BarrierFeedbackForm
from nahbar.pages.services import barrier_feedback_submit
from nahbar.tenancy.models import Municipality


def home(request: HttpRequest) -> HttpResponse:
    municipalities = Municipality.objects.order_by("name")
    return render(request, "pages/home.html", {"municipalities": municipalities})


def accessibility(request: HttpRequest) -> HttpResponse:
    initial_page = request.GET.get("seite", "")[:300]
    if request.method == "POST":
        form = BarrierFeedbackForm(request.POST)
        if form.is_valid():
            barrier_feedback_submit(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Danke! Ihre Meldung ist angekommen. Wir kümmern uns darum."))
            # Back to the form section, where the confirmation is shown.
            return redirect(reverse("accessibility") + "#melden")
    else:
        form = BarrierFeedbackForm(initial={"page": initial_page})
    return render(request, "pages/accessibility.html", {"form": form})
