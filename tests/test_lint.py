"""The house stays tidy: ruff's lint rules and formatting (ruff.toml)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["app.py", "forum", "models", "search", "tests", "bench"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args, *CHECKED], cwd=ROOT, capture_output=True, text=True)


def test_lint_rules_pass():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout


def test_code_is_formatted():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout
