"""The targets stage's vocabulary (data/targets/), compiled once on first use, and the small patterns every
module of the stage shares."""
from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

import regex

from .. import markers
from ..lexicons import alternation, load_list, load_map, std_on_use, std_re
from ..normalize import normalize
from ..numerals import CN_NUMERAL_CHARS
from ..records import Text

# (compiled by `re`, as the heading-number grammar it holds is: lexicons.std_re)
LEAD_MARKER_SOURCE = rf"""
    (?:(?:{markers.PLAIN_MARKER}
        |[一二三四五六七八九十]{{1,2}}是(?!否)              # a run-in enumerator: "一是…;二是…"
        |其[一二三四五六七八九十]|首先|其次)[,:\s]?){{0,3}}
    """
LEAD_MARKER_RE = std_on_use(LEAD_MARKER_SOURCE, markers.STD_FLAGS)
# "A达到B的5%": the indicator is A (the part of B it reaches); B is at most 20 characters, no comma.

# verbs that make a condition word the object of a task ("完善认定标准"): two characters each
CONDITION_TASK_VERBS = ("完善", "制定", "建立", "健全", "研究", "出台", "修订", "修改", "明确", "统一", "规范", "细化",
                        "优化", "调整", "提高", "放宽", "降低")
CONDITION_TASK_LB = "(?<!" + "|".join(CONDITION_TASK_VERBS) + ")"
R = cache(regex.compile)         # inline patterns in the stage modules are compiled once, on first use


def each_word(words, tail: str = "", not_after: tuple[str, ...] = ()) -> str:
    """`alternation(words)` with `tail` after each word: every branch starts with its word's first character,
    which `re` skips to (a group of words before a shared tail it reads character by character). `not_after`:
    two-character words none of which may stand right before the word, tested after its first character (a
    lookbehind one wider) so that the branch still starts with that character.

    >>> each_word(["达", "达到"], "(?!性)")
    '达到(?!性)|达(?!性)'
    >>> each_word(["申报条件"], not_after=("完善", "制定"))
    '申(?<!完善申|制定申)报条件'
    """
    def form(w: str) -> str:
        if not not_after:
            return regex.escape(w)
        head = regex.escape(w[0])
        return head + "(?<!" + "|".join(regex.escape(v) + head for v in not_after) + ")" + regex.escape(w[1:])
    return "|".join(form(w) + tail for w in sorted(set(words), key=lambda w: (-len(w), w)))


def by_first_char(words) -> str:
    """`alternation(words)` with the words of each first character under one branch: the same alternation (at a
    position only the words of its character can match, tried longest first as before), but `regex` no longer tries
    every word in turn (quantities.quantity_re's units: 0.4 µs of the 3.6 µs one of its matches took).

    >>> by_first_char(["个", "个月", "人次", "人", "%"])
    '(?:个(?:月)?|人(?:次)?|%)'
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(w[1:])
    def branch(first: str, rests: list[str]) -> str:
        if not any(rests):
            return regex.escape(first)
        tails = "(?:" + "|".join(regex.escape(r) for r in rests if r) + ")"
        return regex.escape(first) + tails + ("?" if "" in rests else "")     # the word alone: tried last
    return "(?:" + "|".join(branch(first, rests) for first, rests in groups.items()) + ")"


def text_of(s: str) -> Text:
    """A Text for doctests and tests."""
    return Text(s, normalize(s))


def _rev_alt(words) -> str:
    """An alternation of the reversed words (to match suffixes at the start of a reversed string).

    >>> _rev_alt(["达到", "达"])
    '(?:到达|达)'
    """
    return alternation([w[::-1] for w in words])


class Vocab(NamedTuple):
    """The stage's compiled vocabulary (data/targets/), one typed field per word class."""

    policy: Any
    stats: Any
    goal: Any
    forward_words: Any
    text_nouns: Any
    text_noun: Any
    background: Any
    background_doc: Any
    review_open: Any
    review_words: Any
    change: Any
    rate_tail: Any
    condition_title: Any
    condition: Any
    reward: Any
    scope: Any
    verbs_tail: Any
    adverbs_tail: Any
    adverbs_head: Any
    objverb_head: Any
    objverb_tail: Any
    objverb_lead: Any
    head: Any
    tail_rev: Any
    prefix: Any
    prefix_tail: Any
    suffix: Any
    direction: Any
    direction_re: Any
    link: Any
    commit: Any
    budget: Any


# a word used as a modifier is no parameter: "补贴性职业技能培训" is a kind of training (the lookahead is one
# character); a fund word followed by "支持的" modifies a noun and sets nothing
# ("专项资金支持的企业新增专利不少于1000件")
POLICY_TAIL = r"(?!性)(?!(?:支持|扶持|资助|补助|引导|带动|撬动)的)"
# 最高/最多 cap a subsidy only before an amount or a grant verb ("最高补贴50万元", "最高不超过"), not inside an
# indicator ("最高用电负荷的5%")
POLICY_CAP = (r"最[高多](?=\s?(?:可|额|限额|不超过|不高于|给予|补贴|补助|奖励|资助|支持|按|为|\d|"
              rf"[{CN_NUMERAL_CHARS}]))")


@cache
def vocab() -> Vocab:
    """Compiled vocabulary (loaded on first use)."""
    def alt(name):
        return std_re(alternation(load_list(f"targets/{name}.txt")))
    return Vocab(
        # a policy word or a cap (POLICY_CAP), never as a modifier (POLICY_TAIL, after each: see each_word)
        policy=std_re(each_word(load_list("targets/policy_words.txt"), POLICY_TAIL) + "|" + POLICY_CAP
                      + POLICY_TAIL),
        stats=alt("stats_words"),
        goal=alt("goal_titles"),
        forward_words=alt("forward_words"),
        text_nouns=std_re("^[^,]{0,4}" + alternation(load_list("targets/text_nouns.txt"))),
        text_noun=alt("text_nouns"),                    # one of them anywhere (the rule's clause gate)
        background=alt("background_titles"),
        background_doc=alt("background_doc_titles"),
        # a paragraph that opens by reviewing past work: at its start, after a numbering marker (anchored)
        review_open=regex.compile(r"[ \t]{0,4}" + LEAD_MARKER_SOURCE + r"[ \t]{0,2}"
                                     + alternation(load_list("targets/review_openers.txt")), regex.VERBOSE),
        # ... one of whose words a span must hold for review_open to match at its start (a search that is far cheaper
        # than the anchored match, which tries the numbering markers first)
        review_words=alt("review_openers"),
        change=alt("change_verbs"),
        rate_tail=std_re(alternation(load_list("targets/rate_verbs.txt")) + r"\s?$"),
        # a heading that names conditions ("三、申报条件"), not a task about them ("完善认定标准")
        condition_title=regex.compile(CONDITION_TASK_LB + alternation(load_list("targets/condition_words.txt"))),
        # (each branch starts with its word, each_word: the first characters of them all are what `re` skips to)
        condition=std_re(                                # bounded gaps: {0,6} and {0,4}, no nesting
            each_word(("具备", "符合", "满足"), r"[^,。;\n]{0,6}?(?:下列|以下|如下)[^,。;\n]{0,4}?(?:条件|标准|要求)")
            + "|" + each_word(("下列", "以下", "如下"), "(?:基本)?条件")
            + "|" + each_word(load_list("targets/condition_words.txt"),        # "申报条件:", a run-in "申报条件。"
                             r"(?=[ \t]?(?:(?:为|是|如下)?:|。|\r|\n|$))", not_after=CONDITION_TASK_VERBS)),
        reward=std_re(alternation(load_list("targets/reward_words.txt")) + "(?!性)"),
        scope=std_re(r"^(?:" + alternation(load_list("targets/scope.txt"))[3:-1] + ")"),
        verbs_tail=std_re(alternation(load_list("targets/verbs.txt")) + r"$"),
        adverbs_tail=std_re(alternation(load_list("targets/adverbs.txt")) + r"$"),
        adverbs_head=std_re(r"^" + alternation(load_list("targets/adverbs.txt"))),
        # a leading object verb, maybe after 累计 ("累计建成5G基站": 5G基站), never a flow head (新增, 累计新增)
        # (or after a modal word: "还要再培训500万农民工", "今年要关停…")
        objverb_head=std_re(r"^(?:(?:还|也|仍)?(?:要|将)|再)?再?"
                            + r"(?!" + alternation(load_list("targets/indicator_heads.txt")) + ")"
                                      + r"(?:累计\s?(?!" + alternation(load_list("targets/indicator_heads.txt")) + "))?"
                                      + alternation(load_list("targets/object_verbs.txt"))),
        # (a PDF copy may space the value out: "遴选 10 个以上")
        objverb_tail=std_re(alternation(load_list("targets/object_verbs.txt"))   # "完成省定20项民生工程": who set it
                            + r"(?:[省市区县]定)?[ \t]{0,2}$"),
        objverb_lead=std_re(r"^" + alternation(load_list("targets/object_verbs.txt")
                                                         + load_list("targets/indicator_heads.txt"))),
        head=std_re("(?:" + "|".join([                    # bounded repeat of plain words
            alternation(load_list("targets/lead_words.txt")), alternation(load_list("targets/adverbs.txt")),
            alternation(load_list("targets/scope.txt")), r"[\s,、:\"]"]) + "){0,8}"),   # “ kept (a name)
        tail_rev=std_re("(?:" + "|".join([                # reversed words, bounded repeat
            "(?:" + _rev_alt(load_list("targets/object_verbs.txt")) + ")?"
            + _rev_alt(load_map("targets/qualifier_prefix.yaml")),
            _rev_alt(load_list("targets/verbs.txt")), _rev_alt(load_list("targets/adverbs.txt")),
            _rev_alt(load_list("targets/goal_nouns.txt")), r"[\s,、:]"]) + "){0,8}"),
        prefix=load_map("targets/qualifier_prefix.yaml"),
        prefix_tail=std_re("(?P<q>" + alternation(load_map("targets/qualifier_prefix.yaml")) + ")"
                                     + "(?:" + alternation(load_list("targets/object_verbs.txt")) + r")?\s?$"),
        suffix=load_map("targets/qualifier_suffix.yaml"),
        direction=load_map("targets/direction.yaml"),
        direction_re=std_re(alternation(load_map("targets/direction.yaml"))),
        link=std_re(alternation([w for w in load_list("targets/verbs.txt") if len(w) > 1] +
                                          ["达", "为"])),
        commit=std_re(alternation(load_list("targets/commit_verbs.txt"))),
        budget=alt("budget_words"),
    )


