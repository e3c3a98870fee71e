"""The theme's templates, compiled once and kept: Jinja compiles Material's fifty templates on every
build, about a twentieth of a build of a hundred policies.

A compiled template is used again only for the same text (Jinja checks each template's checksum)
compiled the same way: the key also holds Jinja's and Python's versions and `how`, everything else
that changes what the compiled code does (the environment's settings and the code of the hook that
sets them), so a change to any of them compiles the templates again. A kept template that cannot be
read, or a folder that cannot be written, only means compiling as without it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache


class TemplatesKeptInMemory(BytecodeCache):
    """For a preview: the templates compiled once, not once a build."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


class TemplatesKeptOnDisk(FileSystemBytecodeCache):
    """For a build: the templates compiled by an earlier build, in a folder of `folder` named by
    how they were compiled; the folders of other ways are removed, so it does not grow."""

    def __init__(self, folder: str, how: str):
        self.how = hashlib.sha256(repr((how, jinja2.__version__, sys.version)).encode("utf-8")).hexdigest()[:16]
        super().__init__(os.path.join(folder, self.how))
        try:
            if os.path.isdir(folder):
                for name in os.listdir(folder):
                    if name != self.how:
                        shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
            os.makedirs(self.directory, exist_ok=True)
        except OSError:
            pass

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged: Jinja compiles the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
