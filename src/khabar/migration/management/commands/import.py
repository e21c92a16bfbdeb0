"""``khabar import PATH…``: bring a legacy news site's articles into Khabar (see the README's "Importing a
legacy site"). The work is done by :mod:`khabar.migration.importer`; this module is options and messages."""

from django.core.management.base import BaseCommand, CommandError

from khabar.migration import formats
from khabar.migration.dates import parse_day
from khabar.migration.importer import Importer
from khabar.news.models import HomePage, SectionPage


class Command(BaseCommand):
    help = ("Import articles from a legacy site: plain-text page dumps, saved HTML pages, WordPress exports "
            "(WXR) or JSON Lines. PATHs are files or folders (searched recursively). Importing again "
            "updates the same articles instead of duplicating them.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
        parser.add_argument("--format", dest="fmt", default="auto", choices=["auto", *formats.FORMATS],
                            help="the files' format (default: detected per file)")
        parser.add_argument("--section", metavar="SLUG",
                            help="put every article in this existing section (default: the section the "
                                 "source names, created when missing, else «أرشيف»)")
        parser.add_argument("--date", metavar="YYYY-MM-DD",
                            help="publication day for records whose source gives none (for text dumps it "
                                 "wins over the date guessed from the page)")
        parser.add_argument("--draft", action="store_true", help="save the articles as drafts, unpublished")
        parser.add_argument("--dry-run", action="store_true", help="write nothing; say what would be done")
        parser.add_argument("--json", action="store_true",
                            help="with --dry-run: print each parsed article as one JSON object a line")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json prints parsed articles without importing them: use it with --dry-run.")
        day = None
        if options["date"]:
            try:
                day = parse_day(options["date"])
            except ValueError:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from None
        try:
            paths = formats.collect(options["paths"], options["fmt"])
        except FileNotFoundError as missing:
            raise CommandError(f"No such file or folder: {missing}") from None
        if not paths:
            kinds = "" if options["fmt"] == "auto" else f" of format {options['fmt']}"
            raise CommandError(f"No importable files{kinds} in {', '.join(options['paths'])} "
                               f"(looked for {', '.join(self.extensions(options['fmt']))}).")
        try:
            importer = Importer(
                stdout=self.stdout, stderr=self.stderr, section=options["section"], day=day,
                draft=options["draft"], dry_run=options["dry_run"], as_json=options["json"],
                progress=not options["no_progress"], verbosity=options["verbosity"],
            )
        except LookupError:
            raise CommandError(self.unknown_section(options["section"])) from None
        summary = importer.run(paths)
        out = self.stderr if options["json"] else self.stdout
        if options["dry_run"]:
            out.write("Dry run: nothing was written.")
        if summary.images_kept:
            kept = "would be kept" if options["dry_run"] else "kept"
            out.write(f"{summary.images_kept} lead image URL(s) {kept} with the import records; images are not "
                      "fetched.")
        style = self.style.WARNING if summary.failed else self.style.SUCCESS
        out.write(style(summary.line()))

    @staticmethod
    def extensions(fmt):
        names = formats.FORMATS if fmt == "auto" else [fmt]
        return [ext for name in names for ext in formats.FORMATS[name].EXTENSIONS]

    @staticmethod
    def unknown_section(slug):
        home = HomePage.objects.first()
        known = list(SectionPage.objects.child_of(home).values_list("slug", flat=True)) if home else []
        return f"No section with the slug {slug!r}. Sections: {', '.join(known) or 'none yet'}."
