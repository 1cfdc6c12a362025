"""Scoring predictions against gold annotations (SPEC §7): the figures behind `policyparse eval`.

Gold files are YAML (`source`, `documents: [{title, alt_titles, doc_number, issuer, date, sections,
targets, responsibilities, tables}]`); predictions are ParseResult dicts (what `extract` writes).
Everything is a pure function over plain dicts, so a prediction can come from a file or straight
from `parse_file(...).model_dump(mode="json")`. The figures equal the reference scorer's
(shared tools/score.py) on every SPEC §7 figure; tests/test_eval.py checks that.

The rules, per file:
- documents are paired by affinity (发文字号, title, shared section titles, shared target values);
  an unpaired gold document is scored against an empty one, and the sections, targets and
  responsibilities of an unpaired predicted document all count as false positives;
- sections: same level, same marker (folded) and titles where one is a prefix of the other, matched
  in order (longest common subsequence); P/R/F1;
- targets: equal value in base units (万/亿/万亿 folded into the number) with the same unit, and the
  same year where gold gives one; each gold target takes the free prediction whose indicator is
  most alike; P/R/F1, then indicator (bigram Dice ≥ 0.5 or containment) and qualifier agreement
  over the matched pairs; beside them (not SPEC §7) headline P/R/F1, defined in areas.py;
- responsibilities: equal lead sets and equal support sets (folded); P/R/F1;
- tables: paired by label, else by title prefix; columns and cells compared by position over the
  gold rows, items by position on their first 20 characters;
- metadata: title equals the title or an alt_title (dash variants folded), issuer equal or one
  ending with the other (≥ 4 characters), doc_number and date exactly (folded).

Modules, bottom up: fold (what "equal" means), tally (counters and Score), areas (sections,
targets, responsibilities), tables, documents (pairing, metadata, score_file), report (a run:
loading, thresholds, rendering), gdp (the work-report GDP-target check, `eval --gdp`).

>>> from policyparse.evaluate import score_file
>>> score_file({"documents": [{"title": "A"}]}, {"documents": [{"title": "A"}]}).meta.acc
1.0
"""
from .documents import score_file
from .report import (Report, below_minimum, evaluate, index_predictions, parse_minimum, render_misses,
                     render_table, report_json)
from .tally import Miss, Score

__all__ = ["Miss", "Report", "Score", "below_minimum", "evaluate", "index_predictions", "parse_minimum",
           "render_misses", "render_table", "report_json", "score_file"]
