from medsegcite.bib import store
from medsegcite.listing.catalog import parse_list
from medsegcite.bib.sync import sync

LIST = """# Section
### Liver
- [H-DenseUNet: hybrid densely connected UNet] [[scholar]](https://scholar.google.com/scholar?q=x)
- [Automatic liver segmentation] [[springer]](https://link.springer.com/article/10.1007/s00530-020-00709-x)
### Heart
- [h-denseunet hybrid densely connected unet] [[scholar]](https://scholar.google.com/scholar?q=y)
"""


def test_new_papers_carry_what_the_list_gives():
    entries, report = sync(parse_list(LIST), [])
    assert [e.key for e in entries] == ["hdenseunethybrid", "automaticliver"]
    first, second = entries
    assert first.entry_type == "misc" and first.state == "unresolved"
    assert first.fields["keywords"] == "Section, Section/Liver, Section/Heart"
    assert "url" not in first.fields  # a search link identifies nothing
    assert first.meta["link"].startswith("https://scholar.google.com/")
    assert second.fields["url"] == "https://link.springer.com/article/10.1007/s00530-020-00709-x"
    assert "doi" not in second.fields  # a DOI is stored only once resolution has checked it
    assert report.added == ["hdenseunethybrid", "automaticliver"]


def test_keys_are_stable_and_hand_edits_kept(tmp_path):
    path = tmp_path / "references.bib"
    entries, _ = sync(parse_list(LIST), [])
    store.save(path, entries)
    path.write_text(path.read_text().replace("title = {Automatic liver segmentation}", "title = {Automatic {LIVER} segmentation}"))
    # The list gains a paper before the others and loses none.
    grown = LIST.replace("### Liver\n", "### Liver\n- [Automatic kidney work] [[scholar]](https://scholar.google.com/scholar?q=z)\n")
    entries, report = sync(parse_list(grown), store.load(path))
    assert [e.key for e in entries] == ["automatickidney", "hdenseunethybrid", "automaticliver"]
    assert entries[2].fields["title"] == "Automatic {LIVER} segmentation"
    assert report.added == ["automatickidney"] and report.kept == 2


def test_papers_gone_from_the_list_leave_the_store():
    entries, _ = sync(parse_list(LIST), [])
    shrunk = LIST.split("- [Automatic")[0]
    entries, report = sync(parse_list(shrunk), entries)
    assert report.removed == ["automaticliver"]
    assert [e.key for e in entries] == ["hdenseunethybrid"]
    assert entries[0].fields["keywords"] == "Section, Section/Liver"


def _varied_list(count: int) -> str:
    """Titles of every kind the encoder meets: plain, accented, TeX specials, dashes, quotes, CJK."""
    words = ["U-Net", "Grün", "50% faster", "A&B", "x_1", "{braces}", "naïve", "深層学習", "“quoted”", "a–b", "C#", "~tilde"]
    lines = ["# Section", "### Liver & Kidney"]
    for number in range(count):
        lines.append(f"- [Paper {number} {words[number % len(words)]} segmentation {words[(number * 7) % len(words)]}] "
                     f"[[scholar]](https://scholar.google.com/scholar?q={number})")
    return "\n".join(lines) + "\n"


def test_sync_of_an_unchanged_list_changes_nothing():
    """The second sync of a list reports no change (so nothing is written), whatever its titles hold."""
    catalog = parse_list(_varied_list(40))
    entries, report = sync(catalog, [])
    assert report.changed
    again, report = sync(parse_list(_varied_list(40)), store.parse(store.dumps(entries)))
    assert not report.changed and report.kept == 40
    reordered = "\n".join(reversed(_varied_list(40).splitlines()[2:]))
    _, report = sync(parse_list("# Section\n### Liver & Kidney\n" + reordered), store.parse(store.dumps(entries)))
    assert report.changed  # the store follows the list's order: a new order is a change
    moved = _varied_list(40).replace("### Liver & Kidney", "### Liver")
    _, report = sync(parse_list(moved), store.parse(store.dumps(entries)))
    assert report.changed  # new categories


def test_unchanged_sync_neither_encodes_nor_rewrites(data_copy):
    """`sync` of an unchanged list of plain titles: no LaTeX encoder loaded, the store's file untouched."""
    import os
    import subprocess
    import sys

    list_path, bib = data_copy / "list.md", data_copy / "references.bib"
    list_path.write_text("# Section\n### Liver\n" + "".join(
        f"- [Plain title number {n} of a liver paper]  [[scholar]](https://scholar.google.com/scholar?q={n})\n" for n in range(30)))
    bib.unlink()
    code = ("import sys\nfrom medsegcite.cli import main\n"
            "try:\n    main(['--data', sys.argv[1], '-q', 'sync'])\nexcept SystemExit as done:\n    assert not done.code\n"
            "from medsegcite.bib import latex\nprint(latex._encoder.cache_info().currsize > 0)\n")  # the encoder built?
    first = subprocess.run([sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True, check=True)
    before = os.stat(bib)
    second = subprocess.run([sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True, check=True)
    after = os.stat(bib)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not written again
    assert second.stdout.split() == ["False"], second.stdout
    assert first.stdout.split() == ["False"]  # plain ASCII titles need no encoder even when new


def test_sync_of_what_the_last_sync_left_reads_no_store(data_copy, tmp_path):
    """The list and the store as the last sync left them: the next sync neither parses nor writes the
    store (bibtexparser is not even imported) and says the same; any edit of either brings the work back."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MEDSEGCITE_CACHE": str(tmp_path / "cache")}
    code = ("import sys\nfrom medsegcite.cli import main\n"
            "try:\n    main(['--data', sys.argv[1], 'sync'])\nexcept SystemExit as done:\n    assert not done.code\n"
            "print('bibtexparser' in sys.modules)\n")

    def run():
        done = subprocess.run([sys.executable, "-c", code, str(data_copy)], capture_output=True, text=True, check=True, env=env)
        return done.stdout.splitlines()

    bib = data_copy / "references.bib"
    first = run()
    assert first[-1] == "True"
    stamp = os.stat(bib).st_mtime_ns
    second = run()
    assert second == first[:-1] + ["False"] and os.stat(bib).st_mtime_ns == stamp
    # a hand edit of the store: read again (and the edit kept)
    bib.write_text(bib.read_text().replace("keywords = {", "keywords = {Hand, ", 1))
    assert run()[-1] == "True" and "keywords = {Hand, " in bib.read_text()
    # a damaged record of the last sync is no record
    for record in (tmp_path / "cache" / "sync").iterdir():
        record.write_text("0" * 64)
    assert run()[-1] == "True"
    # a paper added to the list: synced
    with open(data_copy / "list.md", "a") as handle:
        handle.write("- [A paper added for this test of sync]  [[scholar]](https://example.org/added)\n")
    assert "1 added" in run()[0]
