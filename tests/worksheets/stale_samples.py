#!/usr/bin/env python3
"""Which worksheet samples no longer say what the programs say.

    stale_samples.py WORKSHEET.md SAMPLES_DIR [--min-length N]

SAMPLES_DIR holds one ID.txt per sample from a real run of the worksheet's script
(scripts/lab-N-*.sh --samples DIR). A sample line counts as stale when, with its numbers, PIDs and
ports masked and its spaces collapsed, no line of the real run's output of the same sample reads
the same. Only prose is compared (lines with a letter run of --min-length characters or more, not
table rows), so a different PID, port, time or count never makes a sample stale, but a sentence a
program no longer prints does. A line that depends on timing (which of recv() or send() meets a
reset first) is named under its sample, each on a line of its own, and may differ:
    <!-- /sample -->
    <!-- varies: lab-textbook-tcp-server: error: -->
(the sample's lines that start with that text, after the leading spaces). Prints one line per
stale sample line; exit 1 when there is one.
"""
import re
import sys
from pathlib import Path

TABLE_ROW = re.compile(r"^\s*(TCP|UDP|tcp|udp|LISTEN|ESTAB|TIME-WAIT|CLOSE-WAIT|FIN-WAIT-\d|SYN-SENT|UNCONN)\s")


def masked(line):
    line = re.sub(r"\d+", "#", line)
    line = re.sub(r"#(?:[.,:]#)+", "#", line)  # 1,048,576  127.0.0.1  0.25
    # An English plural after a number: "1 read", "3 reads".
    line = re.sub(r"(#\s+[A-Za-z]+?)s\b", r"\1", line)
    # A Korean particle after a number follows the number's last sound: PID 21720이, PID 22968가.
    line = re.sub(r"#(이|가|은|는|을|를|과|와|으로|로)(?![가-힣])", "#~", line)
    return " ".join(line.split())


def samples(text):
    """{id: ([lines], [starts of lines that may vary])} of each <!-- sample ID --> block."""
    found = {}
    pattern = r"<!-- sample (\S+) -->\n```[a-z]*\n(.*?)\n```\n<!-- /sample -->\n((?:<!-- [^\n]*-->\n)*)"
    for match in re.finditer(pattern, text, re.S):
        varies = re.findall(r"<!-- varies: (.*?) -->", match.group(3))
        found[match.group(1)] = (match.group(2).split("\n"), varies)
    return found


def main():
    args = sys.argv[1:]
    min_length = 40
    if "--min-length" in args:
        at = args.index("--min-length")
        min_length = int(args[at + 1])
        del args[at : at + 2]
    if len(args) != 2:
        print(__doc__.strip().split("\n")[2].strip(), file=sys.stderr)
        return 2
    sheet, folder = Path(args[0]), Path(args[1])
    if not sheet.is_file() or not folder.is_dir():
        missing = sheet if not sheet.is_file() else folder
        print(f"stale_samples.py: error: {missing}: no such {'file' if missing == sheet else 'folder'}",
              file=sys.stderr)
        return 2
    stale = 0
    for sample_id, (lines, varies) in samples(sheet.read_text(encoding="utf-8")).items():
        real_file = folder / f"{sample_id}.txt"
        if not real_file.exists():
            continue  # the test checks separately that every sample has a real run behind it
        real = {masked(line) for line in real_file.read_text(encoding="utf-8", errors="replace").split("\n")}
        for line in lines:
            if line.startswith("$ ") or TABLE_ROW.match(line):
                continue
            if any(line.strip().startswith(start) for start in varies):
                continue
            if len(masked(line)) < min_length:
                continue
            if masked(line) not in real:
                stale += 1
                print(f"{sheet.name}: sample {sample_id}: no longer printed: {line.strip()[:160]}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
