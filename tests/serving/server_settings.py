"""Settings for the app servers the serving tests start: the test settings plus a job that leaves a trace."""

from tests.settings import *  # noqa: F403

KHABAR_PERIODIC_JOBS = [*KHABAR_PERIODIC_JOBS, ("tests.serving.job_fixtures.touch_marker", 1)]  # noqa: F405
