"""The ground floor's size limit: a file at the limit is read whole, a byte more is refused in one line."""

import pytest

from medsegcite import files


def test_a_file_at_the_limit_is_read_and_a_byte_more_refused(tmp_path):
    path = tmp_path / "references.bib"
    with open(path, "wb") as stream:  # sparse: takes no disk
        stream.truncate(256 * 1024 * 1024)  # a thousand times the shipped store (93 MB resolved) with room
    assert len(files.read_bytes(path, inside=str(tmp_path))) == files.MAX_BYTES
    with open(path, "r+b") as stream:
        stream.truncate(files.MAX_BYTES + 1)
    with pytest.raises(files.FileRefused, match=r"is 268,435,457 bytes, more than the 268,435,456 a file may have here"):
        files.read_bytes(path, inside=str(tmp_path))
