from django.core.management.base import BaseCommand, CommandError

from renda.opinions import routing


class Command(BaseCommand):
    help = (
        "Train the router of public opinions on the units' past assignments and staff "
        "corrections, and store the model for every process (renda/opinions/routing.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--holdout",
            type=float,
            default=0.2,
            help="Share of the samples held out to measure the accuracy (0 skips it).",
        )
        parser.add_argument("--seed", type=int, default=20230401)

    def handle(self, *args, **options):
        holdout = options["holdout"]
        if not 0 <= holdout < 1:
            raise CommandError("--holdout must be at least 0 and less than 1")
        try:
            result = routing.train_with_report(holdout=holdout, seed=options["seed"])
        except routing.RouterTrainingRefused as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        accuracy = "not measured" if result.accuracy is None else f"{result.accuracy:.3f}"
        self.stdout.write(
            f"router {result.model.pk} trained: {result.samples} samples, "
            f"{result.units} units (classes), held-out accuracy {accuracy}, "
            f"{result.seconds:.1f} s, {len(result.model.blob) / 1e6:.1f} MB"
        )
