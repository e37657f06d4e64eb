"""E-mails after a submission: a confirmation to the provider, a notice to the municipality's coordinators.

Always in German (the language of the municipality's staff), whatever language the page was in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from nahbar.tenancy.models import Membership, Role

if TYPE_CHECKING:
    from nahbar.campaigns.models import CampaignEntry


def coordinator_emails(municipality_id: int) -> list[str]:
    with scopes_disabled():
        emails = Membership.objects.filter(
            municipality_id=municipality_id, role=Role.COORDINATOR, user__is_active=True
        ).values_list("user__email", flat=True)
        return sorted({e for e in emails if e})


def send_submission_mails(entry: CampaignEntry, *, actor: Any, new_offer: bool) -> int:
    """Send both mails; returns how many were sent (accounts without an address get none)."""
    campaign, offer = entry.campaign, entry.offer
    sent = 0
    with translation.override("de"):
        values = {"campaign": campaign.name, "title": offer.title, "organization": offer.organization.name}
        if getattr(actor, "email", ""):
            if new_offer:
                body = (
                    _(
                        "Guten Tag,\n\nvielen Dank! Ihre Veranstaltung „%(title)s“ (%(organization)s) ist für "
                        "„%(campaign)s“ eingereicht. Die Koordinierungsstelle prüft sie und schaltet sie frei; "
                        "danach steht sie im Programm.\n\nIhr nahbar-Team"
                    )
                    % values
                )
            else:
                body = (
                    _(
                        "Guten Tag,\n\nvielen Dank! Ihr Angebot „%(title)s“ (%(organization)s) ist für "
                        "„%(campaign)s“ angemeldet und steht mit seinen Terminen in der Aktionswoche im Programm."
                        "\n\nIhr nahbar-Team"
                    )
                    % values
                )
            subject = _("Eingang bestätigt: %(title)s – %(campaign)s") % values
            sent += send_mail(subject, body, None, [actor.email])
        coordinators = coordinator_emails(campaign.municipality_id)
        if coordinators:
            kind = _("eine neue Veranstaltung (wartet auf Prüfung)") if new_offer else _("ein bestehendes Angebot")
            body = _(
                "Für „%(campaign)s“ hat %(organization)s %(kind)s eingereicht: „%(title)s“.\n\nIhr nahbar-Team"
            ) % {**values, "kind": kind}
            subject = _("Neue Einreichung für %(campaign)s: %(title)s") % values
            sent += send_mail(subject, body, None, coordinators)
    return sent
