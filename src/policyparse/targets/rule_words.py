"""The word patterns the exclusion rules of rules.py read (each named, with the sentence it is for)."""
from __future__ import annotations

import regex

FUND_SIZE_RE = regex.compile(r"""
    基金\s?(?:总)?规模
  | (?:设立|组建|成立|设置|发起|筹建|出资|注资|规模)[^,;。]{0,24}基金
  | 基金[^,;。]{0,4}(?:安排|列支|统筹)               # money drawn from a fund: "引导基金中安排不少于20亿元"
    """, regex.VERBOSE)
# A count that only sums up the scope of a measure: "改造范围:…,共计36个小区" (a 范围/对象 description
# before the 共计/合计 it follows in the same sentence, and the list it opens: "…共计36个小区、4800户").
# Bounded: {0,60} and {0,20} without a sentence end, searched in a 64-character window.
SCOPE_NOUNS = "范围|对象|清单|名单"
SCOPE_SUM_RE = regex.compile(rf"(?:{SCOPE_NOUNS})[^。;]{{0,60}}?(?:共计|合计|总计|共)[^,;。]{{0,20}}$")
SCOPE_NOUN_RE = regex.compile(SCOPE_NOUNS)         # what scope-sum needs first (its clause gate)
# "每年至少开展一次评估": a frequency (every year / quarter / month) before a count of times
FREQUENCY_RE = regex.compile(r"每(?:[一二两三四五\d]{1,2}个?)?(?:年|季度|半年|月|周)")
# "全国有24万多户", "现在全国有100多个城市", "拥有9亿多劳动力": a count of what exists (bounded look-back)
EXISTENCE_RE = regex.compile(r"(?:有|拥有|现有|共有|还有|尚有)[着了]?[^,;。、的达为到]{0,6}?(?:约|近|超过)?\s?$")
# a rule the text sets for others, not an outcome it commits to: "不得超过2个", "原则上不少于6个月"
NORMATIVE_RE = regex.compile(r"不得|不应|不宜|原则上|应当|须|必须|可以(?:少于|多于|低于|高于|不超过|超过|节约|少用|减少)|一般(?:为|不|应)")   # "一般为3人或5人": as a rule;
# "可以少于5人": a permission; "可以节约标准煤200万吨": an estimate of an effect
# a bare 应 (not 应急/应用/相应/适应/供应 …) or 建议 before the value: a requirement or recommendation for
# others ("应以自动驾驶模式…进行过合计不少于240小时", "临床试验机构数量建议不少于3家") — a rule only outside
# a goal passage, where "上线率应不低于95%" states the goal, and not before a commitment verb ("项目应实现不少于3种…
# 映射": what a funded project commits to deliver)
NORMATIVE_SOFT_RE = regex.compile(r"(?<![相适供反效响对回呼照感答顺报理])应(?![急用对收付届聘征变邀运]|实现|达到|完成|建成|突破)|建议")
MONEY_UNIT_RE = regex.compile(r"元$|美元")
MULTIPLIER_HEAD_RE = regex.compile(r"(?:万亿|亿|万)?")   # a Chinese numeral's multiplier, read into its unit
# a clause that is only a change ("增长18%"): its subject is the clause before it
GROWTH_ONLY_RE = regex.compile(r"^\s?(?:同比|年均|平均)?(?:增长|增加|提高|下降|降低|减少)\s?(?:约|近)?$")
GROWS_RE = regex.compile(r"增长|增加|提高|扩大")
# counting words: a value in one of these counts things (a target "培育100个以上示范企业"); any other unit
# measures them, and a measured value right before a noun is a class of it ("时速120公里以上线路")
COUNT_UNITS = ("个", "家", "项", "所", "座", "条", "名", "人", "户", "种", "批", "类", "套", "台", "辆", "张",
               "场", "次", "件", "部", "处", "支", "只", "栋", "间", "位", "款", "篇", "册", "份", "期", "轮")
# after a measured value (and 以上/以下, （含）), a noun it classifies: "线路", "的脱硝设施" — not "的水平/目标"
CLASS_NOUN_RE = regex.compile(r"(?:\(含\))?(?P<de>的(?!水平|目标|增长|增速|幅度|规模|比重|比例))?(?![和及与或并且等])\p{Han}")
# "14亿多中国人的饭碗": a short noun, then 的 (bounded)
NOUN_OF_RE = regex.compile(r"^\p{Han}{1,4}的")
# a forecast: "预计", "将高达" before the value (bounded by the clause)
FORECAST_RE = regex.compile(r"预计(?:今年|全年|明年)|将高达|有望达到")
# the size of this year's cohort of graduates, right before the value ("今年高校毕业生795万人", "…将达727万人",
# "…超过1000万人"): who will arrive, not what the government commits to (not "…毕业生就业率保持在90%以上")
COHORT_RE = regex.compile(r"(?:今年|明年)(?:全国)?(?:普通)?高校毕业生(?:人数)?(?:预计|将)?(?:高?达|超过|为|规模为?)?\s?$")
# An estimate of the money a plan needs: "全社会环保投资需求约3.4万亿元", "环保投资约需占同期国内生产总值的1.35%"
FUNDS_NEEDED_RE = regex.compile(r"约需|投资需求|资金需求")
# "造成30人以上死亡", "或者1亿元以上直接经济损失的": the grading threshold of an event (应急预案 事件分级), a
# condition ending in 的 or naming the harm caused (bounded look-ahead inside the clause)
CONSEQUENCE_RE = regex.compile(r"造成|死亡|重伤|受伤|失踪|经济损失|中断行车|中断运行|受灾|转移安置")
# A definition's thresholds: "重大船舶污染事故，是指船舶溢油500吨以上不足1000吨的" (a class defined, no level)
DEFINITION_RE = regex.compile(r"是指|系指|指的是")
# "24小时内举行新闻发布会", "15个工作日内将书面报告报送…": a time limit of a reporting or response duty
DUTY_AFTER_RE = regex.compile(r"[^,;。]{0,12}?(?:报告|报送|上报|通报|发布|举行|召开|启动|到达|赶赴|赶到|抵达|作出|答复|回复)")
TIME_UNITS = ("工作日", "天", "小时", "分钟", "日", "个工作日", "个小时")
# the time an activity is given: "集中2-3个月时间，开展换届选举", "用3周时间完成排查" (the verb right before)
SPENT_BEFORE_RE = regex.compile(r"(?:集中|利用|用|为期|历时|花|未来)\s?$")   # "未来0—15天的预报": a horizon
SPAN_UNITS = ("个月", "周", "天", "日", "年", "个工作日", "工作日")
# a cap per recipient: "每家企业不超过50万元", "每个项目最高200万元" (a rule of the support, not a level)
PER_RECIPIENT_RE = regex.compile(r"每(?:家|个|户|人|项|所|名|位|次)|单(?:个|项|家|笔|户)")   # "单个项目不超过…"
# a price or benefit level and its relative change right before the value: "平均电价再降低10%", "基本养老金今年再提高10%"
# (a committed change of a level, SPEC §4; a rate's new value "税率降至13%" stays a parameter)
LEVEL_CHANGE_RE = regex.compile(r"(?:电价|水价|气价|养老金|收费标准)(?:水平)?[^,;。]{0,4}?(?:再|平均)?(?:降低|下降|提高|上调|下调)\s?$")
# a value described as exceeded, right before it: "超7亿", "超过10亿人", "突破3000万", "逾500家"
EXCEEDED_RE = regex.compile(r"(?:超过|超|突破|逾)\s?$")
# a value that a change starts from: "在连续两年增长13%的基础上" (right after the value)
ON_THE_BASIS_RE = regex.compile(r"\s?的?基础上")
# a sentence that opens with a condition: "只要…", "如果…", "假如…" (the sentence start, then at most 40 characters)
CONDITION_OPEN_RE = regex.compile(r"\s{0,4}(?:只要|如果|假如|倘若|若能)[^。;]{0,40}")
# A measured value inside a programme's name: "实施新一轮千亿斤粮食产能提升行动", "加快全国新增千亿斤粮食生产能力
# 建设": the value, its noun and a programme word run to the clause end with no verb between — the name of
# what is carried out, not a level (a level reads "新增粮食产能1000亿斤")
PROGRAMME_NAME_RE = regex.compile(r"(?!用于|用在|投向|投入)\p{Han}{1,10}?(?:提升|生产能力|产能)?(?:行动|工程|规划|计划|建设|战略)(?:规划|方案|计划)?\s?$")
# A reward's condition, framed as one: the sentence opens with 对/凡/经 ("对…首次突破1000亿元的企业，给予…"),
# a 的 closes the condition before the reward ("…达到2000万元的，分别给予…"), or the clause names a first
# crossing or a recognition ("首次达到", "每认定1家") — without a frame, a subsidy after a task list leaves the
# tasks targets ("完成3万套…建设任务，落实…补贴政策")
REWARD_FRAME_OPEN_RE = regex.compile(r"\s{0,4}(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）.、．]\s?)?(?:(?:今年|明年|每年|年内)[,，]?)?(?:对|凡|经)")
REWARD_FRAME_CLOSE_RE = regex.compile(r"的\s?[,;，；]|的(?:企业|单位|项目|个人|人才|团队|机构|园区|平台)[,;，；]")
REWARD_FRAME_WORD_RE = regex.compile(r"首次|每认定|每新增|新认定|认定为|被认定")
# a call for applications' quota: what each region or unit may put forward ("推荐项目不超过10个", "限报1项")
SUBMISSION_RE = regex.compile(r"(?:推荐|申报|报送|限报)")
