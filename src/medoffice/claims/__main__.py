"""``python -m medoffice.claims`` prints the rule catalogue (the text of ``docs/rules.md``)."""

from __future__ import annotations

import sys

from medoffice.claims._catalogue import render_rule_catalogue

if __name__ == "__main__":
    sys.stdout.write(render_rule_catalogue())
