""""Recently added": when each paper's line first entered list.md, from the list's git history.

`git log -p` on the list, bounded in commits and time; no history (not a git checkout,
no git, a timeout) gives no "recently added", never an error.  The oldest commit read
(the list's creation, or the bound's edge) added papers nobody would call recent: its
papers are left out.
"""

from __future__ import annotations

import os
import subprocess
from datetime import datetime

MAX_COMMITS = 500
TIMEOUT = 20  # seconds for the whole `git log`
SHOWN = 10
_MARK = "\x1emedsegcite-commit "  # a record separator before each commit


def _git_log(list_path: str) -> str | None:
    folder, name = os.path.split(os.path.abspath(list_path))
    command = ["git", "-c", "core.quotepath=off", "log", f"-n{MAX_COMMITS}", "--format=%x1emedsegcite-commit %cI", "-p",
               "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--", name]
    try:
        done = subprocess.run(command, cwd=folder, capture_output=True, timeout=TIMEOUT,
                              env={**os.environ, "GIT_PAGER": "cat", "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None  # not a git checkout, or the list is not tracked
    return done.stdout.decode("utf-8", errors="replace")


def _commits(log: str) -> list[tuple[str, list[str]]]:
    """(ISO date, the lines the commit added to the list), newest first."""
    commits: list[tuple[str, list[str]]] = []
    for block in log.split(_MARK)[1:]:
        head, _, body = block.partition("\n")
        try:
            date = datetime.fromisoformat(head.strip()).date().isoformat()
        except ValueError:
            continue
        added = [line[1:] for line in body.splitlines() if line.startswith("+") and not line.startswith("+++")]
        commits.append((date, added))
    return commits


def recently_added(list_path: str, catalog, shown: int = SHOWN) -> list[tuple[str, str]]:
    """(date, paper identity) of the papers most recently added that are still listed, newest first."""
    log = _git_log(list_path)
    if not log:
        return []
    from medsegcite.listing.catalog import parse_list

    commits = _commits(log)
    if len(commits) < 2:
        return []
    first_added: dict[str, tuple[int, str]] = {}  # identity -> (commit's age rank, date); oldest wins
    for rank, (date, lines) in enumerate(commits):
        items = [line for line in lines if line.lstrip().startswith(("-", "*", "+"))]
        if not items:
            continue
        for paper in parse_list("# Added\n### Added\n" + "\n".join(items)).papers:
            first_added[paper.identity] = (rank, date)
    oldest = len(commits) - 1
    listed = {paper.identity for paper in catalog.papers}
    recent = sorted(((rank, date, identity) for identity, (rank, date) in first_added.items()
                     if rank < oldest and identity in listed), key=lambda row: row[0])
    return [(date, identity) for _, date, identity in recent[:shown]]
