import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from khabar.serving.jobs import configured_jobs, run_forever, run_job


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of settings.KHABAR_PERIODIC_JOBS: once each (for cron or a systemd timer), "
        "or every interval with --loop (what `khabar serve` runs beside its workers). A job another runner "
        "ran within its interval is skipped, so every app server may run this."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running each job at its interval")
        parser.add_argument("--job", action="append", default=[], metavar="NAME",
                            help="only this job (its function name or dotted path); may be repeated")
        parser.add_argument("--force", action="store_true",
                            help="run even if another runner ran the job within its interval")
        parser.add_argument("--list", action="store_true", help="list the configured jobs and exit")

    def handle(self, *args, **options):
        jobs = configured_jobs()
        if options["job"]:
            wanted = set(options["job"])
            unknown = wanted - {job.name for job in jobs} - {job.path for job in jobs}
            if unknown:
                known = ", ".join(job.name for job in jobs) or "none"
                raise CommandError(f"no such periodic job: {', '.join(sorted(unknown))} (configured: {known})")
            jobs = [job for job in jobs if job.name in wanted or job.path in wanted]
        if options["list"]:
            for job in jobs:
                self.stdout.write(f"{job.name}\tevery {job.interval:g} s\t{job.path}")
            return
        if not jobs:
            self.stdout.write("No periodic jobs are configured (settings.KHABAR_PERIODIC_JOBS).")
            return
        for job in jobs:
            job.load()  # a typo in a dotted path fails now, not at the first tick
        if not options["loop"]:
            failed = []
            for job in jobs:
                ran = run_job(job, force=options["force"])
                self.stdout.write(f"{job.name}: {'ran' if ran else 'skipped or failed (see the log)'}")
                if not ran and options["force"]:
                    failed.append(job.name)
            if failed:
                raise CommandError(f"failed: {', '.join(failed)}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        names = ", ".join(f"{job.name} ({job.interval:g} s)" for job in jobs)
        self.stdout.write(f"Running periodic jobs: {names}", ending="\n")
        self.stdout.flush()
        run_forever(jobs, stop)
