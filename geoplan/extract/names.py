r"""Whether words name one particular work, and the ends a linear work's name states.

Leaves for the works reader. :func:`is_named` tells a name of its own
("金台铁路", "G351国道浦江段", "龙芯智慧产业园") from a kind of work ("城市天然气门站",
"文化创意产业园", "森林公园"); :func:`work_ends` reads the two end places of a
linear work ("S310省道东阳李宅至义乌青岩刘段").

Examples
--------
>>> is_named("金台铁路"), is_named("城市天然气门站"), is_named("G351国道浦江段")
(True, False, True)
>>> is_named("区福利中心"), is_named("森林公园"), is_named("积极引进区域性金融机构总部")
(True, False, False)
>>> work_ends("S310省道东阳李宅至义乌青岩刘段", "road")
('东阳李宅', '义乌青岩刘')
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoplan.extract.placewords import has_place, place_prefix
from geoplan.extract.worktypes import Head, find_head, head_suffix, head_words, split_tail

__all__ = ["WEAK_TYPES", "is_named", "is_place_named", "is_proper", "work_ends"]

#: Kinds of work whose head words (…平台, …中心, …市场, …项目) also name ideas and
#: programmes: such a work found in a sentence needs a proper name (a place, a
#: code, a quoted name) of its own or in its list.
WEAK_TYPES = frozenset(
    ("platform", "other", "market", "commerce", "housing", "power", "agriculture",
     "environment", "telecom", "public")
)  # fmt: skip

# Words that say what kind of work, not which one: a name made of them only is no name.
_GENERIC = re.compile(
    r"城市|城乡|农村|乡村|乡镇|镇级|村级|社区|基层|重点|重大|各类|各级|一批|若干|新型|现代化?|"
    r"智慧|智能|数字化?|特色|综合性?|公共|大型|中小型?|小型|高端|高品质|高标准|高水平|国家级|"
    r"国家|省级|市级|区级|县级|全国|全省|全市|全区|示范性?|标准化|新建|其他|相关|配套|"
    r"专业化?|区域性?|标志性|地标性|一流|优质|绿色|低碳|生态|文化|旅游|休闲|体育|健康|养老|"
    r"养生|医疗|卫生|教育|科技|创新|创业|产业|信息|物流|商贸|商业|商务|电子商务|电商|跨境|"
    r"金融|服务|总部|研发|孵化|展示|交易|仓储|冷链|快递|农产品|工业|制造|先进|新兴|未来|"
    r"应急|公交|停车|充电|加气|天然气|污水|垃圾|城镇|中心|老旧|多功能|全民|健身|青少年|"
    r"老年|儿童|妇女|人才|人力资源|科创|双创|众创|创客|网络|互联网|大数据|云计算|软件|数据|"
    r"经济|信创|新能源|新材料|高新技术|装备|汽车|一级|二级|三级|重要|中型|大中型|骨干|"
    r"国际化?|地方|周边|沿线|一体化|多式联运|公铁水?|海铁|联运|枢纽|集聚|功能|平台|项目|工程|"
    r"基础设施|设施|民营|公办|民办|普惠|义务|职业|技工|高等|学前|普通|星级|美丽|精品|主题|"
    r"专题|试点|改革|开放|保税|自由贸易|自贸|水运|民航|航空|水路|陆路|陆上|交通|运输|货运|"
    r"客运|轨道|内河|干线|支线|快速|通用|机场|港口|码头|铁路|公路|高速|场站|内陆|沿海|东南|"
    r"西北|东北|西南|中西部|地区|门户|节点|全域|服务业|文旅|农旅|康养|医养|体旅|商旅|创意|"
    r"时尚|影视|动漫|研究|学科|技术|科研|企业|高校|院士|专家|博士后|工程技术|实训|国医|知名|"
    r"品牌|机构|职能性|生产|生活|家庭|居家|社会|市民|群众|公益|市场化|线上|线下|园林|花卉|"
    r"苗木|盆景|水果|蔬菜|食品|医药|生物|中医药|中药|康复|护理|婴幼儿|托育|双语|外向型|"
    r"进出口|进口|出口|贸易|会议|展览|演艺|娱乐|购物|餐饮|住宿|示范园|产业化|规模化|集约|"
    r"融合|协同|联合|共享|开放式|一站式|全链条|高能级|标杆|样板|先行|引领|支撑|配置|优势|"
    r"龙头|领军|头部|核心|中央|城郊|都市|山区|库区|农业|林业|渔业|畜牧|水产|粮食|种植|养殖|"
    r"加工|物联网|区块链|人工智能|量子|半导体|氢能|芯片|电子|信息技术|新一代|通信|网联|无人|"
    r"智造|职能性|示范|家居|智能家居|家电|服装|纺织|五金|汽配|建材|化工|机电|装饰|母婴|日用|"
    r"小商品|农资|粮油|生鲜|菜篮子"
)
# Verbs left inside an element: it is a phrase about a work, not its name.
_VERBISH = re.compile(
    r"引进|扶持|鼓励|搭建|转变|对接|发挥|推行|成为|提供|探索|毗邻|联通|整合|实现|加强|提高|"
    r"完善|推进|推动|支持|建立|加快|构建|培育|深化|优化|打造|争创|引导|带动|覆盖|统筹|践行|"
    r"落实|开展|实施|形成|保障|强化|聚焦|围绕|依托|利用|结合|拓展|融入|承接|统筹|联动|"
    r"监管|评价|考核|设立|组建|举办|办好|用好|打响|擦亮|巩固|扩大|降低|减少|防止|"
    r"严格|严控|控制|激发|释放|满足|适应|顺应|坚持|确保|力争|争取|达到|完成|"
    r"入驻|落户|投向|进入|参与|有利于|面向|针对|按照|根据|通过|依法|"
    r"进一步|积极|全面|大力|加速|着力|谋划|启动|推广|应用"
)
# A quoted structure such as “两高四普四城际” or “一环八射三联” is not a name.
_STRUCTURE = re.compile(r"“[^”]*[一二三四五六七八九十两][^”]*[一二三四五六七八九十两][^”]*”")
# Names of lakes, hills, rivers and villages make a work's name proper: 金满湖, 江郎山, 潜溪.
_TOPONYM = re.compile(
    r"[^\s，、“”（）()]{1,4}(?:山|湖|江|溪|河|岛|湾|岭|峰|坞|塘|滩|洲|源|村|桥|寺|岙|畈)"
)
# Words that end like a place name but are not one.
_NOT_TOPONYM = re.compile(
    r"(?:乡|农|山|渔|新|古|城中|城郊|行政|自然|美丽|特色|精品|中心|示范|景区|未来|河|江|金山银|"
    r"青|荒|名|高|大|小|深|浅|水|来|之|资|税|能|电|货|客|财|生|病|污染|气|光|热|风|碳|源)"
    r"(?:山|湖|江|溪|河|村|源|岛|湾|桥)$"
)
_CODE = re.compile(r"[A-Z]{1,3}\d{1,4}|\d{2,4}\s*(?:KV|kV|千伏)")
_QUOTED = re.compile(r"“[^”]{2,}”|《[^》]{2,}》")
# The plan's own unit: 市委党校, 区福利中心, 区二院.
# Not 区域, 县域, 市区, 市民 …, nor 县（市、区）, which is every county of the plan.
_OWN_UNIT = re.compile(r"^[市区县](?![场级域位民区内外属（(两、])")
_ENDS = re.compile(
    r"(?P<a>[^至到、，（）()]{2,14}?)(?:至|到)(?:[^至到、，]{2,14}?至)?(?P<b>[^至到、，（）()]{2,14}?)段"
)
_TAIL_ENDS = re.compile(r"(?P<a>[^至、，（）()]{2,10})至(?P<b>[^至、，（）()]{2,10})$")
# "浦江至义乌火车站快速公交延伸线": the far end is a station, port or town
_STATION_ENDS = re.compile(
    r"(?P<a>[^至、，（）()]{2,8})至(?P<b>[^至、，（）()]{2,8}?(?:火车站|客运站|站|港|机场|新区|城区|镇|乡|街道))"
)
_DASH_ENDS = re.compile(
    r"^(?P<a>[^—－-]{2,6})[—－-](?:[^—－-]{2,6}[—－-])?(?P<b>[^—－-]{2,6}?)(?:城际|铁路|高速|公路|快速路)"
)
_ROAD_WORD = re.compile(
    r"(?:[GS]\d{2,4}|省道|国道|高速公路|高速|公路|铁路|城际|快速路|航道|管道|连接线|航电枢纽项目|支线)"
    r"(?:[（(][^）)]*[）)])?"
)
_LINEAR = ("railway", "road", "waterway", "pipeline", "transit")


@lru_cache(maxsize=65536)
def is_named(name: str, head: Head | None = None) -> bool:
    """Whether a work's name holds a name of its own, not only generic words.

    A place word, a code (G60, 500KV), a quoted name, the plan's own unit
    (区福利中心) or two characters that are not generic make a name; a verb
    left in it, a 的, or a quoted structure (“一环八射三联”) unmake it.
    """
    outside = re.sub(r"[（(][^）)]*[）)]", "", name)
    if "的" in outside or place_prefix(name) == name:
        return False
    name = _STRUCTURE.sub("", name)
    if not name:
        return False
    thing, _tail = split_tail(name)
    head = head or find_head(thing)
    core = thing[: head.start] if head is not None and head.start > 0 else thing
    whole = head_suffix(thing)
    if whole is not None and whole < len(core):
        core = thing[:whole]  # 森林公园, 图书馆: the whole name is a head word
    core = re.sub(r"[（(][^）)]*[）)]", "", core).strip()
    if _VERBISH.search(core):
        return False
    if _CODE.search(name) or _QUOTED.search(name) or has_place(core) or _OWN_UNIT.match(core):
        return True
    rest = head_words().sub("", _GENERIC.sub("", core))
    return len(_GENERIC.sub("", rest)) >= 2


@lru_cache(maxsize=65536)
def is_proper(name: str) -> bool:
    """Whether a name holds a place word, a code or a quoted name (not a structure).

    Examples
    --------
    >>> is_proper("义乌丝路金融小镇"), is_proper("G60沪昆高速"), is_proper("文化创意产业园")
    (True, True, False)
    """
    name = _STRUCTURE.sub("", name)
    thing, _tail = split_tail(name)
    head = find_head(thing)
    core = thing[: head.start] if head is not None else thing
    return bool(
        _CODE.search(name)
        or _QUOTED.search(name)
        or has_place(name)
        or _OWN_UNIT.match(name)
        or _toponym(core)
    )


@lru_cache(maxsize=65536)
def is_place_named(name: str) -> bool:
    """Whether a name carries a place: a place word, a lake or hill, or the plan's own unit.

    Examples
    --------
    >>> is_place_named("磐安仁川二期工程"), is_place_named("“八婺名家”工程")
    (True, False)
    """
    return bool(has_place(name) or _toponym(name) or _OWN_UNIT.match(name))


def _toponym(text: str) -> bool:
    """Whether ``text`` holds the name of a lake, hill, river or village (金满湖, 江郎山)."""
    return any(not _NOT_TOPONYM.search(m.group(0)) for m in _TOPONYM.finditer(text))


def work_ends(name: str, kind: str) -> tuple[str, str] | None:
    """Return the two end place words a linear work's name states, or None.

    Examples
    --------
    >>> work_ends("G235国道金华至武义段（金武快速路）", "road")
    ('金华', '武义')
    >>> work_ends("S311普陀至婺城公路东阳画水白泥塘至城东李宅段", "road")
    ('东阳画水白泥塘', '城东李宅')
    >>> work_ends("金华—义乌—横店城际铁路", "railway")
    ('金华', '横店')
    >>> work_ends("衢江区高家镇至廿里镇公路改建工程", "road")
    ('衢江区高家镇', '廿里镇')
    >>> work_ends("兰溪诸葛八卦村—长乐村景区", "park") is None
    True
    """
    if kind not in _LINEAR and not re.search(r"段[）)]?$|至.+段", name):
        return None
    text = name
    if bracket := re.search(r"[（(]([^（）()]*?至[^（）()]*?段)[）)]", name):
        text = bracket.group(1)
    elif "至" in text:
        before = text[: text.rindex("至")]
        cut = max((m.end() for m in _ROAD_WORD.finditer(before)), default=0)
        if len(before) - cut >= 2:
            text = text[cut:]
    if match := _ENDS.search(text):
        return match["a"].strip(), match["b"].strip()
    far = text.rfind("至")
    if far > 0 and kind in _LINEAR and (road := _ROAD_WORD.search(text, far)):
        text = text[: road.start()]  # 高家镇至廿里镇公路改建工程: the far end stops at 公路
    if kind in _LINEAR and (match := _TAIL_ENDS.search(text) or _STATION_ENDS.search(text)):
        return match["a"].strip(), match["b"].strip()
    if kind in _LINEAR and (match := _DASH_ENDS.match(name)):
        return match["a"], match["b"]
    return None
