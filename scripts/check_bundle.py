"""Check, with no network, that a bundle folder holds every wheel the app needs on each target.

For every supported Python on Linux x86-64 and on Windows amd64, resolves requirements.txt and each
wheel's own Requires-Dist, evaluating environment markers for THAT target (pip download evaluates them for
the machine it runs on, so a Windows-only dependency such as click's colorama is easy to miss), and
checks that a wheel with a matching version and a compatible tag is in the folder.

    python scripts/check_bundle.py bundle [--pythons 3.11 3.12 3.13]

Exit status 1 and the missing packages when anything is missing.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from email.parser import HeaderParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
LINUX = [f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1)] + ["manylinux2014_x86_64",
                                                                         "manylinux2010_x86_64",
                                                                         "manylinux1_x86_64"]
TARGETS = {
    "linux-x86_64": (LINUX, {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                             "platform_machine": "x86_64"}),
    "windows-amd64": (["win_amd64"], {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt",
                                      "platform_machine": "AMD64"}),
}


def requirements(path: Path) -> list[Requirement]:
    lines = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [Requirement(line) for line in lines if line and not line.startswith("-")]


def check(bundle: Path, python: str, target: str) -> list[str]:
    """The requirements (with who asked) that no wheel in `bundle` satisfies on this target."""
    platforms, markers = TARGETS[target]
    major, minor = (int(p) for p in python.split("."))
    supported = set(cpython_tags((major, minor), platforms=platforms))
    supported |= set(compatible_tags((major, minor), f"cp{major}{minor}", platforms=platforms))
    env = {**markers, "python_version": python, "python_full_version": f"{python}.0",
           "implementation_name": "cpython", "platform_python_implementation": "CPython",
           "implementation_version": f"{python}.0", "platform_release": "", "platform_version": ""}
    wheels = {}
    for wheel in bundle.glob("*.whl"):
        name, version, _, tags = parse_wheel_filename(wheel.name)
        wheels.setdefault(name, []).append((version, tags, wheel))
    missing, seen = [], set()
    queue = [(req, "requirements.txt") for req in requirements(ROOT / "requirements.txt")]
    while queue:
        req, wanted_by = queue.pop()
        if req.marker is not None and not any(req.marker.evaluate({**env, "extra": e})
                                              for e in ["", *sorted(req.extras)]):
            continue
        name = canonicalize_name(req.name)
        key = (name, str(req.specifier), tuple(sorted(req.extras)))
        if key in seen:
            continue
        seen.add(key)
        found = [w for version, tags, w in sorted(wheels.get(name, []), reverse=True)
                 if req.specifier.contains(version, prereleases=True) and tags & supported]
        if not found:
            missing.append(f"{req} (for {wanted_by})")
            continue
        with zipfile.ZipFile(found[0]) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            headers = HeaderParser().parsestr(archive.read(meta).decode("utf-8"))
        for line in headers.get_all("Requires-Dist") or []:
            dep = Requirement(line)
            if dep.marker is None or any(dep.marker.evaluate({**env, "extra": e}) for e in ["", *sorted(req.extras)]):
                queue.append((Requirement(str(dep).split(";")[0]), found[0].name))
    return missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--pythons", nargs="+", default=["3.11", "3.12", "3.13"])
    args = parser.parse_args()
    failed = False
    for python in args.pythons:
        for target in TARGETS:
            missing = check(args.bundle, python, target)
            failed |= bool(missing)
            print(f"check_bundle: Python {python} {target}: " + ("ok" if not missing else "MISSING " + "; ".join(missing)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
