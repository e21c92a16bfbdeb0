"""The documented deployment files work: nginx accepts the configuration, and every command the systemd units
run is one the `khabar` command accepts."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import load_command_class

from khabar.cli import serve_parser

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def exec_lines():
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        for line in unit.read_text().splitlines():
            if line.startswith("ExecStart="):
                yield unit.name, shlex.split(line.removeprefix("ExecStart="))


@pytest.mark.parametrize(("unit", "command"), list(exec_lines()))
def test_each_unit_runs_a_command_khabar_accepts(unit, command):
    assert command[0] == "/srv/khabar/.venv/bin/khabar", unit
    word, options = command[1], command[2:]
    if word == "serve":
        serve_parser().parse_args(options)
    else:
        name = word.replace("-", "_")
        parser = load_command_class("khabar.serving", name).create_parser("khabar", name)
        parser.parse_args(options)


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="needs nginx and openssl")
def test_nginx_accepts_the_documented_configuration(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=news.example.org", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "khabar.conf").read_text()
    site = site.replace("/etc/nginx/snippets/", f"{DEPLOY / 'nginx'}/")
    site = site.replace("/var/cache/nginx/khabar", str(tmp_path / "cache"))
    site = re.sub(r"/etc/letsencrypt/live/news.example.org/fullchain.pem", str(cert), site)
    site = re.sub(r"/etc/letsencrypt/live/news.example.org/privkey.pem", str(key), site)
    (tmp_path / "khabar.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/khabar.conf;\n}}\n")
    result = subprocess.run(["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
