"""Write the Word files whose LibreOffice PDFs lie beside this script (see README.md).

Usage: ``python make_docx.py OUT_DIR``, then, for each file,
``soffice --headless --convert-to pdf --outdir . OUT_DIR/NAME.docx``. The tests read
only the PDFs: CI has no LibreOffice. The plans are made up, in the forms offices use.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def liandu() -> docx.Document:
    """A 重大项目表: header of two rows (总投资 over 合计 / 其中“十四五”), group rows."""
    d = docx.Document()
    d.add_heading("丽水市莲都区“十四五”重大建设项目表", level=1)
    d.add_paragraph("附表")
    top = ["序号", "项目名称", "建设地点", "建设内容及规模", "建设起止年限", "总投资（亿元）", "",
           "责任单位"]  # fmt: skip
    rows = [
        ("一、产业发展项目",),
        ["1", "莲都区碧湖镇智能装备产业园", "碧湖镇", "规划用地约800亩，建设标准厂房30万平方米",
         "2021—2025", "25.0", "20.0", "区经信局"],
        ["2", "南明山街道数字经济产业园", "南明山街道", "新建孵化楼、研发楼12万平方米",
         "2022—2024", "8.5", "8.5", "南明山街道"],
        ("二、社会民生项目",),
        ["3", "莲都区人民医院迁建工程", "紫金街道",
         "新建医疗综合楼，床位800张，总建筑面积15万平方米", "2021—2024", "12.0", "12.0",
         "区卫健局"],
        ["4", "老竹畲族镇中心学校扩建工程", "老竹畲族镇", "新增校舍1.2万平方米", "2023—2025",
         "1.5", "1.5", "区教育局"],
    ]  # fmt: skip
    table = d.add_table(rows=2, cols=8)
    table.style = "Table Grid"
    for i, name in enumerate(top):
        table.rows[0].cells[i].text = name
    table.rows[1].cells[5].text, table.rows[1].cells[6].text = "合计", "其中：“十四五”"
    table.cell(0, 5).merge(table.cell(0, 6)).text = "总投资（亿元）"
    for c in (0, 1, 2, 3, 4, 7):
        text = table.cell(0, c).text
        table.cell(0, c).merge(table.cell(1, c)).text = text
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[7]).text = row[0]
        else:
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    return d


def xiuzhou() -> docx.Document:
    """A narrow table of ten columns: on A4 LibreOffice sets some names one space apart."""
    d = docx.Document()
    d.add_paragraph("嘉兴市秀洲区2024年重点建设项目表")
    header = ["序号", "项目名称", "建设性质", "建设地点", "建设内容", "总投资（亿元）",
              "2024年计划投资（亿元）", "开工年份", "竣工年份", "责任单位"]  # fmt: skip
    rows = [
        ["1", "秀洲高新区智能光伏产业园", "新建", "王江泾镇", "建设光伏组件生产线及配套设施",
         "35", "8", "2024", "2027", "秀洲高新区"],
        ["2", "运河湾文旅综合体", "续建", "新城街道", "建设文化街区、酒店等", "12.5", "3",
         "2022", "2025", "区文旅局"],
    ]  # fmt: skip
    table = d.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, header, strict=True):
        cell.text = name
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    return d


def zhoushan() -> docx.Document:
    """A 纲要 whose long title wraps, a 专栏 framed as a table around a table of platforms."""
    d = docx.Document()
    d.add_heading("舟山市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要", level=1)
    for text in [
        "第一章 发展基础",
        "“十三五”时期，舟山江海联运服务中心建设取得重大进展，舟山绿色石化基地一期建成投产。",
        "第二章 构建开放型经济新体制",
        "第一节 高水平建设自贸试验区",
        (
            "加快建设中国（浙江）自由贸易试验区舟山片区，推进油气全产业链发展，打造国际油气交易中心。"
            "加快建设舟山国际粮油产业园和舟山国家远洋渔业基地，推进甬舟铁路、六横大桥等重大交通工程建设。"
        ),
    ]:
        d.add_paragraph(text)
    frame = d.add_table(rows=1, cols=1)
    frame.style = "Table Grid"
    cell = frame.cell(0, 0)
    cell.text = "专栏2 自贸试验区重大平台"
    inner = cell.add_table(rows=1, cols=4)
    for c, name in zip(inner.rows[0].cells, ["序号", "平台名称", "所在地", "规划面积（平方公里）"],
                       strict=True):  # fmt: skip
        c.text = name
    for row in (["1", "舟山绿色石化基地", "岱山县鱼山岛", "41"],
                ["2", "舟山国际粮油产业园", "定海区老塘山", "3.5"],
                ["3", "六横国际油品储运基地", "普陀区六横镇", "12"]):  # fmt: skip
        for c, value in zip(inner.add_row().cells, row, strict=True):
            c.text = value
    for text in [
        "第三章 建设现代海洋产业体系",
        "专栏3 海洋经济重大项目",
        "1. 甬舟铁路（舟山段）。全长约76公里，总投资约270亿元，建设期限2021-2027年。",
        "2. 六横公路大桥。起于普陀区六横岛，止于宁波北仑区梅山，全长约17公里，总投资约150亿元。",
        "3. 舟山国家远洋渔业基地。位于普陀区沈家门街道，规划面积约5平方公里，总投资约80亿元。",
        "第四章 保障措施",
        "加强规划实施的组织领导。",
    ]:
        d.add_paragraph(text)
    return d


def lishui() -> docx.Document:
    """A plan of five pages with a running header and page numbers; items cross pages."""
    d = docx.Document()
    section = d.sections[0]
    section.header.paragraphs[0].text = "丽水市服务业发展“十四五”规划"
    run = section.footer.paragraphs[0].add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.text = text
        run._r.append(field)
    d.add_heading("丽水市服务业发展“十四五”规划", level=1)
    body = (
        "坚持生态优先、绿色发展，加快推动服务业高质量发展，着力构建以生态旅游、现代物流、"
        "数字经济为重点的现代服务业体系，全面提升服务业对经济增长的贡献率。"
    )
    for chapter in range(1, 4):
        d.add_paragraph(f"第{'一二三'[chapter - 1]}章 重点任务{chapter}")
        for _ in range(6):
            d.add_paragraph(body)
        d.add_paragraph(f"专栏{chapter} 重大项目{chapter}")
        for i in range(1, 16):
            d.add_paragraph(
                f"{i}. 丽水第{chapter}{i}号文旅综合体项目。总投资{chapter * 10 + i}亿元，"
                f"用地面积约{100 + i}亩，建设游客服务中心、精品酒店及配套设施，"
                "建设期限2022-2025年。"
            )
    return d


def tiantai() -> docx.Document:
    """A notice: numbered paragraphs naming a work and its parts, a paragraph of labelled
    fields, an item under a bullet, a road whose number follows the item's."""
    d = docx.Document()
    for text in [
        "关于印发《天台县2024年重大项目建设计划》的通知",
        "各乡镇人民政府、街道办事处，县级各部门：",
        "现将《天台县2024年重大项目建设计划》印发给你们，请认真贯彻执行。",
        "天台县2024年重大项目建设计划",
        "一、产业项目",
        (
            "1.天台山文旅康养综合体项目：位于石梁镇，总投资18亿元，建设康养酒店、游客服务中心等，"
            "责任单位：县文广旅体局。"
        ),
        (
            "2.天台县汽车零部件产业园项目：位于福溪街道，总投资25亿元，用地面积约420亩，"
            "建设标准厂房及配套设施，建设期限2024-2026年。"
        ),
        "二、基础设施项目",
        "3.104国道天台过境段改建工程：起于平桥镇，止于白鹤镇，全长18.6公里，总投资21亿元。",
        "三、社会民生项目",
        (
            "项目名称：天台县第二人民医院迁建工程；建设地点：赤城街道；建设内容：新建门诊楼、住院楼，"
            "床位500张；总投资：9.8亿元；建设年限：2023-2026年。"
        ),
        "● 天台县全民健身中心：位于始丰街道，总投资3亿元。",
    ]:
        d.add_paragraph(text)
    return d


def main() -> None:
    out = Path(sys.argv[1])
    for name, make in (("liandu", liandu), ("xiuzhou", xiuzhou), ("zhoushan", zhoushan),
                       ("lishui", lishui), ("tiantai", tiantai)):  # fmt: skip
        make().save(out / f"{name}.docx")


if __name__ == "__main__":
    main()
