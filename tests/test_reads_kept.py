"""Each policy as read, kept on disk for the next build: a build shows what the policy and the
settings say now, whatever an earlier build kept, and reports every problem every time."""

import os
import pickle

from helpers import Site
from policy_core.reads_kept import ReadsKeptOnDisk, code_key

PAY = """\
    # Pay Policy

    Staff are paid monthly.
    { audience="staff" }

    ## Questions

    Parents ask the office.
    { audience="parents" }
    """


def _kept(site) -> list[str]:
    folder = site.root / ".cache" / "policy-reads"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_a_second_build_shows_each_policy_and_setting_as_they_are_now(tmp_path):
    site = Site(tmp_path).write("policies/pay.md", PAY).write("policies/trips.md", "# Trips Policy\n\nWe go out.\n").built()
    assert len(_kept(site)) == 2
    site.built()  # from what the first build kept
    assert "Staff are paid monthly." in site.article("policies/pay/staff").get_text()
    site.write("policies/pay.md", PAY.replace("monthly", "weekly")).built()
    assert "Staff are paid weekly." in site.article("policies/pay/staff").get_text()
    assert "monthly" not in site.article("policies/pay").get_text()
    # A setting that changes how every policy is read: its sections and clauses numbered.
    (site.root / "mkdocs.yml").write_text((site.root / "mkdocs.yml").read_text().replace("extra:\n", "extra:\n  numbering: true\n"))
    site.built()
    assert "1.1 Parents ask the office." in site.article("policies/pay/parents").get_text()
    assert len(_kept(site)) == 2  # what the builds before kept, and no longer use, is removed


def test_a_problem_is_reported_by_every_build_and_a_damaged_read_is_read_again(tmp_path):
    site = Site(tmp_path).write("policies/pay.md", PAY.replace('audience="staff"', 'audience="staf"'))
    site.write("policies/trips.md", "# Trips Policy\n\nWe go out.\n")
    for _ in range(2):
        result = site.build()
        assert result.returncode != 0 and "staf" in result.stderr and "pay.md" in result.stderr
    site.write("policies/pay.md", PAY).built()
    for name, damage in zip(_kept(site), [b"not a read", None]):
        damage = damage or pickle.dumps((name, 12))  # its own name, but not a read
        (site.root / ".cache" / "policy-reads" / name).write_bytes(damage)
    site.built()
    assert "Staff are paid monthly." in site.article("policies/pay/staff").get_text()
    assert "Staff are paid" not in site.article("policies/pay/parents").get_text()


def test_a_read_is_used_again_only_by_the_same_code_for_the_same_key(tmp_path):
    reads = []

    def read():
        reads.append(1)
        return "read", len(reads)

    ReadsKeptOnDisk(str(tmp_path), "code 1").kept("policy", read, lambda value: True)
    assert ReadsKeptOnDisk(str(tmp_path), "code 1").kept("policy", read, lambda value: True) == ("read", 1)
    assert ReadsKeptOnDisk(str(tmp_path), "code 2").kept("policy", read, lambda value: True) == ("read", 2)
    assert ReadsKeptOnDisk(str(tmp_path), "code 1").kept("other policy", read, lambda value: False) == ("read", 3)
    assert ReadsKeptOnDisk(str(tmp_path), "code 1").kept("other policy", read, lambda value: False) == ("read", 4)


def test_a_kept_file_holding_another_read_than_its_name_says_is_read_again(tmp_path):
    # A file copied or restored under another name (a backup, a sync program, a CI cache) holds a
    # read whole and loadable, but not the one its name stands for: here the policy as it was.
    site = Site(tmp_path).write("policies/pay.md", PAY).built()
    [old] = _kept(site)
    old_read = (site.root / ".cache" / "policy-reads" / old).read_bytes()
    site.write("policies/pay.md", PAY.replace("monthly", "weekly")).built()
    [new] = _kept(site)
    (site.root / ".cache" / "policy-reads" / new).write_bytes(old_read)
    site.built()
    assert "Staff are paid weekly." in site.article("policies/pay/staff").get_text()
    assert "monthly" not in site.article("policies/pay").get_text()


def test_a_package_upgraded_reads_every_policy_again(tmp_path, monkeypatch):
    # Pygments colours code blocks as a policy is read: a new version may colour them otherwise.
    before = code_key()
    (tmp_path / "pygments-99.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert code_key() != before


def test_only_the_reads_own_files_are_removed_from_their_folder(tmp_path):
    # The folder linked to a cache shared with other programs: their files stay.
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    (shared / "notes.txt").write_text("Someone else's")
    (tmp_path / "site" / ".cache").mkdir(parents=True)
    (tmp_path / "site" / ".cache" / "policy-reads").symlink_to(shared, target_is_directory=True)
    Site(tmp_path / "site").write("policies/pay.md", PAY).built()
    assert (shared / "notes.txt").read_text() == "Someone else's"
    assert len([name for name in os.listdir(shared) if name.endswith(".pickle")]) == 1
