#!/usr/bin/env python3
"""Check Delahub's Swedish public-sector thesaurus (search/data/thesaurus.yaml).

Usage: .venv/bin/python scripts/check_thesaurus.py [path]   (default: search/data/thesaurus.yaml)

Prints counts (groups, Swedish terms, English terms, groups with a broader group, depth) and
every violation of the rules in search/data/README.md (search/thesaurus_rules.py, the same
rules the admin applies to staff's edits); exits 1 if there is any violation.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from django.conf import settings  # noqa: E402

# The rules speak through Django's translations; here, in English, without the project.
settings.configure(USE_I18N=False)

from search.thesaurus_rules import MIN_GROUPS, Report, check_groups  # noqa: E402

DEFAULT_PATH = ROOT / "search" / "data" / "thesaurus.yaml"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    report = Report()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        print(f"{path}: cannot be read as YAML: {error}")
        return 1
    if not isinstance(data, dict) or set(data.keys()) != {"groups"}:
        print(f"{path}: the file must be a mapping with the single key 'groups'")
        return 1
    groups = data["groups"]
    if not isinstance(groups, list):
        print(f"{path}: 'groups' must be a list")
        return 1

    counts = check_groups(groups, report, min_groups=MIN_GROUPS)
    print(f"{path}")
    print(f"  groups:                 {counts['groups']}")
    print(f"  Swedish terms:          {counts['terms']}")
    print(f"  English terms:          {counts['en']}")
    print(f"  groups with broader:    {counts['with_broader']}")
    print(f"  top-level groups:       {counts['roots']}")
    print(f"  deepest chain (levels): {counts['max_depth']}")
    if report.violations:
        print(f"{len(report.violations)} violation(s):")
        for violation in report.violations:
            print(f"  - {violation}")
        return 1
    print("OK: no violations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
