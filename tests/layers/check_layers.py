#!/usr/bin/env python3
"""The layers of common/, checked against the code.

The one list of layers is the diagram under "## Layers" in common/README.md: one row per layer,
the top first; a row names its folders (`bind/`) or, for cli/, its modules (`cli/app`), and may
name several that stand side by side. This script reads that diagram and every `#include "..."`
in common/ and fails, naming file, line and include, when a file includes
  * a layer above its own or beside it (a row above, or the same row),
  * or something the diagram does not name (a new folder or cli/ module must be placed in it),
and when a diagram entry names nothing that exists. A cli/ module is its header and its .cpp
files, one backend per OS included (`input.hpp`, `input_posix.cpp`, `input_windows.cpp`); a
folder is every file in it. In labs/, a lab may include its own files and common/, never another
lab's folder.

Usage: check_layers.py [SOURCE_DIR]   (default: this checkout)
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
OS_SUFFIX = re.compile(r"_(posix|windows|linux)$")
ENTRY = re.compile(r"[a-z_]+/([a-z0-9_]+)?")


def read_diagram(readme):
    """The layers, top first: a list of rows, each a list of entry names."""
    text = readme.read_text(encoding="utf-8")
    block = re.search(r"^## Layers\n.*?^```\n(.*?)^```", text, re.S | re.M)
    if not block:
        sys.exit(f"{readme}: no diagram (a ``` block) under '## Layers'")
    rows = []
    more_names = False  # the row's names went on past a line that ended with a comma
    for line in block.group(1).splitlines():
        # A row starts two spaces in; deeper lines continue the row above it in prose.
        if not line.startswith("  ") or line.startswith("   "):
            continue
        names = []
        for token in line.split():
            if not ENTRY.fullmatch(token.rstrip(",")):
                break
            names.append(token.rstrip(","))
        if not names:
            sys.exit(f"{readme}: diagram row names no folder or cli/ module: {line.strip()}")
        if more_names:
            rows[-1] += names
        else:
            rows.append(names)
        more_names = len(names) == len(line.split()) and line.rstrip().endswith(",")
    return rows


def layer_of(path_in_common):
    """The diagram entry a file of common/ belongs to: 'bind/', 'cli/app'."""
    parts = path_in_common.parts
    if len(parts) < 2:
        return None
    if parts[0] == "cli":
        return "cli/" + OS_SUFFIX.sub("", Path(parts[1]).stem)
    return parts[0] + "/"


def includes(path):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = INCLUDE.match(line)
        if match:
            yield number, match.group(1)


def source_files(folder):
    return sorted(p for p in folder.rglob("*") if p.suffix in (".hpp", ".cpp", ".h", ".c"))


def check_common(root, rows, problems):
    common = root / "common"
    rank = {name: index for index, row in enumerate(rows) for name in row}
    for name in rank:
        exists = (common / name).is_dir() if name.endswith("/") else any(
            layer_of(p.relative_to(common)) == name for p in source_files(common / "cli"))
        if not exists:
            problems.append(f"common/README.md: the diagram names {name}, which is not in common/")
    checked = 0
    for path in source_files(common):
        relative = path.relative_to(common)
        own = layer_of(relative)
        if own not in rank:
            problems.append(f"common/{relative}: {own} is not in common/README.md's diagram")
            continue
        for number, target in includes(path):
            if (common / target).is_file():
                theirs = layer_of(Path(target))
            elif (path.parent / target).is_file():
                theirs = own
            else:
                problems.append(f"common/{relative}:{number}: #include \"{target}\": no such file in common/")
                continue
            checked += 1
            if theirs == own:
                continue
            if theirs not in rank:
                problems.append(f"common/{relative}:{number}: #include \"{target}\": "
                                f"{theirs} is not in common/README.md's diagram")
            elif rank[theirs] <= rank[own]:
                where = "beside" if rank[theirs] == rank[own] else "above"
                problems.append(f"common/{relative}:{number}: #include \"{target}\": {own} includes "
                                f"{theirs}, which common/README.md's diagram puts {where} it")
    return checked


def check_labs(root, problems):
    labs = root / "labs"
    checked = 0
    for lab in sorted(p for p in labs.iterdir() if p.is_dir()):
        for path in source_files(lab):
            relative = path.relative_to(root)
            for number, target in includes(path):
                beside = path.parent / target
                if beside.is_file():
                    owner = beside.resolve().relative_to(labs.resolve()).parts[0]
                    if owner != lab.name:
                        problems.append(f"{relative}:{number}: #include \"{target}\": "
                                        f"a file of labs/{owner}/, another lab's folder")
                elif not (root / "common" / target).is_file() and (labs / target).is_file():
                    problems.append(f"{relative}:{number}: #include \"{target}\": "
                                    f"labs/{target}, another lab's folder")
                checked += 1
    return checked


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    rows = read_diagram(root / "common" / "README.md")
    problems = []
    in_common = check_common(root, rows, problems)
    in_labs = check_labs(root, problems)
    for problem in problems:
        print(problem)
    print(f"{len(rows)} layers in common/README.md; {in_common} includes in common/ and "
          f"{in_labs} in labs/ checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
