"""``nahbar stats estimate --responses FILE.csv (--mean COL | --share "COL OP VALUE") [...]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from svy.errors import SvyError

from nahbar.survey import analyst
from nahbar.survey.csvinput import InputError, parse_share
from nahbar.survey.estimator import RakingError, SurveyDesign
from nahbar.survey.margins import MarginsError


class Command(BaseCommand):
    help = "Survey statistics on plain CSV files. Subcommand: estimate (weighted share or mean with SE and 95 % CI)."
    requires_system_checks: list[str] = []  # works on files only, needs no database

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        estimate = actions.add_parser(
            "estimate",
            help="weighted share or mean, optionally raked and by group, with the publication rules applied",
        )
        estimate.add_argument("--responses", type=Path, required=True, help="CSV file, one respondent per row")
        estimate.add_argument("--weights", help="column of initial weights (default: 1 for every respondent)")
        estimate.add_argument("--strata", help="column of the sampling stratum")
        estimate.add_argument("--fpc", help="column with the stratum's population size (finite population correction)")
        estimate.add_argument("--rake-margins", type=Path, help="long CSV with columns variable,level,total")
        outcome = estimate.add_mutually_exclusive_group(required=True)
        outcome.add_argument("--mean", metavar="COL", help="estimate the mean of this numeric column")
        outcome.add_argument("--share", metavar='"COL OP VALUE"', help="estimate the share meeting the condition")
        estimate.add_argument("--by", metavar="COL", help="one estimate per value of this column, plus 'all'")
        estimate.add_argument("--ci", choices=["logit", "beta"], default="logit", help="CI for shares")
        estimate.add_argument("--out", type=Path, help="write the table here instead of to standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            request = analyst.EstimateRequest(
                responses=options["responses"],
                mean=options["mean"],
                share=parse_share(options["share"]) if options["share"] else None,
                design=SurveyDesign(weights=options["weights"], strata=options["strata"], fpc=options["fpc"]),
                rake_margins=options["rake_margins"],
                by=options["by"],
                ci=options["ci"],
            )
            result = analyst.run(request)
        except (InputError, MarginsError, RakingError) as exc:
            raise CommandError(str(exc)) from None
        except SvyError as exc:
            raise CommandError(_("Die Schätzung ist gescheitert: %(error)s") % {"error": exc}) from None
        self._write(result, options["out"])

    def _write(self, result: analyst.EstimateResult, out: Path | None) -> None:
        if out is None:
            analyst.write_csv(result.rows, self.stdout)
        else:
            try:
                with out.open("w", encoding="utf-8", newline="") as handle:
                    analyst.write_csv(result.rows, handle)
            except OSError as exc:
                raise CommandError(
                    _("In „%(path)s“ lässt sich nicht schreiben: %(error)s") % {"path": out, "error": exc.strerror}
                ) from None
        suppressed = sum(not row.published for row in result.rows)
        self.stderr.write(
            _("%(used)d Antworten ausgewertet, %(left_out)d ohne Wert nicht berücksichtigt; %(suppressed)d von "
              "%(rows)d Zeilen nach den Veröffentlichungsregeln unterdrückt.")
            % {"used": result.used, "left_out": result.left_out, "suppressed": suppressed, "rows": len(result.rows)}
        )  # fmt: skip
