"""`cmake --install` puts a package that imports and runs from the install prefix (CTest
python.install). Usage: check_install.py CMAKE BUILD_DIR SITE_PACKAGES_RELATIVE_TO_PREFIX"""

import os
import subprocess
import sys
import tempfile

cmake, build, site = sys.argv[1:4]
with tempfile.TemporaryDirectory() as prefix:
    subprocess.run([cmake, "--install", build, "--prefix", prefix], check=True, stdout=subprocess.DEVNULL)
    code = ("import beliefsim, sys; print(beliefsim.__file__); "
            "sys.exit(0 if all(n['agrees'] for n in beliefsim.reproduce('zhong-binary').numbers) else 1)")
    env = {**os.environ, "PYTHONPATH": os.path.join(prefix, site)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=prefix)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(prefix), f"imported {done.stdout.strip()}, not the installed package"
print("installed package imports and reproduces zhong-binary")
