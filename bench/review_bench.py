"""Review pages: how long they take to build (Python) and to load in headless Chromium.

    .venv/bin/python bench/review_bench.py [--runs 5] [--out bench/review_results.json]

Pages: the largest seed (data/raw/004, 7 documents), the largest real document we hold
(tests/review/data/hfs_…, 国务院“十三五”生态环境保护规划, 141 KB) and a 1 MB file made of every seed and
held-out document of the repository, one after another (a batch of documents in one file).

For each page, `--runs` fresh tabs in one Chromium: the wall time from Page.navigate to the load event
(what the DevTools client sees), and from the page's own clock (performance.timing / performance.now):
navigation start -> DOMContentLoaded, -> load event end, -> the page script ready, -> first contentful
paint. The target (issue 19) is a load under 2 s.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "review"))

from cdp import Browser  # noqa: E402

from policyparse.decode import decode  # noqa: E402
from policyparse.pipeline import parse_text  # noqa: E402
from policyparse.review import render_page, source_text  # noqa: E402

TIMING = """(async () => {
  const t = performance.timing, n = t.navigationStart;
  const l0 = performance.now();
  const height = document.getElementById('text').scrollHeight;     /* forces layout of the whole text */
  const layout = performance.now() - l0;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));   /* a frame painted */
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {dcl: t.domContentLoadedEventEnd - n, load: t.loadEventEnd - n, ready: window.__ppReady,
          layout_after_load: layout, fcp: fcp ? fcp.startTime : null, height: height,
          elements: document.getElementsByTagName('*').length, marks: document.querySelectorAll('#text .m').length};
})()"""


def one_mb_text() -> str:
    """Every seed and held-out document (decoded), then again, until the text is over 1 MB as UTF-8."""
    files = sorted((ROOT / "data" / "raw").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "raw").glob("*.txt"))
    texts = [decode(f.read_bytes()).text.replace("\r\n", "\n").replace("\r", "\n").strip("\n") for f in files]
    out, size, i = [], 0, 0
    while size < 1_048_576:
        out.append(texts[i % len(texts)])
        size += len(out[-1].encode("utf-8")) + 4
        i += 1
    return "\n\n\n\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "bench" / "review_results.json"))
    args = ap.parse_args()

    inputs = [("seed 004 (largest seed)", source_text(ROOT / "data" / "raw" / "004_38d853d575b6585a.txt")),
              ("largest real document", source_text(ROOT / "tests" / "review" / "data" /
                                                     "hfs_guowuyuanguanyuyinfashisanwushengtaihuan.txt")),
              ("1 MB file", one_mb_text())]
    results = {"machine": f"{platform.machine()} {platform.python_version()}", "runs": args.runs, "pages": []}
    with tempfile.TemporaryDirectory() as tmp, Browser() as browser:
        results["chromium"] = browser.version.get("product")
        for label, text in inputs:
            t0 = time.perf_counter()
            result = parse_text(text, path=label)
            t1 = time.perf_counter()
            html = render_page(result, text, name=label)
            t2 = time.perf_counter()
            page_file = Path(tmp) / f"{len(results['pages'])}.html"
            page_file.write_text(html, encoding="utf-8")
            runs = []
            for _ in range(args.runs):
                page = browser.page(1400, 900)
                wall = page.goto(page_file.as_uri())
                timing = page.eval(TIMING)
                errors = list(page.console_errors)
                page.close()
                runs.append({"wall_load_s": round(wall, 3), **timing, "console_errors": len(errors)})
            row = {
                "page": label, "input_bytes": len(text.encode("utf-8")), "characters": len(text),
                "documents": len(result.documents),
                "targets": sum(len(d.targets) for d in result.documents),
                "responsibilities": sum(len(d.responsibilities) for d in result.documents),
                "html_bytes": len(html.encode("utf-8")), "parse_s": round(t1 - t0, 3), "render_s": round(t2 - t1, 3),
                "marks": runs[0]["marks"], "elements": runs[0]["elements"],
                "median": {k: round(statistics.median(r[k] for r in runs), 3)
                           for k in ("wall_load_s", "dcl", "load", "ready", "fcp", "layout_after_load")
                           if all(r[k] is not None for r in runs)},
                "first_tab_wall_load_s": runs[0]["wall_load_s"],      # includes loading the CJK font
                "max_wall_load_s": max(r["wall_load_s"] for r in runs),
                "console_errors": sum(r["console_errors"] for r in runs),
                "under_2s": max(r["wall_load_s"] for r in runs) < 2.0,
            }
            results["pages"].append(row)
            m = row["median"]
            fcp = f"{m['fcp']:.0f} ms" if "fcp" in m else "n/a"
            print(f"{label:26} {row['input_bytes'] / 1e6:5.2f} MB in, {row['html_bytes'] / 1e6:5.2f} MB html, "
                  f"{row['marks']:6} mark segments | render {row['render_s']:.2f} s | load median "
                  f"{m['wall_load_s']:.2f} s (first tab {row['first_tab_wall_load_s']:.2f}, max {row['max_wall_load_s']:.2f}), DOMContentLoaded {m['dcl']:.0f} ms, "
                  f"load event {m['load']:.0f} ms, script ready {m['ready']:.0f} ms, first contentful paint {fcp}, "
                  f"full layout after load {m['layout_after_load']:.0f} ms | console errors {row['console_errors']}")
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    if not all(r["under_2s"] for r in results["pages"]):
        sys.exit("a page took 2 s or more to load")


if __name__ == "__main__":
    main()
