"""`khabar serve` on the single-machine default (SQLite, the in-process cache, two granian workers that share
no memory): a change made in another process reaches every worker's cached pages within 5 seconds, the
periodic jobs run beside the workers, and SIGTERM stops everything."""

import json

import pytest

from tests.serving.live import LiveServer, server_env, site_tool, wait_until

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def single_machine(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("single-machine")
    env = server_env(var_dir, KHABAR_DATABASE_URL=f"sqlite:///{var_dir / 'khabar.sqlite3'}")
    content = json.loads(site_tool(env, "setup"))
    server = LiveServer(env, workers=2, jobs=True)
    yield server, env, content, var_dir
    server.stop()


def test_a_change_reaches_every_workers_cached_pages_within_5_seconds(single_machine):
    server, env, content, _ = single_machine
    path = f"/a/{content['public_id']}/"
    answers = [server.get(path) for _ in range(16)]
    assert all(content["title"] in answer.text for answer in answers)
    assert any(answer.cache == "hit" for answer in answers)

    site_tool(env, "retitle", str(content["pk"]), "عنوان عدّله محرر في عملية أخرى")

    def everywhere():
        return all("عنوان عدّله محرر في عملية أخرى" in server.get(path).text for _ in range(16))

    elapsed = wait_until(everywhere, timeout=5)
    assert elapsed is not None, "a worker still served the old title 5 seconds after the publish"
    assert "عنوان عدّله محرر في عملية أخرى" in server.get("/").text


def test_the_periodic_jobs_run_beside_the_workers(single_machine):
    server, _, _, var_dir = single_machine
    marker = var_dir / "job-marker"
    assert wait_until(lambda: marker.exists() and len(marker.read_text().split()) >= 2, timeout=15) is not None
    runner_pids = set(marker.read_text().split())
    assert len(runner_pids) == 1, "one job runner, not one per worker"
    assert str(server.process.pid) not in runner_pids  # its own process, not the supervisor


def test_sigterm_stops_the_server_and_its_job_runner(single_machine, tmp_path):
    _, env, _, _ = single_machine
    server = LiveServer({**env, "KHABAR_VAR_DIR": str(tmp_path)}, workers=1, jobs=True)  # same database
    marker = tmp_path / "job-marker"
    assert wait_until(marker.exists, timeout=15) is not None
    assert server.stop() == 0
    lines = len(marker.read_text().split())
    assert wait_until(lambda: len(marker.read_text().split()) > lines, timeout=2.5) is None, "the job runner outlived serve"
