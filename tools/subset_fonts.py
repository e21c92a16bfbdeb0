"""Rebuilds the reader site's self-hosted Arabic font: Noto Naskh Arabic cut down to what Arabic news needs.

Why: a Naskh face is what Arabic readers expect for long text (Noto Naskh Arabic is the open one, OFL 1.1),
but the full font is several hundred kilobytes and most of it (Urdu, Persian and Quranic marks, presentation
forms, maths) never appears in a news article. This keeps the basic Arabic block and the characters that
travel with it, as one variable woff2 covering weights 400-700 (body text and headlines from one download),
plus a small second file with Latin digits and punctuation that the stylesheet loads only where a page uses
them (its `unicode-range`).

Source: the npm registry's @fontsource-variable/noto-naskh-arabic, fetched with `npm pack` into a temporary
folder. Needs npm and fonttools with brotli (`pip install fonttools==4.68.0 brotli`); neither is a runtime
dependency of Khabar: only the output files are committed. Run: `.venv/bin/python tools/subset_fonts.py`.
"""

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@fontsource-variable/noto-naskh-arabic@5.3.0"
OUT_DIR = Path(__file__).resolve().parent.parent / "src/khabar/news/static/news/fonts"

# Basic Arabic (letters, harakat, Arabic-Indic digits, ، ؛ ؟), joiners and bidi marks, hyphens, the dotted
# circle that shows a lone mark, and the two ligature words common in news text (ﷲ ﷺ). Contextual letter
# forms need no code points of their own: the subsetter keeps every glyph the shaping rules reach.
ARABIC = "U+0020,U+00A0,U+0600-06FF,U+200C-200F,U+2010-2011,U+25CC,U+FDF2,U+FDFA"
# Latin digits (the default KHABAR_DIGITS=latn) and the punctuation that sits among Arabic words.
DIGITS = "U+0021-0040,U+005B-0060,U+007B-007E,U+00AB,U+00BB,U+2013-2014,U+2018-201D,U+2026"

OUTPUTS = {
    "noto-naskh-arabic-arabic.woff2": ("noto-naskh-arabic-arabic-wght-normal.woff2", ARABIC),
    "noto-naskh-arabic-digits.woff2": ("noto-naskh-arabic-latin-wght-normal.woff2", DIGITS),
}


def fetch_package(workdir):
    print(f"fetching {PACKAGE} from the npm registry…", flush=True)
    result = subprocess.run(  # noqa: S603 (a fixed command line)
        [shutil.which("npm"), "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True, capture_output=True, text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def subset(source, unicodes, target):
    from fontTools import subset as ftsubset

    ftsubset.main([
        str(source), f"--unicodes={unicodes}", "--flavor=woff2", f"--output-file={target}",
        "--name-IDs=*", "--name-languages=*", "--no-hinting",
    ])
    print(f"{target.name}: {target.stat().st_size / 1024:.1f} KiB", flush=True)


def main():
    if shutil.which("npm") is None:
        sys.exit("npm is needed to fetch the font package from the npm registry")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="khabar-fonts-") as tmp:
        package = fetch_package(Path(tmp))
        for output, (source, unicodes) in OUTPUTS.items():
            subset(package / "files" / source, unicodes, OUT_DIR / output)
        shutil.copyfile(package / "LICENSE", OUT_DIR / "OFL.txt")
    print(f"fonts written to {OUT_DIR}")


if __name__ == "__main__":
    main()
