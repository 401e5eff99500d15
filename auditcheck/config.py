"""Project configuration: `auditcheck.toml`, or `[tool.auditcheck]` in pyproject.toml.

Searched from the current directory upward; the first file that configures auditcheck wins
(a pyproject.toml without a `[tool.auditcheck]` table is passed over). Command-line flags
override the file. Keys (dashes or underscores):

    select = ["AC1", "AC3"]           # rule code prefixes to run
    ignore = ["AC302"]                # rule code prefixes to skip
    fail-on = "warning"               # error | warning | info
    tolerance = "truncation"          # rounding (default) | truncation
    reference-factors = "refs/"       # extra reference factors: a TOML file or directory
    [severity]                        # per-rule (or per-prefix) severities; longest prefix wins
    AC303 = "info"
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SEVERITIES = ("error", "warning", "info")
TOLERANCES = ("rounding", "truncation")
_PREFIX = re.compile(r"AC\d{0,3}")
_KEYS = {"select", "ignore", "fail_on", "tolerance", "reference_factors", "severity"}


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    tolerance: str | None = None
    reference_factors: str | None = None
    severity: tuple[tuple[str, str], ...] = field(default=())


def find(start: Path | None = None) -> Path | None:
    """The configuration file for `start` (default: the current directory), or None."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        own = d / "auditcheck.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if isinstance(data.get("tool"), dict) and "auditcheck" in data["tool"]:
                return py
    return None


def load(path: Path | None) -> Config:
    """Read and validate one configuration file (None: the empty configuration)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot be read ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML syntax error ({e})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditcheck", {})
        where = f"{path} [tool.auditcheck]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a table")
    raw = {k.replace("-", "_"): v for k, v in data.items()}
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")

    def prefixes(key: str) -> tuple[str, ...] | None:
        v = raw.get(key)
        if v is None:
            return None
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, str) and _PREFIX.fullmatch(x) for x in v):
            raise ConfigError(f"{where}: {key} must be a list of rule code prefixes like \"AC1\" or \"AC302\"")
        return tuple(v)

    def choice(key: str, allowed: tuple[str, ...]) -> str | None:
        v = raw.get(key)
        if v is not None and v not in allowed:
            raise ConfigError(f"{where}: {key} must be one of {', '.join(allowed)} (got {v!r})")
        return v

    sev = raw.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}: severity must be a table of rule code = severity")
    for code, s in sev.items():
        if not _PREFIX.fullmatch(code) or s not in SEVERITIES:
            raise ConfigError(f"{where}: severity.{code} = {s!r}: want a rule code prefix and one of "
                              f"{', '.join(SEVERITIES)}")
    ref = raw.get("reference_factors")
    if ref is not None:
        if not isinstance(ref, str):
            raise ConfigError(f"{where}: reference_factors must be a path")
        ref = str(check_reference(path.parent / ref, where))
    return Config(path=path, select=prefixes("select"), ignore=prefixes("ignore"),
                  fail_on=choice("fail_on", SEVERITIES), tolerance=choice("tolerance", TOLERANCES),
                  reference_factors=ref, severity=tuple(sorted(sev.items())))


def check_reference(p: Path, where: str = "--reference-factors") -> Path:
    """Validate extra reference factors: a directory or file of reference TOML tables in the schema of
    rules/reference (file names grid_factors.toml, gwp.toml, fuels.toml, transport.toml, misc.toml).

    Each file replaces the packaged file of that name whole while reports are checked
    (reference.use_extra).
    """
    from .reference import FILES, Reference, ReferenceDataError

    p = p.resolve()
    if not p.exists():
        raise ConfigError(f"{where}: reference factors {p}: no such file or directory")
    root, names = (p, [n for n in FILES if (p / n).is_file()]) if p.is_dir() else (p.parent, [p.name])
    if not names or any(n not in FILES for n in names):
        raise ConfigError(f"{where}: reference factors {p}: want a TOML file named one of {', '.join(FILES)} "
                          f"or a directory holding some")
    ref = Reference.from_dir(str(root))
    for n in names:
        try:
            ref._ensure(n)
        except ReferenceDataError as e:
            raise ConfigError(f"{where}: reference factors " + str(e).replace(f"rules/reference/{n}", str(root / n))) from None
        except Exception as e:  # a malformed table the loader did not anticipate
            raise ConfigError(f"{where}: reference factors {root / n}: {type(e).__name__}: {e}") from None
    return p


def severity_for(code: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The configured severity of a rule: the longest matching prefix, or None."""
    best = None
    for prefix, sev in table:
        if code.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, sev)
    return best[1] if best else None


def resolve(config_file: str | None, *, lang: str, select, ignore, tolerance: str | None, max_mb: float,
            fail_on: str | None, reference_factors: str | None = None):
    """(runner Options, fail-on level) from the command line over the configuration file.

    `config_file` None: the file found from the current directory upward. Raises ConfigError."""
    from .runner import Options

    cfg = load(Path(config_file) if config_file else find())
    ref = str(check_reference(Path(reference_factors))) if reference_factors else cfg.reference_factors
    opts = Options(lang=lang, select=tuple(select or cfg.select or ("AC",)), ignore=tuple(ignore or cfg.ignore or ()),
                   max_bytes=int(max_mb * 1024 * 1024), severities=cfg.severity,
                   tolerance=tolerance or cfg.tolerance or "rounding", reference_factors=ref)
    return opts, fail_on or cfg.fail_on or "error"
