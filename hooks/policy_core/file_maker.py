"""The helper process that makes the site's files ahead of the build (site_files.FilesMadeAhead):

    python -I -S file_maker.py SITE_FOLDER [LAST_BUILD_FOLDER]

It reads the paths of the files the build will write on its input (separated by NUL characters),
makes each one, empty, with its folders, and writes back the paths of those it made. When given the
folder where the last build's files were set aside, it first puts back the last build's folders
(`policies`, `go`) whose files this build writes again, emptied, since creating a folder costs far
more than emptying a file; then it deletes the rest of the last build.

A program of its own, run without the site's packages: it uses Python's standard library only.
"""

import os
import shutil
import stat
import sys


def main() -> None:
    if hasattr(os, "nice"):
        os.nice(10)  # the build's own thread comes first
    site, last_build = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    paths = [path for path in sys.stdin.buffer.read().decode("utf-8", "surrogateescape").split("\0") if path]
    made = put_back(site, last_build, paths) if last_build else []
    made += make(paths)
    sys.stdout.buffer.write("\0".join(made).encode("utf-8", "surrogateescape"))
    sys.stdout.close()  # the build has what it needs: the last build is deleted while it goes on
    if last_build:
        shutil.rmtree(last_build, ignore_errors=True)


def make(paths: list[str]) -> list[str]:
    """Each file of `paths` not there yet, empty, with its folders; the paths made."""
    made, folders = [], set()
    for path in paths:
        folder = os.path.dirname(path)
        try:
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            made.append(path)
        except OSError:
            pass  # there already (the build wrote it first, or it was put back), or cannot be: the build says
    return made


def put_back(site: str, last_build: str, paths: list[str]) -> list[str]:
    """Each of the last build's top folders holding files of `paths`, moved back into the site's
    folder, whole, once every file in it is emptied or deleted: emptied if the build writes it
    again, deleted if not, so that no word of the last build is ever published. The paths of the
    files put back (empty, as if made)."""
    wanted: dict[str, set[str]] = {}  # the files written, by top folder, relative to the site's folder
    for path in paths:
        relative = os.path.relpath(path, site)
        top = relative.split(os.sep)[0]
        if top != relative and top not in (os.curdir, os.pardir):
            wanted.setdefault(top, set()).add(relative)
    put = []
    for top, files in wanted.items():
        old, new = os.path.join(last_build, top), os.path.join(site, top)
        if os.path.islink(old) or not os.path.isdir(old) or os.path.lexists(new):
            continue
        try:
            emptied = empty_out(last_build, top, files)
            os.rename(old, new)  # never over a folder with anything in it: the build's own files stay
        except OSError:
            continue  # made one by one instead; the folder is deleted with the rest
        put += [os.path.join(site, relative) for relative in emptied]
    return put


def empty_out(last_build: str, top: str, files: set[str]) -> list[str]:
    """Empty each of `files` in the last build's folder `top`, delete every other file, and set
    aside every folder holding none of them; the files emptied. Any file or folder that cannot be
    read, emptied or deleted stops it (OSError): the folder is then not put back."""
    folders = {top}
    for relative in files:
        folder = os.path.dirname(relative)
        while folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    emptied, unwanted = [], 0

    def stop(error: OSError) -> None:
        raise error

    for folder, subfolders, names in os.walk(os.path.join(last_build, top), onerror=stop):
        here = os.path.relpath(folder, last_build)
        for name in list(subfolders):
            if os.path.join(here, name) not in folders or os.path.islink(os.path.join(folder, name)):
                subfolders.remove(name)
                unwanted += 1  # named for its top folder too: another top's are set aside beside it
                os.rename(os.path.join(folder, name), os.path.join(last_build, f".unwanted-{top}-{unwanted}"))
        for name in names:
            relative, full = os.path.join(here, name), os.path.join(folder, name)
            found = os.lstat(full)
            # A file with other names (hard links: a copy of the site kept with cp -al) is deleted:
            # emptying it would empty them too.
            if relative in files and stat.S_ISREG(found.st_mode) and found.st_nlink == 1:
                os.close(os.open(full, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)))
                emptied.append(relative)
            else:
                os.unlink(full)
    return emptied


if __name__ == "__main__":
    main()
