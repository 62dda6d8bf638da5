"""`site`: the list as a static website (GitHub Pages ready) its readers search, filter and cite from.

model.py gathers what the page shows; page.py writes index.html; files.py the citation
files; assets.py the script, style sheet, plot and search data.  The site is built in a
fresh folder beside DIR and then put in DIR's place, so a failed build leaves DIR as it was;
DIR must be empty, absent, or a site this command built (it carries MARKER).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile

from medsegcite.errors import MedsegciteError

MARKER = ".medsegcite-site"


def check_base_url(url: str | None) -> str:
    if not url:
        return ""
    if not re.fullmatch(r"https?://[^\s\"'<>\\]+", url, re.I):
        raise MedsegciteError(f"--base-url {url!r}: give an http(s) URL such as https://you.github.io/list/")
    return url if url.endswith("/") else url + "/"


def _check_target(out: str, data) -> None:
    target = os.path.realpath(out)
    if os.path.exists(target) and not os.path.isdir(target):
        raise MedsegciteError(f"cannot write the site to {out}: it is a file")
    if os.path.isdir(target) and os.listdir(target) and not os.path.exists(os.path.join(target, MARKER)):
        raise MedsegciteError(f"{out} is not empty and is not a site medsegcite built: choose an empty or new folder")
    data_root = os.path.realpath(data.root)
    if target == data_root or data_root.startswith(target + os.sep) or target in ("/", os.path.expanduser("~")):
        raise MedsegciteError(f"refusing to write the site to {out}: it holds the data folder")
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        raise MedsegciteError(f"cannot write the site to {out}: folder {parent} does not exist")


def build(data, out: str, style: str | None = None, styles_dir: str | None = None, base_url: str | None = None,
          warn=None) -> tuple[int, int]:
    """Write the site of `data` (a paths.DataDir) to `out`; (papers, files written)."""
    from medsegcite.site import assets, files, model, page

    base_url = check_base_url(base_url)
    _check_target(out, data)
    site = model.build(data, style, styles_dir, base_url, warn)
    target = os.path.realpath(out)
    fresh = tempfile.mkdtemp(prefix=".medsegcite-site-", dir=os.path.dirname(target))
    try:
        written = files.write(site, fresh)
        assets.write(site, fresh)
        page.write(site, fresh)
        for name, text in ((MARKER, "A site written by `medsegcite site`; the next build replaces this folder.\n"),
                           (".nojekyll", "")):  # GitHub Pages: serve the files as they are
            with open(os.path.join(fresh, name), "w", encoding="utf-8") as stream:
                stream.write(text)
        os.chmod(fresh, 0o755)  # mkdtemp's 0700 would hide the site from a web server
        _replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return len(site.papers), written + 5


def _replace(fresh: str, target: str) -> None:
    if not os.path.exists(target):
        os.rename(fresh, target)
        return
    old = tempfile.mkdtemp(prefix=".medsegcite-old-", dir=os.path.dirname(target))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
