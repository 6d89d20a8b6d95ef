"""The README's Python example runs as written."""

import re


def test_readme_python_block_runs(source_dir, tmp_path, monkeypatch):
    readme = (source_dir / "README.md").read_text()
    section = readme[readme.index("\n## Python\n"):readme.index("\n## Figures\n")]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102: the README's own example
    assert abs(namespace["beliefsim"].menu(namespace["menu_cfg"]).summary["menu.revenue"] - 0.201981) < 1e-6
    assert (tmp_path / "run.h5").exists() and (tmp_path / "sweep.h5").exists()
