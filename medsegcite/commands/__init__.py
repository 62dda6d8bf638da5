"""The commands' work, one module per command or group, each wiring the layers below it in
the pipeline's order: the list (listing/) -> resolution (crossref/) -> the store (bib/) ->
outputs (bib/export.py, csl/, site/).  cli.py parses options and prints; this does the work."""
