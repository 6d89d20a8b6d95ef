"""Configs as the commands read them: a dict, a TOML string or a path, turned into TOML text.

Python values map to TOML as follows: dict -> table (a list of dicts -> array of tables),
bool -> boolean, int -> integer, float -> float (repr: the exact double; inf and nan allowed),
str -> basic string, list/tuple/numpy array -> array; numpy scalars as their Python value.
"""

import json
import math
import os
import re

from . import _core

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name):
    name = str(name)
    return name if _BARE_KEY.match(name) else json.dumps(name)


def _plain(value):
    """numpy scalars and arrays as Python values (without importing numpy)."""
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return value.tolist()
    return value


def value_to_toml(value):
    """One value as TOML (an inline table for a dict)."""
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON's escapes are TOML's (\uXXXX included)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {value_to_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value_to_toml(v) for v in value) + "]"
    raise TypeError(f"no TOML value for {type(value).__name__}: {value!r}")


def _is_table_array(value):
    value = _plain(value)
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(v, dict) for v in value)


def to_toml(config, _prefix=()):
    """The TOML text of a config dict ({"model": {"chi": 0.125, ...}, ...})."""
    lines, tables = [], []
    for key, value in config.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif _is_table_array(value):
            tables.append((key, list(value)))
        else:
            lines.append(f"{_key(key)} = {value_to_toml(value)}")
    out = "\n".join(lines) + ("\n" if lines else "")
    for key, value in tables:
        path = _prefix + (key,)
        name = ".".join(_key(k) for k in path)
        if isinstance(value, dict):
            out += f"\n[{name}]\n" + to_toml(value, path)
        else:
            for entry in value:
                out += f"\n[[{name}]]\n" + to_toml(entry, path)
    return out


def settings(overrides):
    """`--set KEY=VALUE` strings of keyword overrides: a key's `__` stands for a dot."""
    return [f"{key.replace('__', '.')}={value_to_toml(value)}" for key, value in overrides.items()]


def _looks_like_path(text):
    return "\n" not in text and (text.endswith(".toml") or "=" not in text) and "[" not in text


def load(config):
    """(TOML text, directory relative paths are read from) of a dict, a TOML string or a path."""
    if config is None:
        return "", os.getcwd()
    if isinstance(config, dict):
        return to_toml(config), os.getcwd()
    if isinstance(config, os.PathLike) or (isinstance(config, str) and _looks_like_path(config)):
        path = os.fspath(config)
        return _core.read_config_file(path), os.path.dirname(os.path.abspath(path))
    if isinstance(config, str):
        return config, os.getcwd()
    raise TypeError(f"config: expected a dict, a TOML string or a path (got {type(config).__name__})")
