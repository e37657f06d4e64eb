"""What the report page, its PDF and its CSV show, built from :func:`campaign_figures`."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nahbar.areas.models import Area
from nahbar.campaigns.report.charts import Chart, bar_chart, column_chart, place_map
from nahbar.campaigns.report.figures import CampaignFigures, Headline, Row


def headline_text(headline: Headline) -> str:
    """ "80 Angebote, 812 Teilnehmende an 7 Tagen" """
    offers = ngettext("%(count)s Angebot", "%(count)s Angebote", headline.offers) % {"count": headline.offers}
    people = ngettext("%(count)s Teilnehmende", "%(count)s Teilnehmende", headline.participants) % {
        "count": _thousands(headline.participants)
    }
    days = ngettext("an %(count)s Tag", "an %(count)s Tagen", headline.days) % {"count": headline.days}
    return f"{offers}, {people} {days}"


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f} %"


def _alt(title: str, rows: list[tuple[str, int]]) -> str:
    return f"{title}: " + "; ".join(f"{label} {value}" for label, value in rows) + "."


def charts(figures: CampaignFigures) -> dict[str, Chart]:
    result: dict[str, Chart] = {}
    people = _("Teilnehmende")
    per_day = [(r.label, r.participants) for r in figures.per_day]
    result["per_day"] = column_chart(
        [label for label, _v in per_day],
        [v for _l, v in per_day],
        axis_label=people,
        alt=_alt(_("Teilnehmende je Tag"), per_day),
    )
    for key, title, rows in (
        ("per_district", _("Teilnehmende je Stadtteil"), figures.per_district),
        ("per_format", _("Teilnehmende je Format"), figures.per_format),
        ("per_target_group", _("Teilnehmende je Zielgruppe"), figures.per_target_group),
    ):
        pairs = [(r.label, r.participants) for r in rows]
        if pairs:
            result[key] = bar_chart(
                [label for label, _v in pairs], [v for _l, v in pairs], axis_label=people, alt=_alt(title, pairs)
            )
    providers = [(r.label, r.organizations) for r in figures.providers_by_kind]
    if providers:
        result["providers"] = bar_chart(
            [label for label, _v in providers],
            [v for _l, v in providers],
            axis_label=_("Organisationen"),
            alt=_alt(_("Anbieter nach Art"), providers),
        )
    return result


def print_map(figures: CampaignFigures) -> Chart | None:
    areas = list(
        Area.objects.filter(municipality_id=figures.campaign.municipality_id, parent=None).only(
            "pk", "parent_id", "geometry"
        )
    )
    alt = ngettext(
        "Karte mit %(count)s Ort, an dem Veranstaltungen stattfanden.",
        "Karte mit %(count)s Orten, an denen Veranstaltungen stattfanden.",
        len(figures.places),
    ) % {"count": len(figures.places)}
    return place_map(figures.places, areas, alt=alt)


def markers(figures: CampaignFigures, municipality_slug: str) -> list[dict[str, Any]]:
    """The map's points, in the finder map's format (nahbar/static/nahbar/start-map.js)."""
    return [
        {
            "name": point.place.name,
            "lat": point.place.latitude,
            "lon": point.place.longitude,
            "label": ngettext("%(count)s Veranstaltung", "%(count)s Veranstaltungen", point.events)
            % {"count": point.events}
            + ", "
            + ngettext("%(count)s Teilnehmende", "%(count)s Teilnehmende", point.participants)
            % {"count": point.participants},
            "url": reverse("place-detail", kwargs={"municipality_slug": municipality_slug, "place_id": point.place.pk}),
        }
        for point in figures.places
    ]


def report_context(figures: CampaignFigures) -> dict[str, Any]:
    headline = figures.headline
    previous = figures.previous.headline if figures.previous else None
    comparison = []
    if previous is not None:
        for label, now, before in (
            (_("Angebote"), headline.offers, previous.offers),
            (_("Veranstaltungen"), headline.events, previous.events),
            (_("Teilnehmende"), headline.participants, previous.participants),
            (_("Tage"), headline.days, previous.days),
        ):
            comparison.append({"label": label, "now": now, "before": before, "change": now - before})
    return {
        "figures": figures,
        "headline": headline,
        "headline_text": headline_text(headline),
        "first_time_share": percent(headline.first_time_share),
        "comparison": comparison,
        "previous": figures.previous,
        "charts": charts(figures),
    }


CSV_HEADER = ["bereich", "schluessel", "bezeichnung", "veranstaltungen", "teilnehmende"]


def report_csv(figures: CampaignFigures) -> str:
    """The aggregates, one table: section, key, label, events, participants. No names, no single counts."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    h = figures.headline
    for key, value in (
        ("angebote", h.offers),
        ("veranstaltungen", h.events),
        ("veranstaltungen_mit_zahlen", h.counted_events),
        ("teilnehmende", h.participants),
        ("tage", h.days),
        ("erstmals_da", h.first_time),
        ("teilnehmende_mit_angabe_erstmals", h.first_time_base),
        ("anbieter", figures.providers),
    ):
        writer.writerow(["gesamt", key, "", "", value])
    for row in figures.providers_by_kind:
        writer.writerow(["anbieter_nach_art", row.key, row.label, row.offers, row.organizations])
    sections: list[tuple[str, list[Row]]] = [
        ("tag", figures.per_day),
        ("gebiet", figures.per_district),
        ("format", figures.per_format),
        ("zielgruppe", figures.per_target_group),
        ("altersgruppe", figures.ages),
    ]
    for section, rows in sections:
        for line in rows:
            writer.writerow([section, line.key, line.label, line.events, line.participants])
    if figures.previous is not None:
        p = figures.previous.headline
        for key, value in (("angebote", p.offers), ("veranstaltungen", p.events), ("teilnehmende", p.participants)):
            writer.writerow(["vorherige_aktionswoche", key, figures.previous.campaign.name, "", value])
    return out.getvalue()
