from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from khabar.serving.generate import generate


class Command(BaseCommand):
    help = (
        "Create COUNT live articles of generated Arabic news text across the sections, in bulk (10,000 in "
        "well under a minute), for benchmarks and load tests. Adds to what is there; never use it on a real site."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same articles")
        parser.add_argument("--batch", type=int, default=500, help="articles per transaction")

    def handle(self, *args, count, seed, batch, **options):
        if count < 1 or count > 1_000_000:
            raise CommandError("COUNT must be between 1 and 1,000,000.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        with tqdm(total=count, unit="article", desc="generating", disable=options["verbosity"] == 0) as bar:
            created = generate(count, seed=seed, batch_size=batch, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{created} articles created."))
