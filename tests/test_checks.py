"""checks.py: symptoms of a likely miss as coded warnings, on real shapes; and their batch summary."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from policyparse import parse_text
from policyparse.diagnostics import Code

ROOT = Path(__file__).resolve().parents[1]


def codes(text: str) -> set[str]:
    return {str(w.code) for w in parse_text(text).warnings}


@pytest.mark.parametrize("text, code, raised", [
    # an assignment label the stage reads: no symptom
    ("关于推进某工作的通知\n各区县：\n（一）建立工作台账。（牵头单位：市发展改革委）\n", "resp.unread", False),
    # a label printed inside running text only (a sentence about the label, no assignment read)
    ("关于推进某工作的通知\n各区县：\n请在报送材料时注明牵头单位：名称和联系人，确保信息准确。\n", "resp.unread", True),
    # a 专栏 that is read as a table: no symptom
    ("某市数字经济发展规划\n一、重点任务\n专栏1 重点工程\n1.数据中心建设工程\n2.工业互联网平台工程\n二、保障措施\n加强组织领导。\n",
     "table.unread", False),
    # a 2024 work report whose plan part has a 2024 target: no symptom
    ("政府工作报告\n——2024年1月20日在某市第十六届人民代表大会第四次会议上\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n"
     "一、2023年工作回顾\n全市地区生产总值增长6%。\n二、2024年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。\n",
     "report.no_year", False),
    # the same report with its plan part about targets lost: the symptom
    ("政府工作报告\n——2024年1月20日在某市第十六届人民代表大会第四次会议上\n各位代表：\n现在，我代表市人民政府，向大会报告工作。\n"
     "一、2023年工作回顾\n全市地区生产总值增长6%。\n二、2024年工作安排\n我们将坚定信心，真抓实干。\n",
     "report.no_year", True),
])
def test_symptom(text, code, raised):
    assert (code in codes(text)) is raised


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "warnings.md").read_text(encoding="utf-8")
    assert [c.value for c in Code if f"`{c.value}`" not in doc] == []


def test_batch_prints_files_per_code(tmp_path):
    (tmp_path / "a.txt").write_text("关于推进某工作的通知\n各区县：\n请在报送材料时注明牵头单位：名称和联系人，确保信息准确。\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("关于推进某工作的通知\n各区县：\n（一）建立工作台账。（牵头单位：市发展改革委）\n",
                                    encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "policyparse", "extract", str(tmp_path), "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    line = next(ln for ln in r.stderr.splitlines() if "resp.unread" in ln)
    assert "a.txt" in line and "b.txt" not in line
    quiet = subprocess.run([sys.executable, "-m", "policyparse", "extract", str(tmp_path), "-o", str(tmp_path / "q"),
                            "-q"], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0, quiet.stderr
    assert "resp.unread" not in quiet.stderr
