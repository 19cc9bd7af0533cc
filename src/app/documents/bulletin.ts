import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import type { BulletinModel } from "../../contract/api/documents.js";
import { zhDay } from "../../core/supervise/zhDate.js";

/**
 * The 通报 as a .docx laid out the way offices print 公文 (GB/T 9704): A4, margins 37/35/28/26 mm, title in
 * 方正小标宋简体 二号, headings in 黑体 三号, body in 仿宋_GB2312 三号 on a fixed 28-point line, tables in 仿宋
 * 小四, page numbers "— 1 —" at the foot. Font names are the ones Chinese office machines carry; Word and WPS
 * fall back by themselves where one is missing.
 */
export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const FONT = { title: "方正小标宋简体", heading: "黑体", body: "仿宋_GB2312", sub: "楷体_GB2312" };
// Half-points: 二号 22pt, 三号 16pt, 小四 12pt.
const SIZE = { title: 44, body: 32, table: 24 };
const MM = 56.7; // twips per millimetre
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const run = (text: string, name: string, size: number, bold = false) =>
  new TextRun({ text, font: font(name), size, bold });

/** Scores without trailing zeros: 93.8, 100. */
const num = (n: number) => String(Math.round(n * 100) / 100);

function body(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, FONT.body, SIZE.body)],
    indent: { firstLine: 640 },
    spacing: LINE,
    alignment: AlignmentType.JUSTIFIED,
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    children: [run(text, FONT.heading, SIZE.body)],
    indent: { firstLine: 640 },
    spacing: LINE,
  });
}

function cell(text: string, opts: { header?: boolean; align?: "left" | "center"; width: number }): TableCell {
  return new TableCell({
    width: { size: opts.width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: opts.align === "left" ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(text, opts.header ? FONT.heading : FONT.body, SIZE.table)],
      }),
    ],
  });
}

interface Column {
  header: string;
  width: number;
  align?: "left" | "center";
}

function table(columns: Column[], rows: string[][]): Table {
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows: [
      new TableRow({
        tableHeader: true,
        children: columns.map((c) => cell(c.header, { header: true, width: c.width })),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((text, i) => {
              const c: Column = columns[i] ?? { header: "", width: 10 };
              return cell(text, { width: c.width, align: c.align ?? "center" });
            }),
          }),
      ),
    ],
  });
}

/** The document's paragraphs and tables, in reading order. */
function content(m: BulletinModel): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(m.title, FONT.title, SIZE.title)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 300, ...LINE },
      children: [run(`（截至${zhDay(m.asOf)}）`, FONT.sub, SIZE.body)],
    }),
    heading("一、总体情况"),
    body(m.lead),
    heading("二、各单位推进及考评情况"),
  ];
  if (m.departments.length === 0) out.push(body("本期无交办任务。"));
  else
    out.push(
      table(
        [
          { header: "名次", width: 9 },
          { header: "责任单位", width: 35, align: "left" },
          { header: "交办任务", width: 13 },
          { header: "已办结", width: 13 },
          { header: "逾期", width: 13 },
          { header: "考评得分", width: 17 },
        ],
        m.departments.map((d) => [
          String(d.rank),
          d.name,
          String(d.assigned),
          String(d.closed),
          String(d.overdue),
          num(d.score),
        ]),
      ),
    );

  out.push(heading("三、逾期未办结任务"));
  if (m.overdue.length === 0) out.push(body("本期无逾期未办结任务。"));
  else {
    out.push(
      body(`截至${zhDay(m.asOf)}，以下${m.overdue.length}项任务已超过完成时限仍未办结，请牵头单位抓紧办理。`),
    );
    out.push(
      table(
        [
          { header: "序号", width: 8 },
          { header: "重点任务", width: 47, align: "left" },
          { header: "牵头单位", width: 19, align: "left" },
          { header: "完成时限", width: 15 },
          { header: "逾期天数", width: 11 },
        ],
        m.overdue.map((o, i) => [
          String(i + 1),
          o.taskText,
          o.leadDepartment,
          zhDay(o.deadline),
          String(o.daysOverdue),
        ]),
      ),
    );
  }

  out.push(heading("四、工作亮点"));
  const { closedEarly, bestRanked } = m.highlights;
  if (bestRanked.length > 0)
    out.push(
      body(
        `考评排名靠前的单位：${bestRanked.map((b) => `${b.name}（第${b.rank}名，${num(b.score)}分）`).join("、")}。`,
      ),
    );
  for (const c of closedEarly)
    out.push(
      body(`${c.leadDepartment}提前${c.daysEarly}天办结“${c.taskText}”（${zhDay(c.closedOn)}办结）。`),
    );
  if (bestRanked.length === 0 && closedEarly.length === 0) out.push(body("本期暂无。"));

  out.push(
    body("请各责任单位对照本通报查摆问题，逾期任务限期办结，滞后任务加快推进。"),
    new Paragraph({ spacing: { before: 600, ...LINE }, children: [] }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 640 },
      children: [run(m.issuer, FONT.body, SIZE.body)],
    }),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 640 },
      children: [run(zhDay(m.issuedOn), FONT.body, SIZE.body)],
    }),
  );
  return out;
}

export async function renderBulletinDocx(m: BulletinModel): Promise<Buffer> {
  const doc = new Document({
    creator: "duban",
    title: m.title,
    styles: { default: { document: { run: { font: font(FONT.body), size: SIZE.body } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: font("宋体"), size: 28 }),
                ],
              }),
            ],
          }),
        },
        children: content(m),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** bulletin file name: 示例县2026年第一季度重点任务督办情况通报.docx */
export function bulletinFileName(m: BulletinModel): string {
  return `${m.title}.docx`;
}
