"""Make the README's screenshot (docs/review.png): the review page of data/raw/001, its outline entry
（一）金融服务 clicked (headings, targets and responsibilities in view), then one target value clicked.

    .venv/bin/python tests/review/screenshot.py [OUT.png]
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cdp import Browser  # noqa: E402

from policyparse import parse_file  # noqa: E402
from policyparse.review import render_page, source_text  # noqa: E402


def main(out: str = str(ROOT / "docs" / "review.png")) -> None:
    seed = ROOT / "data" / "raw" / "001_bf2cfd4f73d52add.txt"
    result = parse_file(seed)
    doc = result.documents[0]
    target = next(t for t in doc.targets if t.indicator.endswith("金融业增加值"))
    section = target.section_id
    with tempfile.TemporaryDirectory() as tmp, Browser() as b:
        page_file = Path(tmp) / "page.html"
        page_file.write_text(render_page(result, source_text(seed), name=seed.name), encoding="utf-8")
        page = b.page(1400, 860)
        page.goto(page_file.as_uri())
        page.click(f'#tab-outline a[data-section="{section}"]')
        time.sleep(2)                                    # let the flash fade
        page.eval("document.getElementById('text').scrollTop -= 120")
        page.click(f'#text .k-value[data-ids~="{target.id}"]')
        page.eval("document.querySelector('#text .flash') && 0")
        time.sleep(0.3)
        page.screenshot(out)
        assert not page.console_errors, page.console_errors
    print(f"wrote {out}")


if __name__ == "__main__":
    main(*sys.argv[1:])
