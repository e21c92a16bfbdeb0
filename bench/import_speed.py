"""Import speed: 10,000 generated JSON Lines articles through `khabar import`, in articles per second.

Builds a throw-away site (SQLite under a temporary folder, migrated, with the demo's sections), writes the
articles (Arabic text made up here from a small vocabulary: 3 to 7 paragraphs, tags, authors, sections old and
new, view counts, original URLs), then times three runs of the real importer:

1. parse only (``--dry-run --json``): what the JSON Lines parser and the body sanitiser cost;
2. the import: Wagtail pages created and published one transaction each, with their redirects, view counts
   and import records, and every search-index, reference-index and cache receiver the site has connected;
3. the same file again: every article recognised as unchanged (the cost of an idempotent re-run).

Run: `.venv/bin/python bench/import_speed.py [--count N]` (also part of `make bench`). Set
KHABAR_BENCH_DATABASE_URL=postgres://… to run on an empty PostgreSQL database instead of SQLite.
"""

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

WORDS = [
    "المدينة", "الحكومة", "المحافظة", "الأسعار", "السوق", "الكهرباء", "المياه", "المدارس", "الطلاب",
    "المستشفى", "الطريق", "الجسر", "الزراعة", "القمح", "الزيتون", "المصنع", "العمال", "الرواتب", "الليرة",
    "الدولار", "الوزارة", "المجلس", "البلدية", "الأهالي", "الريف", "الحي", "الشارع", "المشروع", "الخطة",
    "العام", "الماضي", "المقبل", "الأسبوع", "الشهر", "ارتفاع", "انخفاض", "افتتاح", "إغلاق", "قرار",
    "اجتماع", "تقرير", "مصادر", "محلية", "رسمية", "قال", "أكد", "أعلن", "أوضح", "أضاف", "مدير", "رئيس",
    "عضو", "لجنة", "حملة", "مبادرة", "متطوعين", "خدمات", "النقل", "الحافلات", "الوقود", "الغاز", "الخبز",
    "الأفران", "المحروقات", "الصيانة", "الأمطار", "الشتاء", "الصيف", "الموسم", "الإنتاج", "التصدير",
    "الاستيراد",
]
SECTIONS = ["syria", "economy", "culture", "sports", "arab-world", "opinion", "بيئة", "تقارير"]
AUTHORS = ["رنا الخطيب", "يزن العمر", "هالة يوسف", "مازن الحلو", "سلمى الحسن", "نادر السعدي"]
TAGS = ["أسعار", "كهرباء", "مياه", "تعليم", "صحة", "نقل", "زراعة", "طاقة", "طقس", "رياضة", "ثقافة", "بلدية"]


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def article(rng, n):
    paragraphs = [" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 3)))
                  for _ in range(rng.randint(3, 7))]
    html = rng.random() < 0.5
    return {
        "title": f"{sentence(rng, rng.randint(5, 10))[:-1]} ({n})",
        "body": "".join(f"<p>{p}</p>" for p in paragraphs) if html else "\n\n".join(paragraphs),
        "published": f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                     f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+03:00",
        "section": rng.choice(SECTIONS),
        "tags": rng.sample(TAGS, rng.randint(0, 3)),
        "authors": [rng.choice(AUTHORS)],
        "url": f"http://old.bench.example/a/{100000 + n}",
        "views": rng.randint(0, 50000),
        "image": f"http://old.bench.example/img/{n}.jpg",
    }


def setup(var_dir):
    os.environ["KHABAR_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("KHABAR_SECRET_KEY", "bench-only-secret-key-0123456789-not-for-production")
    os.environ["KHABAR_DEBUG"] = "0"  # DEBUG would keep every SQL query in memory
    os.environ["KHABAR_LOG_LEVEL"] = "ERROR"
    os.environ.pop("KHABAR_REDIS_URL", None)
    if os.environ.get("KHABAR_BENCH_DATABASE_URL"):
        os.environ["KHABAR_DATABASE_URL"] = os.environ["KHABAR_BENCH_DATABASE_URL"]
    else:
        os.environ.pop("KHABAR_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "khabar.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from khabar.news.demo import ensure_home, ensure_sections

    call_command("migrate", interactive=False, verbosity=0)
    ensure_sections(ensure_home())


def timed_import(path, *options):
    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    started, cpu = time.perf_counter(), time.process_time()
    call_command("import", str(path), "--no-progress", *options, stdout=out, stderr=err)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    summary = [line for line in (out.getvalue() + err.getvalue()).splitlines() if "failed " in line][-1]
    return seconds, cpu, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="khabar-bench-import-") as tmp:
        tmp = Path(tmp)
        setup(tmp)
        from django.conf import settings
        from django.db import connection

        from khabar.news.models import ArticlePage

        rng = random.Random(args.seed)
        source = tmp / "articles.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for n in range(args.count):
                handle.write(json.dumps(article(rng, n), ensure_ascii=False) + "\n")
        size = source.stat().st_size / 2**20
        backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
        print(f"{args.count} articles, {size:.1f} MB of JSON Lines; database: {connection.vendor}; "
              f"search backend: {backend}")

        seconds, cpu, _ = timed_import(source, "--dry-run", "--json")
        print(f"parse only (--dry-run --json): {seconds:.1f} s, {args.count / seconds:,.0f} articles/s")

        seconds, cpu, summary = timed_import(source)
        imported = ArticlePage.objects.count()
        print(f"import: {summary}")
        print(f"IMPORT SPEED: {imported / seconds:.1f} articles/s ({imported} articles in {seconds:.0f} s wall "
              f"clock, search index included); {imported / cpu:.1f} articles per CPU second of this process "
              f"(the wall-clock figure falls when other processes share the CPU)")

        seconds, cpu, summary = timed_import(source)
        print(f"re-run, nothing changed: {seconds:.1f} s, {args.count / seconds:,.0f} articles/s ({summary})")
        assert ArticlePage.objects.count() == imported, "a re-run must not duplicate"


if __name__ == "__main__":
    main()
