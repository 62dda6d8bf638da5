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
