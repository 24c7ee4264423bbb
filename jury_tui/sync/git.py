"""Run the system ``git`` for one workspace: no shell, a clean environment, clear errors.

Every call names the workspace's own repository (``GIT_DIR``), so a
workspace inside another repository (a home folder under version control)
is never confused with it.  Files git creates are owner-only (umask 077):
the repository holds candidate data.  Credentials are git's own (ssh keys,
credential helpers); jury-tui stores none.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from jury_tui.domain.storage.errors import JuryError, Problem
from jury_tui.i18n import N_

NETWORK_TIMEOUT = 180.0  # seconds for a fetch or a push before the remote counts as unreachable
LOCAL_TIMEOUT = 600.0
ZERO = "0" * 40

# variables that would point git at another repository, index or identity
_SCRUBBED = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR",
             "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_CEILING_DIRECTORIES",
             "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME",
             "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE", "GIT_QUARANTINE_PATH")


class GitMissing(JuryError):
    """The system has no ``git`` command."""

    @classmethod
    def now(cls) -> GitMissing:
        return cls(Problem.of(None, N_(
            "git is not installed, and jury-tui sync uses it: install git "
            "(Debian, Ubuntu: sudo apt install git; Fedora: sudo dnf install git; "
            "macOS: xcode-select --install; Windows: https://git-scm.com/download/win), then sync again")))


class GitFailed(Exception):
    """A git command failed; ``detail`` is git's own last words (English)."""

    def __init__(self, args: list[str], code: int, stderr: str) -> None:
        self.command = args
        self.code = code
        self.stderr = stderr
        super().__init__(f"git {' '.join(args[:2])}: {self.detail}")

    @property
    def detail(self) -> str:
        lines = [line.strip() for line in self.stderr.splitlines() if line.strip()]
        interesting = [line for line in lines if line.lower().startswith(("fatal", "error", "ssh:", "remote:"))]
        return (interesting or lines or [f"exit code {self.code}"])[-1]


def git_executable() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitMissing.now()
    return found


class Git:
    """The git of one workspace.  ``interactive``: git may ask the terminal for a password."""

    def __init__(self, root: Path, *, interactive: bool = False) -> None:
        self.root = Path(root)
        self.git_dir = self.root / ".git"
        self.interactive = interactive
        self.executable = git_executable()
        self.calls: list[list[str]] = []  # every command run, for the record (and the tests)
        self._format: str | None = None

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
        env["GIT_DIR"] = str(self.git_dir)
        env["GIT_WORK_TREE"] = str(self.root)
        env.setdefault("LC_ALL", "C")  # git's own messages, which are only shown as details, in one language
        if not self.interactive:
            env["GIT_TERMINAL_PROMPT"] = "0"
        env.update(extra or {})
        return {k: v for k, v in env.items() if v != "" or k not in ("GIT_DIR", "GIT_WORK_TREE")}

    def run(self, *args: str, input: bytes | None = None, check: bool = True, network: bool = False,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
        argv = [self.executable, "-c", "core.quotepath=false", *args]
        self.calls.append(list(args))
        timeout = NETWORK_TIMEOUT if network else LOCAL_TIMEOUT
        interactive_terminal = self.interactive and network
        process = subprocess.Popen(
            argv, cwd=self.root if self.root.is_dir() else None, env=self.environment(env),
            stdin=subprocess.PIPE if input is not None else (None if interactive_terminal else subprocess.DEVNULL),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, umask=0o077,
            # away from the terminal unless a password may be typed: ssh then cannot take over the screen
            start_new_session=not interactive_terminal,
        )
        try:
            out, err = process.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process, group=not interactive_terminal)
            out, err = process.communicate()
            raise GitFailed(list(args), -1, err.decode("utf-8", "replace")
                            + f"\nfatal: no answer after {int(timeout)} seconds") from None
        except BaseException:
            _kill(process, group=not interactive_terminal)
            raise
        result = subprocess.CompletedProcess(argv, process.returncode, out, err)
        if check and result.returncode != 0:
            raise GitFailed(list(args), result.returncode, err.decode("utf-8", "replace"))
        return result

    def init(self, branch: str) -> None:
        """Make the workspace a repository (its .git inside it, no absolute path recorded)."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.run("init", "-q", "-b", branch, str(self.root), env={"GIT_DIR": "", "GIT_WORK_TREE": ""})

    def text(self, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None) -> str:
        return self.run(*args, input=input, env=env).stdout.decode("utf-8", "replace").strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    # -- objects --------------------------------------------------------------
    @property
    def object_format(self) -> str:
        if self._format is None:
            found = self.run("rev-parse", "--show-object-format", check=False)
            self._format = found.stdout.decode().strip() if found.returncode == 0 and found.stdout.strip() else "sha1"
        return self._format

    def blob_id(self, data: bytes) -> str:
        """The id git gives ``data`` as a blob, computed here (no process per file)."""
        digest = hashlib.new("sha256" if self.object_format == "sha256" else "sha1")
        digest.update(b"blob %d\0" % len(data))
        digest.update(data)
        return digest.hexdigest()

    @property
    def zero(self) -> str:
        return "0" * (64 if self.object_format == "sha256" else 40)

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """Several blobs in one ``git cat-file --batch``."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", input=("\n".join(wanted) + "\n").encode()).stdout
        blobs: dict[str, bytes] = {}
        position = 0
        for oid in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].decode().split()
            position = end + 1
            if len(header) < 3 or header[1] == "missing":
                continue
            size = int(header[2])
            blobs[oid] = out[position:position + size]
            position += size + 1
        return blobs

    def resolve(self, ref: str) -> str | None:
        found = self.run("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        return found.stdout.decode().strip() or None if found.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.ok("merge-base", "--is-ancestor", older, newer)


def _kill(process: subprocess.Popen[bytes], *, group: bool) -> None:
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
