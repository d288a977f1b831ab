"""The pre-commit hook: a valid manifest, and pre-commit itself running its entry on staged notes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import ROOT
from pre_commit.clientlib import load_manifest

BIN = Path(sys.executable).parent


def test_manifest_is_valid_for_pre_commit() -> None:
    (hook,) = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("archdsl-lint", "archdsl lint", "python")


def test_pre_commit_runs_the_hook_on_matching_files(tmp_path: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # The manifest's own hook, run by pre-commit from this environment (no download of archdsl).
    local = {**hook, "language": "system", "entry": f"{BIN / 'archdsl'} lint"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (tmp_path / "good.arch").write_text(
        'actor u\nvpc v {\n  alb lb [health_check="/healthz"]\n  az a { ec2 w1 }\n  az c { ec2 w2 }\n}\n'
        "cloudwatch cw\nu -> lb -> w1, w2\nw1, w2 ..> cw\n"
    )
    (tmp_path / "notes.md").write_text("# Notes\n\n```mermaid\ngraph LR\n  User --> EC2\n```\n")
    (tmp_path / "ignored.txt").write_text("graph LR\n  User --> EC2\n")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    git = shutil.which("git")
    assert git is not None
    for command in (["init", "-q"], ["add", "."]):
        subprocess.run([git, *command], cwd=tmp_path, check=True, env=environment)
    done = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "archdsl lint" in done.stdout and "Failed" in done.stdout
    assert "notes.md:5:12: ARCH101 [error]" in done.stdout
    assert "ignored.txt" not in done.stdout
    # good.arch may get advice (info) but nothing that fails a commit
    assert not [line for line in done.stdout.splitlines() if "good.arch" in line and "[info]" not in line]
