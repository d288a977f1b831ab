"""docs/ci.md: its YAML parses, names commands archdsl has, and its diff step works on a real pull request."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT
from scratch_repo import ScratchRepo, phase

from archdsl.cli import _parser

RECIPE = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
BLOCKS = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", RECIPE, re.DOTALL)]
WORKFLOW: dict[Any, Any] = next(block for block in BLOCKS if isinstance(block, dict) and "jobs" in block)
STEPS = WORKFLOW["jobs"]["diff"]["steps"]
SHELL_COMMANDS = [line.strip() for line in re.findall(r"```sh\n(.*?)```", RECIPE, re.DOTALL)[0].splitlines()]


def archdsl_commands() -> list[list[str]]:
    """Every archdsl command line the recipe runs, as words (variables and redirections dropped)."""
    lines = [line.strip() for step in STEPS for line in str(step.get("run", "")).splitlines()]
    lines += [line.split("#")[0].strip() for line in SHELL_COMMANDS]
    commands = []
    for line in lines:
        if line.startswith("archdsl "):
            words = shlex.split(line.split(">")[0])
            commands.append(["REVISION" if word.startswith("$") else word for word in words[1:]])
    return commands


def test_the_workflow_runs_on_pull_requests_with_the_history_it_needs() -> None:
    assert "pull_request" in WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert STEPS[0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
    assert WORKFLOW["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_every_command_the_recipe_names_exists_with_those_options() -> None:
    commands = archdsl_commands()
    assert [command[0] for command in commands] == ["diff", "diff", "diff", "lint", "lint"]
    for command in commands:
        _parser().parse_args(command)  # argparse exits on an unknown command or option


def test_the_pre_commit_hook_the_recipe_names_is_in_the_manifest() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    named = [
        hook["id"]
        for block in BLOCKS
        if isinstance(block, dict) and "repos" in block
        for repo in block["repos"]
        for hook in repo["hooks"]
    ]
    assert named == ["archdsl-lint-baseline"]
    assert set(named) <= {hook["id"] for hook in manifest}


def step(name: str) -> str:
    return str(next(step["run"] for step in STEPS if step.get("name") == name))


def test_the_diff_steps_report_and_fail_a_pull_request_that_makes_the_database_public(tmp_path: Path) -> None:
    repo = ScratchRepo(tmp_path / "repo")
    repo.write("docs/shop.md", phase(2))
    repo.commit("two zones")
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")
    repo.git("checkout", "-q", "-b", "reporting")
    repo.write("docs/shop.md", phase(3))
    repo.commit("make the database reachable for reporting")
    github_env = tmp_path / "github_env"
    environment = {
        **repo.environment(),
        "GITHUB_BASE_REF": "main",
        "GITHUB_ENV": str(github_env),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }

    def bash(script: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=repo.root,
            env={**environment, **(extra or {})},
            capture_output=True,
            text=True,
        )

    compared = bash(step("Compare the architecture"))
    assert compared.returncode == 0, compared.stderr
    comment = (repo.root / "architecture.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- archdsl-diff -->\n## Architecture changes\n")
    assert "- **new finding** ARCH201 datastore-publicly-accessible (error) at docs/shop.md:21:13" in comment
    assert "- `Orders` moved from private subnet `Private` to public subnet `Public`" in comment
    assert sorted(path.name for path in (repo.root / "architecture-images").iterdir()) == [
        "shop-current-design.diff.png",
        "shop-current-design.diff.svg",
    ]
    base = github_env.read_text(encoding="utf-8").strip().removeprefix("BASE=")
    gate = bash(step("Fail on new errors"), {"BASE": base})
    assert gate.returncode == 1
