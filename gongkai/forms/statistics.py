"""The 2014–2018 national 《政府信息公开情况统计表》 (E1, spec §4 and §6.4).

One long list table with columns 统计指标 / 单位 / 统计数; it is split here into its nine
blocks (一 … 九) so that a (table, row) pair is unique: 四 and 五 both have a
被依法纠错数 row.
"""

from __future__ import annotations

from .spec import Block, Column, Edition, Identity, Row, Table

VALUE = (Column("value", "统计数", "value"),)


def _table(key: str, title: str, en: str, anchors: tuple[str, ...], rows: tuple[Row, ...]) -> Table:
    return Table(key, title, en, (Block(key, anchors, rows, VALUE),))


PROACTIVE = _table("proactive", "主动公开情况", "Proactive disclosure", ("一、主动公开情况",), (
    Row("1.1", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "items proactively disclosed", unit="条"),
    Row("1.1a", "其中：主动公开规范性文件数", "of which normative documents", unit="条", parent="1.1"),
    Row("1.1b", "制发规范性文件总数", "normative documents issued", unit="件"),
    Row("1.2", "（二）通过不同渠道和方式公开政府信息的情况", "by channel", group=True, subtotal=True, unit="条"),
    Row("1.2.1", "1.政府公报公开政府信息数", "via the government gazette", unit="条", parent="1.2"),
    Row("1.2.2", "2.政府网站公开政府信息数", "via government websites", unit="条", parent="1.2"),
    Row("1.2.3", "3.政务微博公开政府信息数", "via government Weibo", unit="条", parent="1.2"),
    Row("1.2.4", "4.政务微信公开政府信息数", "via government WeChat", unit="条", parent="1.2"),
    Row("1.2.5", "5.其他方式公开政府信息数", "via other channels", unit="条", parent="1.2"),
))

RESPONSE = _table("response", "回应解读情况", "Responses and explanations", ("二、回应解读情况",), (
    Row("2.1", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "hot issues responded to", unit="次"),
    Row("2.2", "（二）通过不同渠道和方式回应解读的情况", "by channel", group=True, subtotal=True, unit="次"),
    Row("2.2.1", "1.参加或举办新闻发布会总次数", "press conferences", unit="次", parent="2.2"),
    Row("2.2.1a", "其中：主要负责同志参加新闻发布会次数", "of which with the principal leader", unit="次", parent="2.2.1"),
    Row("2.2.2", "2.政府网站在线访谈次数", "online interviews", unit="次", parent="2.2"),
    Row("2.2.2a", "其中：主要负责同志参加政府网站在线访谈次数", "of which with the principal leader", unit="次", parent="2.2.2"),
    Row("2.2.3", "3.政策解读稿件发布数", "policy-explanation articles", unit="篇", parent="2.2"),
    Row("2.2.4", "4.微博微信回应事件数", "events answered via Weibo or WeChat", unit="次", parent="2.2"),
    Row("2.2.5", "5.其他方式回应事件数", "events answered by other means", unit="次", parent="2.2"),
))

REQUESTS = _table("requests", "依申请公开情况", "Disclosure on request", ("三、依申请公开情况",), (
    Row("3.1", "（一）收到申请数", "applications received", unit="件"),
    Row("3.1.1", "1.当面申请数", "in person", unit="件", parent="3.1"),
    Row("3.1.2", "2.传真申请数", "by fax", unit="件", parent="3.1"),
    Row("3.1.3", "3.网络申请数", "online", aliases=("网上申请数",), unit="件", parent="3.1"),
    Row("3.1.4", "4.信函申请数", "by letter", unit="件", parent="3.1"),
    Row("3.2", "（二）申请办结数", "applications concluded", unit="件"),
    Row("3.2.1", "1.按时办结数", "concluded on time", unit="件", parent="3.2"),
    Row("3.2.2", "2.延期办结数", "concluded with extension", unit="件", parent="3.2"),
    Row("3.3", "（三）申请答复数", "replies", unit="件"),
    Row("3.3.1", "1.属于已主动公开范围数", "already proactively disclosed", unit="件", parent="3.3"),
    Row("3.3.2", "2.同意公开答复数", "disclosure granted", unit="件", parent="3.3"),
    Row("3.3.3", "3.同意部分公开答复数", "partial disclosure", unit="件", parent="3.3"),
    Row("3.3.4", "4.不同意公开答复数", "disclosure refused", unit="件", parent="3.3"),
    Row("3.3.4a", "其中：涉及国家秘密", "refused: state secret", unit="件", parent="3.3.4"),
    Row("3.3.4b", "涉及商业秘密", "refused: commercial secret", unit="件", parent="3.3.4"),
    Row("3.3.4c", "涉及个人隐私", "refused: personal privacy", unit="件", parent="3.3.4"),
    Row("3.3.4d", "危及国家安全、公共安全、经济安全和社会稳定", "refused: endangers security or stability", unit="件", parent="3.3.4"),
    Row("3.3.4e", "不是《条例》所指政府信息", "refused: not government information", unit="件", parent="3.3.4"),
    Row("3.3.4f", "法律法规规定的其他情形", "refused: other statutory grounds", unit="件", parent="3.3.4"),
    Row("3.3.5", "5.不属于本行政机关公开", "not this agency's information", unit="件", parent="3.3"),
    Row("3.3.6", "6.申请信息不存在", "information does not exist", unit="件", parent="3.3"),
    Row("3.3.7", "7.告知作出更改补充", "told to amend or supplement", unit="件", parent="3.3"),
    Row("3.3.8", "8.告知通过其他途径办理", "told to use another channel", unit="件", parent="3.3"),
))

REVIEW = _table("review", "行政复议", "Administrative reconsideration", ("四、行政复议数量",), (
    Row("4", "四、行政复议数量", "reconsiderations", unit="件"),
    Row("4.1", "（一）维持具体行政行为数", "upheld", unit="件", parent="4"),
    Row("4.2", "（二）被依法纠错数", "corrected", aliases=("依法纠错数",), unit="件", parent="4"),
    Row("4.3", "（三）其他情形数", "other", unit="件", parent="4"),
))

LITIGATION = _table("litigation", "行政诉讼", "Administrative litigation", ("五、行政诉讼数量",), (
    Row("5", "五、行政诉讼数量", "lawsuits", unit="件"),
    Row("5.1", "（一）维持具体行政行为或者驳回原告诉讼请求数", "upheld or claim dismissed", unit="件", parent="5"),
    Row("5.2", "（二）被依法纠错数", "corrected", aliases=("依法纠错数",), unit="件", parent="5"),
    Row("5.3", "（三）其他情形数", "other", unit="件", parent="5"),
))

COMPLAINTS = _table("complaints", "举报投诉", "Complaints", ("六、举报投诉数量",), (
    Row("6", "六、举报投诉数量", "complaints about disclosure work", unit="件"),
))

FEES = _table("fees", "收费", "Fees", ("七、依申请公开信息收取的费用",), (
    Row("7", "七、依申请公开信息收取的费用", "fees charged for requests", unit="万元"),
))

STAFFING = _table("staffing", "机构建设和保障经费情况", "Staffing and budget", ("八、机构建设和保障经费情况",), (
    Row("8.1", "（一）政府信息公开工作专门机构数", "dedicated units", unit="个"),
    Row("8.2", "（二）设置政府信息公开查阅点数", "reading points", unit="个"),
    Row("8.3", "（三）从事政府信息公开工作人员数", "staff", aliases=("从事政府信息公开工作人数员",), unit="人"),
    Row("8.3.1", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "full-time staff", unit="人", parent="8.3"),
    Row("8.3.2", "2.兼职人员数", "part-time staff", unit="人", parent="8.3"),
    Row("8.4", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
        "dedicated budget", unit="万元"),
))

TRAINING = _table("training", "政府信息公开会议和培训情况", "Meetings and training", ("九、政府信息公开会议和培训情况",), (
    Row("9.1", "（一）召开政府信息公开工作会议或专题会议数", "meetings", unit="次"),
    Row("9.2", "（二）举办各类培训班数", "training courses", unit="次"),
    Row("9.3", "（三）接受培训人员数", "trainees", unit="人次"),
))


def _col(table: str, left: tuple[str, ...], right: tuple[str, ...], ident: str, description: str,
         relation: str = "=", severity: str = "violation") -> Identity:
    return Identity(ident, table, "column", left, right, relation, severity, description=description)  # type: ignore[arg-type]


E1_IDENTITIES = (
    _col("requests", ("3.1",), ("3.1.1", "3.1.2", "3.1.3", "3.1.4"), "E1-1", "收到申请数 = 当面 + 传真 + 网络 + 信函"),
    _col("requests", ("3.2",), ("3.2.1", "3.2.2"), "E1-2", "申请办结数 = 按时 + 延期"),
    _col("requests", ("3.3",), tuple(f"3.3.{i}" for i in range(1, 9)), "E1-3", "申请答复数 = items 1 … 8"),
    _col("requests", ("3.3.4",), tuple(f"3.3.4{c}" for c in "abcdef"), "E1-4",
         "不同意公开答复数 = its six reasons (soft: reasons may overlap)", severity="warning"),
    _col("review", ("4",), ("4.1", "4.2", "4.3"), "E1-5a", "行政复议数量 = 维持 + 纠错 + 其他"),
    _col("litigation", ("5",), ("5.1", "5.2", "5.3"), "E1-5b", "行政诉讼数量 = 维持或驳回 + 纠错 + 其他"),
    _col("staffing", ("8.3",), ("8.3.1", "8.3.2"), "E1-6", "从事…人员数 = 专职 + 兼职"),
    _col("proactive", ("1.1a",), ("1.1",), "E1-7a", "其中：主动公开规范性文件数 ≤ 主动公开政府信息数", "<="),
    _col("response", ("2.2.1a",), ("2.2.1",), "E1-7b", "其中：主要负责同志参加新闻发布会次数 ≤ 新闻发布会总次数", "<="),
    _col("response", ("2.2.2a",), ("2.2.2",), "E1-7c", "其中：主要负责同志参加在线访谈次数 ≤ 在线访谈次数", "<="),
    _col("proactive", ("1.1",), tuple(f"1.2.{i}" for i in range(1, 6)), "E1-8", "主动公开政府信息数 ≤ sum of channels", "<="),
    _col("response", ("2.1",), tuple(f"2.2.{i}" for i in range(1, 6)), "E1-9",
         "回应热点数 ≤ sum of channels (soft)", "<=", "warning"),
    _col("requests", ("3.3",), ("3.2",), "E1-10", "申请答复数 = 申请办结数 (soft)", "=", "warning"),
    _col("proactive", ("1.2",), tuple(f"1.2.{i}" for i in range(1, 6)), "E1-sub1",
         "printed channel subtotal, where printed, equals its channels", "=", "warning"),
    _col("response", ("2.2",), tuple(f"2.2.{i}" for i in range(1, 6)), "E1-sub2",
         "printed channel subtotal, where printed, equals its channels", "=", "warning"),
)

E1 = Edition(
    "E1",
    "政府信息公开情况统计表（国办发〔2014〕32号）",
    "national statistics form 2014–2018",
    (2014, 2018),
    (PROACTIVE, RESPONSE, REQUESTS, REVIEW, LITIGATION, COMPLAINTS, FEES, STAFFING, TRAINING),
    E1_IDENTITIES,
    markers=("回应解读情况", "统计指标", "申请办结数", "申请答复数", "属于已主动公开范围数", "主动公开政府信息数"),
)
