"""medsegcite/csl/fixes/on_demand.py: fixes only some styles need are installed by the
first style that needs them, before anything of it renders."""

from __future__ import annotations

import subprocess
import sys

# A fresh process: in this one other tests may have installed the fixes already.
PROBE = r"""
import sys, tempfile, os
from citeproc import model
from medsegcite.csl import render
head = '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation>'
plain = head + '<bibliography><layout><text variable="title"/></layout></bibliography></style>'
shown = head + '<bibliography><layout><text variable="title" display="block"/></layout></bibliography></style>'
folder = tempfile.mkdtemp()
item = [{"id": "a", "type": "book", "title": "T"}]
before = model.Text.render
for name, xml in (("plain", plain), ("shown", shown)):
    path = os.path.join(folder, name + ".csl")
    open(path, "w").write(xml)
    out = render.bibliography(item, render.Style(name, path), "html")
    print(name, model.Text.render is before, out[0][1])
"""


def test_a_style_without_display_leaves_the_renderers_alone_and_one_with_it_installs_them():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["plain True T", 'shown False <div class="csl-block">T</div>']
