"""Every file the tool reads or writes goes through here: the ground floor of file access.

Inputs are untrusted (a list, a store or a decisions file arrives in pull requests), so:

- a file is read only when it is a regular file, of at most `MAX_BYTES` (a FIFO, a
  device such as /dev/zero, a socket or a folder is refused with one line, and a
  FIFO never blocks: it is opened with O_NONBLOCK);
- a data-folder file (`inside=` the folder) is opened from the folder's own file
  descriptor, one component at a time with O_NOFOLLOW: a symbolic link is followed
  only when it resolves inside the folder; a link out of it, or a dangling one, is
  refused and nothing is read, written or appended through it;
- a write goes to a temporary file in the target's folder (opened once, as a file
  descriptor), and is renamed over the target name in that same folder: a rename
  replaces a directory entry, never the file a symlink swapped in points at.  Just
  before the rename the target name is checked on the opened folder against the
  files that must not be overwritten (`protect=`), so a swap between a caller's
  check and the write cannot redirect it;
- an append (references.removed.bib) opens with O_APPEND|O_NOFOLLOW from the folder.
"""

from __future__ import annotations

import os
import stat

from medsegcite.errors import MedsegciteError

# A thousand times the shipped list (98 papers, a 114 kB store) is a resolved store of about 93 MB
# and a 16 MB list; 256 MiB reads that with room to spare (about 2.5 GB of memory to parse a store
# this size) and still refuses what no list or store is: a runaway file, a planted gigabyte.
MAX_BYTES = 256 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class FileRefused(MedsegciteError):
    """A file the tool will not read or write, and why, in one line."""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a regular file"


# -- where a data-folder file really is ------------------------------------------------
def _confined(path: str, inside: str) -> tuple[str, str]:
    """(the folder's real path, the file's path relative to it) once the file, followed
    through any links, is inside the folder; else FileRefused."""
    root = os.path.realpath(inside)
    real = os.path.realpath(path)
    if os.path.islink(path) and not os.path.lexists(real):
        raise FileRefused(f"{path} is a symbolic link to nothing ({os.readlink(path)}); refusing to follow it")
    if real != root and os.path.commonpath([root, real]) != root:
        raise FileRefused(f"{path} is a symbolic link out of the data folder (to {real}); refusing to follow it")
    return root, os.path.relpath(real, root)


def _open_folder(root: str, parts: list[str]) -> int:
    """The folder `root/parts...` as a file descriptor, no component followed as a link."""
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in parts:
            child = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=fd)
            os.close(fd)
            fd = child
    except OSError:
        os.close(fd)
        raise
    return fd


def _split(relative: str) -> tuple[list[str], str]:
    parts = relative.split(os.sep)
    return parts[:-1], parts[-1]


def _refuse_oserror(path: str, error: OSError, verb: str) -> FileRefused:
    import errno

    if error.errno == errno.ELOOP:
        return FileRefused(f"{path} became a symbolic link while being opened; refusing to follow it")
    return FileRefused(f"cannot {verb} {path}: {error.strerror or error}")


# -- reading ---------------------------------------------------------------------------
def read_bytes(path: str | os.PathLike, *, inside: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes. FileNotFoundError passes through (callers say what is missing)."""
    path = os.fspath(path)
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC
    try:
        if inside is not None:
            root, relative = _confined(path, inside)
            folders, name = _split(relative)
            folder = _open_folder(root, folders)
            try:
                fd = os.open(name, flags | _NOFOLLOW, dir_fd=folder)
            finally:
                os.close(folder)
        else:
            fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _refuse_oserror(path, error, "read") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"{path} is {_kind(info.st_mode)}, not a regular file; refusing to read it")
        if info.st_size > limit:
            raise FileRefused(f"{path} is {info.st_size:,} bytes, more than the {limit:,} a file may have here")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grew while being read
                raise FileRefused(f"{path} is more than the {limit:,} bytes a file may have here")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise _refuse_oserror(path, error, "read") from None
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike, *, inside: str | None = None, limit: int = MAX_BYTES,
              encoding: str = "utf-8", errors: str = "strict") -> str:
    """A regular file's text; bytes that are not UTF-8 are one line naming where."""
    data = read_bytes(path, inside=inside, limit=limit)
    try:
        return data.decode(encoding, errors)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(f"cannot read {os.fspath(path)}: not UTF-8 text (line {line}, byte 0x{data[error.start]:02x})") from None


def read_toml(path: str | os.PathLike, *, inside: str | None = None) -> dict:
    """A TOML file, parsed with bounds: deep nesting or a huge integer is one line, not a traceback."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    text = read_text(path, inside=inside, encoding="utf-8-sig")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FileRefused(f"{os.fspath(path)}: {error}") from None
    except RecursionError:
        raise FileRefused(f"{os.fspath(path)}: arrays or tables nested too deep to read") from None
    except ValueError as error:  # an integer of thousands of digits (int_max_str_digits)
        raise FileRefused(f"{os.fspath(path)}: a value out of range ({' '.join(str(error).split())[:120]})") from None


# -- writing ---------------------------------------------------------------------------
def _special_output(path: str) -> bool:
    """A device, a FIFO, a socket or /dev/stdout named as an output: written in place."""
    if path.startswith(("/dev/", "/proc/")):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # nothing there yet: a new regular file
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _identities(paths) -> tuple[set, set]:
    """(inodes of the protected files that exist, (folder inode, name) of each protected path)."""
    inodes, places = set(), set()
    for protected in paths:
        real = os.path.realpath(os.fspath(protected))
        try:
            info = os.stat(real)
            inodes.add((info.st_dev, info.st_ino))
        except OSError:
            pass
        try:
            folder = os.stat(os.path.dirname(real))
            places.add((folder.st_dev, folder.st_ino, os.path.basename(real)))
        except OSError:
            pass
    return inodes, places


def _check_target(shown: str, folder: int, name: str, inodes: set, places: set) -> None:
    """The target name, looked up in the opened folder: not a protected file, not a link swapped in."""
    here = os.fstat(folder)
    if (here.st_dev, here.st_ino, name) in places:
        raise FileRefused(f"refusing to write {shown}: it is the data folder's {name}")
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise FileRefused(f"refusing to write {shown}: it became a symbolic link while being written")
    if (info.st_dev, info.st_ino) in inodes:
        raise FileRefused(f"refusing to write {shown}: it is one of the data folder's files")
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"cannot write {shown}: it is a folder")


def write_atomic(path: str | os.PathLike, data: str | bytes, *, inside: str | None = None, protect=()) -> None:
    """Write `data` to `path` by rename in its folder; the one writer of every file the tool writes.

    `inside`: a data-folder file, confined to that folder (see the module doc).
    Otherwise an output the user named: a symlink to it is followed (the link stays),
    a device, FIFO or /dev/stdout is written in place, and none of `protect` is
    ever overwritten, whatever the path turns into meanwhile.
    """
    import secrets

    path = os.fspath(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    inodes, places = _identities(protect)
    if inside is None and _special_output(path):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | _CLOEXEC)
        try:
            info = os.fstat(fd)
            if (info.st_dev, info.st_ino) in inodes:
                raise FileRefused(f"refusing to write {path}: it is one of the data folder's files")
            _write_all(fd, raw)
        finally:
            os.close(fd)
        return
    try:
        if inside is not None:
            root, relative = _confined(path, inside)
            folders, name = _split(relative)
            folder = _open_folder(root, folders)
        else:
            real = os.path.realpath(path)  # an output through a symlink keeps the link
            name = os.path.basename(real)
            folder = os.open(os.path.dirname(real), os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    except OSError as error:
        raise _refuse_oserror(path, error, "write") from None
    temp = f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        _check_target(path, folder, name, inodes, places)
        try:
            mode = stat.S_IMODE(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
        except FileNotFoundError:
            mode = 0o644
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=folder)
        try:
            _write_all(fd, raw)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        _check_target(path, folder, name, inodes, places)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(temp, dir_fd=folder)
        except OSError:
            pass
        raise
    finally:
        os.close(folder)


def append(path: str | os.PathLike, data: str, *, inside: str) -> None:
    """Append to a data-folder file (created when missing), never through a link out of the folder."""
    path = os.fspath(path)
    try:
        root, relative = _confined(path, inside)
        folders, name = _split(relative)
        folder = _open_folder(root, folders)
        try:
            fd = os.open(name, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC, 0o644, dir_fd=folder)
        finally:
            os.close(folder)
    except OSError as error:
        raise _refuse_oserror(path, error, "append to") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"{path} is {_kind(info.st_mode)}, not a regular file; refusing to write to it")
        _write_all(fd, data.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, raw: bytes) -> None:
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view):]
