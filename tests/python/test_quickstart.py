"""experiments/python/quickstart.py runs and draws its figure."""

import os
import subprocess
import sys


def test_quickstart_runs(source_dir, tmp_path):
    done = subprocess.run([sys.executable, str(source_dir / "experiments/python/quickstart.py"), str(tmp_path)],
                          capture_output=True, text=True, env=os.environ, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Zhong §3.1 revenue: 0.201981" in done.stdout
    assert "calibrated chi" in done.stdout
    assert (tmp_path / "quickstart.png").stat().st_size > 10_000
    assert (tmp_path / "chi_sweep.h5").exists()
