"""Words of a table's rows that both table readers know: a leaf, importing nothing of geoplan.

:mod:`geoplan._pdf_tables` rebuilds the rows of a printed table below the extraction
(``plans.py`` reads files before anything is extracted) and :mod:`geoplan.extract.tables`
reads the rows; both tell a 序号 and a group row the same way, from here.

>>> bool(SERIAL.fullmatch("12")), bool(SERIAL.fullmatch("1.5"))
(True, False)
>>> bool(GROUP.search("（二）续建项目（12个）")), bool(GROUP.search("甲县物流园"))
(True, False)
"""

from __future__ import annotations

import re

__all__ = ["CN_SERIAL", "GROUP", "SERIAL"]

# A row's 序号: "1", "12.", "3、".
SERIAL = re.compile(r"[0-9０-９]{1,3}[.、．]?")
# A group row's 序号, in Chinese: "一", "二、", "（三）".
CN_SERIAL = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]?|[（(][一二三四五六七八九十]{1,3}[）)]")
# A row of one cell that heads the rows below it says what kind of rows follow:
# "新建项目", "社会事业类", "（二）续建项目（12个）".
GROUP = re.compile(
    r"(?:新建|续建|在建|前期|预备|储备|谋划|竣工|建成|计划)(?:类)?项目|类(?:项目)?$|[（(]\d+个[）)]$"
)
