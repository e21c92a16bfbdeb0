"""Helpers for the import tests: the fixture files, a pinned import day, and `khabar import` run the way an
operator runs it (through Django's command machinery), with its output captured."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from khabar.migration.dates import DateDefaults

FIXTURES = Path(__file__).resolve().parent / "fixtures"
IMPORT_DAY = date(2026, 11, 26)


@pytest.fixture
def no_date():
    """Parsing without --date, on a known import day."""
    return DateDefaults(given=None, today=IMPORT_DAY)


def parsed(module, path, dates):
    """Every item a parser yields for ``path``."""
    return list(module.parse(FIXTURES / path if not Path(path).is_absolute() else path, dates))


class Run:
    def __init__(self, out, err):
        self.out, self.err = out, err

    @property
    def summary(self):
        return [line for line in self.out.splitlines() + self.err.splitlines() if "failed " in line][-1]


def run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
    return Run(out.getvalue(), err.getvalue())
