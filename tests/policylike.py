"""Policy-like text for property tests and the fuzzer: real heading markers, numbers, units, brackets,
assignments, 专栏 boxes, tables, indentation and line ends of the genre, shuffled.

One vocabulary, two front ends: `lines()` is a hypothesis strategy (shrinks well), `random_text(rnd)` a
plain-`random` generator for tools/fuzz.py (no hypothesis needed there).
"""
from __future__ import annotations

import random

MARKERS = [
    "一、", "二、", "三、", "十一、", "一.", "二．", "（一）", "（二）", "(三)", "（十二）", "1．", "2．", "1.", "3、",
    "10．", "（1）", "(2)", "（10）", "1）", "2)", "①", "②", "⑩", "⑴", "㈠", "第一章", "第二章", "第十章", "第一节",
    "第一条", "第十二条", "第一百零三条", "1.1", "1.1.1", "2.3.4", "1 ", "3 ", "一是", "二是", "——", "—", "专栏1",
    "专栏 2", "专栏12", "附件：", "附件1", "目录", "目  录", "图1：", "表2 ", "Ⅱ、", "A.", "", "", "", "",
]
TITLES = [
    "总体要求", "发展目标", "主要任务", "保障措施", "加强组织领导", "推进产业园区建设", "总则", "附则", "适用范围",
    "编制目的", "应急响应", "服务业与制造业深度融合", "完善政策体系", "", "重点工程", "主要指标", "基本原则",
]
PUNCT = ["。", "；", "：", "，", ":", ";", "", "", " ", "　　"]
BODIES = [
    "到2025年，全市软件业务收入达到100亿元以上",
    "全区服务业增加值占地区生产总值比重达到55%左右",
    "力争到2022年底，新增市场主体3—5万户",
    "数字经济核心产业增加值达1.4万亿元，年均增长8%以上",
    "单位地区生产总值能耗下降13.5%，控制在0.5吨标准煤以内",
    "2018年，服务业增加值占比达52.3%",
    "减按50%征收企业所得税，给予5年过渡期",
    "培育100家以上“专精特新”企业，建成3万个坐席",
    "今年主要预期目标是：地区生产总值增长6%左右",
    "“十四五”时期末，研发投入强度达到2.5%",
    "经济总量翻一番，一万家企业上云",
    "（牵头单位：市经济信息委；配合单位：市财政局、市科技局）",
    "（市发展改革委、市财政局负责）",
    "（A、B主办，C协办）",
    "（省工业和信息化厅牵头，省财政厅、省商务厅等按职责分工负责）",
    "（责任单位：各区县人民政府，市级有关部门）",
    "市经济信息委〔市中小企业局〕",
    "渝府发〔2019〕32号", "（皖政办秘〔2021〕82号）", "2019年11月25日", "——2026年1月27日在省人民代表大会上",
    "各区县人民政府，市政府各部门，有关单位：", "现将有关事项通知如下", "特此通知。",
    "来源：市政府办公厅", "您当前的位置：首页 > 政务公开", "【打印】【关闭】", "image001.png",
    "x", "", "1", "2025", "％", "万亿元", "个百分点", "亿元", "万人次", "平方公里",
]
TABLE_LINES = [
    "\t指标\t2022年目标", "\t软件业务收入（亿元）\t100", "序号 | 目标任务 | 工作措施 | 牵头单位 | 配合单位",
    "1 | 推进园区建设 | 建设数据中心 | 市经济信息委 | 市财政局", "指标类别\t指标名称\t单位\t2020年\t2025年",
    "总量规模\t服务业增加值\t亿元\t10656\t15000", "注：带*为约束性指标。", "\t牵头单位", "\t", "|", " | ",
]
INDENTS = ["", "", "　　", "  ", "\t", " ", "　"]
ENDS = ["\n", "\n", "\n", "\r\n", "\n\n", "\r", " "]
RUNS = ["1", "、", "（", "）", "——", "第", "一", "。", "　", "\t", "%", "万", "年", "专栏", "1.", "(", "〔", "|"]


def random_line(rnd: random.Random) -> str:
    kind = rnd.random()
    if kind < 0.12:
        return rnd.choice(TABLE_LINES)
    if kind < 0.15:
        return rnd.choice(RUNS) * rnd.randint(1, 60)
    body = "".join(rnd.choice(BODIES) + rnd.choice(PUNCT) for _ in range(rnd.randint(0, 3)))
    return rnd.choice(INDENTS) + rnd.choice(MARKERS) + rnd.choice(TITLES) + rnd.choice(PUNCT) + body


def random_text(rnd: random.Random, max_lines: int = 40) -> str:
    """A policy-like text; sometimes mutated with random characters or cut at a random place."""
    lines = [random_line(rnd) for _ in range(rnd.randint(0, max_lines))]
    text = "".join(line + rnd.choice(ENDS) for line in lines)
    if text and rnd.random() < 0.2:                     # cut anywhere (inside a marker, a CRLF ...)
        text = text[:rnd.randrange(len(text))]
    if text and rnd.random() < 0.2:                     # splice in random code points
        for _ in range(rnd.randint(1, 5)):
            i = rnd.randrange(len(text) + 1)
            text = text[:i] + "".join(chr(rnd.choice([rnd.randrange(0x20, 0x7f), rnd.randrange(0x3000, 0x303f),
                                                      rnd.randrange(0x4e00, 0x9fff), rnd.randrange(0xff00, 0xffef),
                                                      rnd.randrange(0, 0x110000)]))
                                      for _ in range(rnd.randint(1, 4))) + text[i:]
        text = text.encode("utf-8", "replace").decode("utf-8")     # no lone surrogates
    return text


def lines():
    """Hypothesis strategy: a list of policy-like lines joined with the genre's line ends."""
    from hypothesis import strategies as st
    line = st.one_of(
        st.tuples(st.sampled_from(INDENTS), st.sampled_from(MARKERS), st.sampled_from(TITLES),
                  st.sampled_from(PUNCT), st.lists(st.tuples(st.sampled_from(BODIES), st.sampled_from(PUNCT)),
                                                   max_size=3)
                  ).map(lambda t: "".join(t[:4]) + "".join(a + b for a, b in t[4])),
        st.sampled_from(TABLE_LINES),
        st.tuples(st.sampled_from(RUNS), st.integers(1, 40)).map(lambda t: t[0] * t[1]),
        st.text(max_size=8),
    )
    return st.lists(st.tuples(line, st.sampled_from(ENDS)), max_size=30).map(
        lambda ls: "".join(a + b for a, b in ls))


# --- hostile inputs (tests/test_hostile.py and `make fuzz --hostile`) ------------------------------------
# Each builder returns one text of roughly `scale` MB (UTF-8) or of the named count. Every run of one
# character or token is a worst case for a pattern that repeats it without a bound.

def _repeat(token: str, mb: float) -> str:
    n = max(1, int(mb * 1e6 / max(1, len(token.encode("utf-8")))))
    return token * n


def _policy_line(i: int) -> str:
    return f"{MARKERS[i % 30]}{TITLES[i % len(TITLES)]}。{BODIES[i % len(BODIES)]}；"


def hostile_inputs(scale: float = 1.0) -> list[tuple[str, object]]:
    """(name, builder) pairs; `scale` multiplies the sizes (1.0 for the tests, 4.0 for make fuzz)."""
    s = scale
    seeds = _seed_texts()
    cases = [
        ("empty", lambda: ""),
        ("whitespace-only", lambda: _repeat(" \t\u3000\n\r\n\u3000\u3000\n", 0.5 * s)),
        ("one-line-policy-sentences", lambda: "".join(_policy_line(i) for i in range(int(20000 * s)))),
        ("one-line-5MB", lambda: _repeat("到2025年，全市软件业务收入达到100亿元以上（牵头单位：市经济信息委；配合单位："
                                          "市财政局、市科技局），占比45%左右；", 5 * s)),
        ("seeds-concatenated", lambda: _repeat(seeds, 2 * s) if seeds else "一、总则\n"),
        ("1e5-heading-lines", lambda: "".join(f"{MARKERS[i % 30]}{TITLES[i % 8]}\n" for i in range(int(1e5 * s)))),
        ("1e5-markers-one-line", lambda: "".join(MARKERS[i % 30] for i in range(int(1e5 * s)))),
        # one-line tables of contents printed again and again: each would name the next run's entries
        ("one-line-toc-runs", lambda: "".join(f"{i // 10 + 1}.{i % 10 + 1}标题{i}" for i in range(300))
         * int(250 * s)),
        ("tab-separated-markers-one-line", lambda: "1\t" + "一.\t" * int(3e4 * s)),   # fuzz seed 0 input 1713
        ("spaced-headings-one-line", lambda: "".join(f"{MARKERS[i % 8]}总体要求　　" for i in range(int(2e4 * s)))),
        ("1e5-numbered-lines", lambda: "".join(f"{i}．第{i}项任务。\n" for i in range(1, int(1e5 * s)))),
        ("1e5-chapters-articles", lambda: "".join(f"第{i}章 总则\n第{i}条 为规范管理，制定本办法。\n"
                                                  for i in range(int(5e4 * s)))),
        ("1e4-nested-fullwidth-brackets", lambda: "（" * int(1e4 * s) + "牵头单位：市财政局" + "）" * int(1e4 * s)),
        ("1e4-nested-mixed-brackets", lambda: "（(〔【" * int(2500 * s) + "市财政局负责" + "】〕)）" * int(2500 * s)),
        ("1e4-unclosed-brackets-lines", lambda: "（牵头单位：市财政局、\n" * int(1e4 * s)),
        ("deep-outline-number", lambda: ".".join(["1"] * int(1e4 * s)) + " 编制目的\n"),
        ("huge-number-then-unit", lambda: "到2025年，软件业务收入达到" + "9" * int(400 * s) + "亿元以上。\n"),
        ("1e4-tables", lambda: "".join(f"专栏{i}　重点工程\n\t指标\t2022年目标\n\t软件业务收入（亿元）\t{i}\n"
                                       for i in range(int(1e4 * s)))),
        ("1e4-pipe-rows", lambda: "序号 | 目标任务 | 牵头单位 | 配合单位\n" + "".join(
            f"{i} | 推进园区建设 | 市经济信息委 | 市财政局、市科技局\n" for i in range(int(1e4 * s)))),
        ("long-unit-list", lambda: "（牵头单位：" + "市财政局、" * int(5e4 * s) + "）\n"),
        ("toc-1e4-entries", lambda: "目录\n" + "".join(f"第{i}章 总则\n" for i in range(int(1e4 * s))) + "第一章 总则\n"),
    ]
    for tok in ["1", "、", "（", "）", "——", "。", "第", "一", "十", "年", "%", ".", "1.", "1.1", "0.", " ", "\t",
                "\u3000", "|", " | ", "专栏", "牵头", "负责", "A、", "到2025年", "\n", "\r\n", "\r", "一是", "（1）",
                "：", "达到", "以上", "左右", "万", "亿元", "〔", "-", "—", "\u3000\n", "1\n", "一、\n"]:
        cases.append((f"run-{tok!r}", lambda tok=tok: _repeat(tok, 0.2 * s)))
    return cases


def _seed_texts() -> str:
    from pathlib import Path
    raw = Path(__file__).resolve().parent.parent / "data" / "raw"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt")))
