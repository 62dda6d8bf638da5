"""CSL rendering: citeproc-py driven with fixes that bring it in line with citeproc-js."""
