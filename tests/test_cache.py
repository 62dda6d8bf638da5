import os

from medsegcite import cache


def test_the_cache_folder_is_platformdirs_own(monkeypatch, tmp_path):
    import platformdirs

    for value in (None, str(tmp_path)):
        if value is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", value)
        assert cache.user_cache() == platformdirs.user_cache_dir("medsegcite")


def test_medsegcite_cache_moves_the_folder_and_an_empty_name_turns_it_off(monkeypatch, tmp_path):
    monkeypatch.setenv("MEDSEGCITE_CACHE", str(tmp_path / "mine"))
    assert cache.folder() == str(tmp_path / "mine")
    assert cache.folder(str(tmp_path / "given")) == str(tmp_path / "given")
    assert cache.folder("") is None
    monkeypatch.delenv("MEDSEGCITE_CACHE")
    assert cache.folder() == cache.user_cache()


def test_prune_keeps_the_newest_of_one_kind(tmp_path):
    for number in range(5):
        (tmp_path / f"index-{number}.json").write_text("{}")
        os.utime(tmp_path / f"index-{number}.json", (number, number))
    (tmp_path / "items-0.json").write_text("{}")
    cache.prune(str(tmp_path), "index-", 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index-3.json", "index-4.json", "items-0.json"]
