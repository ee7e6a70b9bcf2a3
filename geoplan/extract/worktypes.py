r"""What a work is, from the words that end its name: …铁路, …水库, …医院, …园区.

A Chinese work name ends with the word that says what it is (its *head*),
sometimes followed by words for what is done to it (…改造, …二期工程, …迁建
项目). :func:`find_head` finds the last head of a text; :func:`work_type` maps a
name to one of :data:`geoplan.schema.WORK_TYPES`. Both are leaves: any stage of
the extraction may call them, they call no stage.

Examples
--------
>>> work_type("S310省道东阳李宅至义乌青岩刘段"), work_type("兰溪市芝堰水库除险加固")
('road', 'reservoir')
>>> work_type("义乌儿童医院新建工程"), work_type("浙江龙芯智慧产业园")
('hospital', 'platform')
>>> work_type("金华市美术馆"), work_type("磐安抽水蓄能电站")
('culture', 'power')
>>> find_head("加快义乌机场适应性改造").word
'机场'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

__all__ = [
    "AREA_HEADS",
    "Head",
    "find_head",
    "head_suffix",
    "head_words",
    "is_action_tail",
    "mentions_work",
    "split_tail",
    "work_type",
]

# Head words by type. Longer words win over their own tails (城际铁路 over 铁路),
# and the head that ends last in a name decides (铁路货场 is logistics).
_HEADS: dict[str, tuple[str, ...]] = {
    "railway": ("铁路", "高铁", "城际铁路", "城际", "客专", "轨道交通", "轻轨", "地铁",
                "铁路专线", "铁路专用线", "专用线", "三四线", "动车运用所", "复线"),
    "road": ("高速公路", "高速", "公路", "国道", "省道", "县道", "快速路", "快速通道",
             "大道", "中线", "互通", "立交", "大桥", "隧道", "道路", "连接线", "断头路",
             "过境线", "绕城线", "路"),
    "airport": ("机场", "通用机场", "空港", "航空物流枢纽", "通航基地", "飞行培训学校"),
    "port": ("港", "港区", "码头", "作业区", "泊位", "港口", "海铁联运港", "联运港"),
    "waterway": ("航道", "航运开发", "航电枢纽", "航道整治工程"),
    "transit": ("客运枢纽", "客运站", "客运总站", "火车站", "火车南站", "综合交通枢纽",
                "交通枢纽", "旅游集散中心", "快速公交", "公交延伸线", "号线", "站"),
    "logistics": ("物流园区", "物流园", "物流中心", "物流港", "物流基地", "货运枢纽",
                  "仓储中心", "供应链基地", "供应链运营中心", "保税物流中心", "货运站",
                  "货场", "储备库", "油库", "陆港", "枢纽港", "冷链物流产业园",
                  "物流枢纽中心", "物流集聚区", "供应链总部"),
    "pipeline": ("管道", "天然气管道", "输油管道", "成品油管道", "支线工程", "门站", "管网"),
    "power": ("变电所", "变电站", "电站", "电厂", "风电场", "风电", "光伏", "发电",
              "热电联产", "抽水蓄能", "电网", "变", "能源站"),
    "reservoir": ("水库", "水利枢纽", "山塘", "水库联网工程"),
    "flood": ("水闸", "堤防", "防洪工程", "防洪", "排涝", "河道综合治理", "综合治理",
              "除险加固", "橡胶坝", "治理二期工程", "综合整治", "水系激活工程", "防洪堤"),
    "irrigation": ("灌区",),
    "water_supply": ("供水", "引水工程", "水厂", "联网供水", "水源工程"),
    "environment": ("污水处理厂", "污水厂", "垃圾", "固废", "焚烧厂", "生态绿廊",
                    "绿化工程", "生态修复"),
    "telecom": ("数据中心", "通信产业园", "信息通信产业园", "基站", "云计算中心", "通信枢纽"),
    "hospital": ("医院", "二院", "妇保院", "卫生院", "卫生服务中心", "医学中心", "诊疗中心",
                 "疾控中心", "医共体", "妇幼保健院", "保健院", "应急保障中心", "洗消中心", "院区"),
    "school": ("学校", "小学", "初中", "中学", "高中", "幼儿园", "学院", "大学", "大学城",
               "党校", "警校", "技工学校", "职业学校", "附属小学", "附属初中", "二小"),
    "culture": ("博物馆", "图书馆", "美术馆", "文化馆", "纪念馆", "展示馆", "非遗馆",
                "名人馆", "剧院", "大剧院", "文化中心", "文化广场", "文化活动中心",
                "主题馆", "博览中心", "博览园", "文化园", "遗址", "分馆", "馆", "书院",
                "文化带", "文创产品展示范区"),
    "venue": ("体育场", "体育馆", "体育中心", "体育场馆", "场馆", "游泳馆", "会展中心",
              "文体中心", "运动场", "亚运分村", "运动拓展区", "运动基地"),
    "park": ("公园", "湿地公园", "森林公园", "景区", "风景区", "风景旅游区", "旅游区",
             "度假区", "旅游度假区", "绿道", "游步道", "风景线", "花境", "风光带",
             "旅游综合体", "观光园", "旅游休闲中心", "度假中心", "山居", "乐园", "古镇"),
    "platform": ("园区", "产业园", "科技园", "创业园", "孵化园", "创意园", "开发区",
                 "集聚区", "功能区", "试验区", "实验区", "示范区", "新区", "新城", "创新城",
                 "科技城", "小镇", "基地", "平台", "片区", "区块", "商务区", "智造区",
                 "贸创区", "未来区", "综保区", "综合保税区", "自贸区", "谷", "城", "经济区",
                 "经济圈", "大走廊", "孵化器", "研究院", "实验室", "研究中心", "创新中心",
                 "服务中心", "综合体", "集群", "示范园", "科创园", "科教园区", "枢纽经济区",
                 "产业中心", "总部中心", "城区", "市区", "县城", "主城区", "副中心", "聚集区",
                 "区域开发", "区块开发", "园", "中心", "检测中心", "转移中心"),
    "market": ("市场", "商城", "交易中心", "批发市场", "商贸城", "专业市场", "冷鲜城",
               "家居城", "模具城", "五金城", "木雕城", "水晶城", "茶城", "苗木城",
               "汽车城", "汽配城", "菜场", "菜市场", "小商品城", "商贸中心", "交易集散中心"),
    "commerce": ("城市客厅", "商业综合体", "商业中心", "购物中心", "酒店", "广场", "商业街", "街区",
                 "步行街", "财富中心", "总部", "大楼", "大厦", "楼宇", "文旅城",
                 "商务中心", "院街", "产城融合体", "总部经济圈"),
    "housing": ("未来社区", "社区", "安置房", "城中村", "小区"),
    "welfare": ("福利中心", "托养服务中心", "颐养基地", "养老院", "敬老院", "养老中心"),
    "agriculture": ("村", "田园综合体", "现代农业园区", "农业示范基地", "示范基地", "土地整治",
                    "土地全域整治项目", "非粮化整治项目", "农旅", "地力提升", "苗木创新综合体"),
    "public": ("应急救援中心", "应急指挥中心", "物资储备中心", "互换局", "党校"),
}  # fmt: skip

#: Heads that name an area a work lies in rather than the work (金义都市新区 in
#: "新建金义都市新区、东阳等体育场馆"): in a list that ends with another head they
#: are read as place words.
AREA_HEADS: tuple[str, ...] = ("新区", "城区", "市区", "县城", "新城区", "开发区", "园区")

# Words that end a head word but are not works (工作站, 服务站点, 网点 …).
_NOT_HEADS = re.compile(
    r"(?:工作站|服务站点|站点|网点|联络站|招商站|引才站|服务站|小站|加油站|充电站|加气站|"
    r"思路|道路(?=交通)|发展道路|之路|出路|门路|套路|线上|一线|二线|底线|红线|主线|防线|沿线|路线|"
    r"专线|热线|生命线|信息平台|服务平台|数据平台|网络平台|交易平台|管理平台|云平台|"
    r"电商平台|公共平台|应用平台|监管平台|支撑平台|数字平台|大脑平台|作用|区域)$"
)
# Road codes head a name the way a head word does: "S313金华至兰溪段".
_CODE_HEAD = re.compile(r"[GS]\d{2,4}")
# What may follow a head inside a work's name: phases, parts, actions done to it.
_ACTION = (
    r"(?:建设工程|工程|项目|建设项目|建设|新建工程|新建项目|新建|扩建工程|扩建项目|扩建|"
    r"改扩建工程|改扩建|迁建工程|迁建项目|迁建|改建工程|改建|整体迁建项目|续建|"
    r"提升改造|改造提升|提档改造|提档升级|提升工程|提升|改造工程|改造|整治工程|整治|"
    r"综合整治|综合治理|治理|开发项目|开发|综合开发项目|综合开发|除险加固|加固|拓宽工程|拓宽|"
    r"南移工程|南移|东扩工程|外迁|搬迁工程|搬迁|电气化改造|扩能改造|适应性改造|改移|南延工程|"
    r"延伸工程|提升改造工程|改造提升工程|整合提升项目|开发利用工程|连接工程|"
    r"装修工程|修缮工程|修建工程|二次开发工程|创建工程|示范工程|配套工程|支撑工程|"
    r"(?:一|二|三|四|首)期(?:工程|项目)?|[（(][^（）()]{1,24}[）)]|段)"
)
_ACTION_TAIL = re.compile(rf"(?:{_ACTION})+$")


@dataclass(frozen=True, slots=True)
class Head:
    """A head word found in a text: the word, its type and where it ends."""

    word: str
    type: str
    start: int
    end: int


@cache
def _head_pattern() -> re.Pattern[str]:
    words = sorted({w for ws in _HEADS.values() for w in ws}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def head_words() -> re.Pattern[str]:
    """Return the pattern of every head word (longest first)."""
    return _head_pattern()


@cache
def _type_of() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, words in _HEADS.items():
        for word in words:
            table.setdefault(word, kind)
    return table


def find_head(text: str) -> Head | None:
    """Return the head that ends last in ``text`` (the longest of those), or None.

    A head must follow at least one other character (a name is never its head
    alone), and words such as 工作站 or 之路 are not heads.

    Examples
    --------
    >>> find_head("金华铁路货场搬迁工程").word
    '货场'
    >>> find_head("设立招商站") is None
    True
    """
    return _find_head(_mask_brackets(text))


@cache
def _words() -> tuple[frozenset[str], int]:
    words = frozenset(w for ws in _HEADS.values() for w in ws)
    return words, max(len(w) for w in words)


@lru_cache(maxsize=65536)
def _find_head(text: str) -> Head | None:
    words, longest = _words()
    table = _type_of()
    best: Head | None = None
    for code in _CODE_HEAD.finditer(text):
        best = Head(code.group(0), "road", code.start(), code.end())
    # The head that ends last wins, the longest of those: scan ends from the right.
    for end in range(len(text), 1, -1):
        if best is not None and end <= best.end:
            break
        for start in range(max(1, end - longest), end):
            word = text[start:end]
            if word not in words:
                continue
            spoiler = _NOT_HEADS.search(text[:end])
            if spoiler is not None and spoiler.end() - spoiler.start() >= end - start:
                continue
            return Head(word, table[word], start, end)
    return best


def mentions_work(text: str) -> bool:
    """Whether ``text`` holds any head word, a road code, or 工程/项目 (a quick first test)."""
    return bool(_head_pattern().search(text) or _CODE_HEAD.search(text)) or (
        "工程" in text or "项目" in text
    )


def _mask_brackets(text: str) -> str:
    """Hide what brackets hold (金兰中线 in "S313金华至兰溪段（金兰中线）") from head search."""
    if "（" not in text and "(" not in text:
        return text
    out: list[str] = []
    depth = 0
    for char in text:
        if char in "（(":
            depth += 1
            out.append(char)
        elif char in "）)":
            depth = max(depth - 1, 0)
            out.append(char)
        else:
            out.append("\u3000" if depth else char)
    return "".join(out)


def head_suffix(text: str) -> int | None:
    """Where the longest head word that ends ``text`` starts (0 if ``text`` is a head word)."""
    pattern = _head_pattern()
    for start in range(len(text)):
        match = pattern.fullmatch(text, start)
        if match is not None:
            return start
    return None


def split_tail(name: str) -> tuple[str, str]:
    """Split a name into its thing and the action/phase words after it.

    Examples
    --------
    >>> split_tail("义乌儿童医院新建工程")
    ('义乌儿童医院', '新建工程')
    >>> split_tail("G60沪昆高速金华段拓宽（二期）工程")
    ('G60沪昆高速金华', '段拓宽（二期）工程')
    """
    match = _ACTION_TAIL.search(name)
    if match is None or match.start() == 0:
        return name, ""
    return name[: match.start()], name[match.start() :]


def is_action_tail(text: str) -> bool:
    """Whether ``text`` only says what is done to a work (建设, 二期工程 …)."""
    return not text or bool(_ACTION_TAIL.fullmatch(text))


def work_type(name: str) -> str:
    """Return the :data:`geoplan.schema.WORK_TYPES` key for a work's name.

    The type is that of the head ending last in the name once the action words
    after it are set aside; a name without a head is ``"other"``. A river's
    治理/整治 is flood works whatever the river is called.

    Examples
    --------
    >>> work_type("金华火车站改造"), work_type("常山港治理二期工程"), work_type("某某方案")
    ('transit', 'flood', 'other')
    >>> work_type("235国道柯城至江山段改建工程"), work_type("浦江至义乌火车站快速公交延伸线")
    ('road', 'transit')
    """
    thing, tail = split_tail(name)
    if _RIVER.search(thing) and _RIVER_WORK.match(tail):
        return "flood"  # 常山港治理工程: 港 is a river here, and the work is on its banks
    head = _linear_before_ends(thing) or find_head(thing) or find_head(name)
    return head.type if head is not None else "other"


_SEGMENT = re.compile(r"(?:至|到)[^至到、，]{1,14}段?$")
_LINEAR = frozenset(("railway", "road", "waterway", "pipeline", "transit"))


def _linear_before_ends(thing: str) -> Head | None:
    """Return the road or railway head before "…柯城至江山段": the ends are places, not heads."""
    found = _SEGMENT.search(thing)
    if found is None:
        return None
    for end in range(found.start() - 1, max(found.start() - 15, 0), -1):
        head = find_head(thing[:end])
        if head is not None and head.end == end and head.type in _LINEAR:
            return head
    return None


# A river (江, 溪, and 港 as Zhejiang names rivers) and what is done to it.
_RIVER = re.compile(r"[江河溪港浦渠]$")
_RIVER_WORK = re.compile(r"(?:综合)?(?:治理|整治)|除险加固|清淤|堤")
