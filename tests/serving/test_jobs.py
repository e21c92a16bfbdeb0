"""Periodic jobs: run at their interval, at most once per interval across runners, failures contained."""

import threading

import pytest
from django.core.management import CommandError, call_command

from khabar.serving.jobs import Job, configured_jobs, run_forever, run_job
from tests.serving import job_fixtures

pytestmark = pytest.mark.django_db

RECORD = "tests.serving.job_fixtures.record_call"


@pytest.fixture(autouse=True)
def _jobs(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.KHABAR_PERIODIC_JOBS = [(RECORD, 60), ("tests.serving.job_fixtures.fail", 60)]
    job_fixtures.CALLS.clear()


def test_a_job_runs_once_per_interval_however_many_runners_try():
    job = Job(RECORD, 60)
    assert run_job(job) is True
    assert run_job(job) is False  # a second runner (another app server, a cron entry) within the interval
    assert len(job_fixtures.CALLS) == 1
    assert run_job(job, force=True) is True
    assert len(job_fixtures.CALLS) == 2


@pytest.mark.redis
def test_runners_on_several_servers_share_the_claim_through_redis():
    from django.core.cache import cache

    job = Job(RECORD, 60)
    assert run_job(job) is True
    assert cache.get(f"serving:job:{RECORD}") is not None
    assert run_job(job) is False
    assert len(job_fixtures.CALLS) == 1


def test_a_failing_job_is_logged_and_does_not_stop_the_others(caplog):
    failing = Job("tests.serving.job_fixtures.fail", 60)
    assert run_job(failing) is False
    assert "job fail failed" in caplog.text and "this job always fails" in caplog.text
    assert run_job(Job(RECORD, 60)) is True


def test_the_loop_runs_each_job_at_its_interval_until_stopped():
    stop = threading.Event()
    job = Job(RECORD, 1)
    runner = threading.Thread(target=run_forever, args=([job], stop), kwargs={"tick": 0.05})
    runner.start()
    try:
        for _ in range(200):  # at most 10 s on a loaded machine
            if len(job_fixtures.CALLS) >= 3:
                break
            stop.wait(0.05)
    finally:
        stop.set()
        runner.join(timeout=5)
    assert not runner.is_alive()
    assert len(job_fixtures.CALLS) >= 3


def test_run_jobs_command_lists_runs_and_rejects_unknown_jobs(capsys):
    call_command("run_jobs", "--list")
    listed = capsys.readouterr().out
    assert "record_call\tevery 60 s" in listed and "fail\tevery 60 s" in listed
    call_command("run_jobs", "--job", "record_call")
    assert "record_call: ran" in capsys.readouterr().out
    assert len(job_fixtures.CALLS) == 1
    with pytest.raises(CommandError, match="no such periodic job: nope"):
        call_command("run_jobs", "--job", "nope")


def test_a_bad_interval_is_a_clear_error(settings):
    settings.KHABAR_PERIODIC_JOBS = [(RECORD, 0)]
    with pytest.raises(ValueError, match="must be positive"):
        configured_jobs()


def test_the_khabar_command_accepts_hyphenated_command_names(capsys):
    from khabar.cli import main

    main(["run-jobs", "--list"])
    assert "record_call" in capsys.readouterr().out
