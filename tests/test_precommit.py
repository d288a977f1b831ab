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
    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [(hook["id"], hook["entry"], hook["language"]) for hook in hooks] == [
        ("archdsl-lint", "archdsl lint", "python"),
        ("archdsl-fmt", "archdsl fmt", "python"),
        ("archdsl-render", "archdsl render", "python"),
        ("archdsl-render-check", "archdsl render --check", "python"),
        ("archdsl-lint-baseline", "archdsl lint --baseline .archdsl-baseline.json", "python"),
    ]


def use_hooks(folder: Path, *ids: str) -> None:
    """A pre-commit config with the manifest's own hooks, run from this environment (no download)."""
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = [
        {**hook, "language": "system", "entry": str(BIN / hook["entry"])} for hook in manifest if hook["id"] in ids
    ]
    config = {"repos": [{"repo": "local", "hooks": hooks}]}
    (folder / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")


def pre_commit(folder: Path, *command: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(folder / ".cache"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    git = shutil.which("git")
    assert git is not None
    if not (folder / ".git").exists():
        subprocess.run([git, "init", "-q"], cwd=folder, check=True, env=environment)
    subprocess.run([git, "add", "."], cwd=folder, check=True, env=environment)
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", *command],
        cwd=folder,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_render_hooks_fix_then_pass_and_check_names_the_stale_fence(tmp_path: Path) -> None:
    use_hooks(tmp_path, "archdsl-render", "archdsl-render-check")
    (tmp_path / "notes.md").write_text("# Web\n\n```mermaid\ngraph LR\n  User --> ALB --> EC2\n```\n")
    check = pre_commit(tmp_path, "archdsl-render-check")
    assert check.returncode == 1
    assert "notes.md:3:1: diagram 'notes-web' has no embedded image yet" in check.stdout
    render = pre_commit(tmp_path, "archdsl-render")
    assert render.returncode == 1 and "files were modified by this hook" in render.stdout
    assert (tmp_path / "diagrams" / "notes-web.svg").exists()
    assert pre_commit(tmp_path).returncode == 0


def test_fmt_hook_formats_fences_and_fails_when_it_changed_files(tmp_path: Path) -> None:
    use_hooks(tmp_path, "archdsl-fmt")
    (tmp_path / "notes.md").write_text("# Web\n\n```archdsl\nec2    web\n```\n")
    (tmp_path / "shop.arch").write_text("rds   db\n")
    fixed = pre_commit(tmp_path)
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout
    assert (tmp_path / "notes.md").read_text() == "# Web\n\n```archdsl\nec2 web\n```\n"
    assert (tmp_path / "shop.arch").read_text() == "rds db\n"
    assert pre_commit(tmp_path).returncode == 0


def test_pre_commit_runs_the_hook_on_matching_files(tmp_path: Path) -> None:
    use_hooks(tmp_path, "archdsl-lint")
    (tmp_path / "good.arch").write_text(
        'actor u\nvpc v {\n  alb lb [health_check="/healthz"]\n  az a { ec2 w1 }\n  az c { ec2 w2 }\n}\n'
        "cloudwatch cw\nu -> lb -> w1, w2\nw1, w2 ..> cw\n"
    )
    (tmp_path / "notes.md").write_text("# Notes\n\n```mermaid\ngraph LR\n  User --> EC2\n```\n")
    (tmp_path / "ignored.txt").write_text("graph LR\n  User --> EC2\n")
    done = pre_commit(tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "archdsl lint" in done.stdout and "Failed" in done.stdout
    assert "notes.md:5:12: ARCH101 [error]" in done.stdout
    assert "ignored.txt" not in done.stdout
    # good.arch may get advice (info) but nothing that fails a commit
    assert not [line for line in done.stdout.splitlines() if "good.arch" in line and "[info]" not in line]
