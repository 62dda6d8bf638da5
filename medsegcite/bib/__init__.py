"""The BibTeX store and its formats: records, keys, LaTeX encoding, sync with the list, exports."""
