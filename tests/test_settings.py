"""Settings: the process refuses to start with DEBUG off and the demo secret."""

import os
import subprocess
import sys


def _run(env_extra):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "reintegra", "check"], env=env, capture_output=True, text=True, timeout=120
    )


def test_refuses_debug_off_with_the_demo_secret():
    result = _run({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is the demo secret" in result.stderr


def test_starts_with_debug_off_and_a_real_secret():
    result = _run({"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "reintegra.example"})
    assert result.returncode == 0, result.stderr
