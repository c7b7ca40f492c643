import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { REDACTION_MARK } from '../../../../shared/disclose.js';
import { summaryLine, themeLine, type CodebookRow, type ThemeSection, type ThemesSummary } from './model.js';

/**
 * The theme summary as a Word document (.docx), laid out for pasting into a manuscript: Word's
 * own heading styles (so the navigation pane and a table of contents work), quotes as indented
 * italic paragraphs with their attribution, and the codebook as a table in an appendix.
 */

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];
/** Half an inch, in twentieths of a point. */
const QUOTE_INDENT = 720;

function text(s: string, style: { bold?: boolean; italics?: boolean } = {}): TextRun {
  return new TextRun({ text: s, ...style });
}

/**
 * Text as runs, a redaction mark as a black-shaded run: blacked out on screen and in print, as a
 * redacted document is, while the mark itself carries none of the redacted words.
 */
function runs(s: string, style: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  if (!s.includes(REDACTION_MARK)) return [text(s, style)];
  return s
    .split(new RegExp(`(${REDACTION_MARK})`, 'u'))
    .filter(Boolean)
    .map((part) =>
      part === REDACTION_MARK
        ? new TextRun({ text: part, ...style, color: '000000', shading: { type: ShadingType.SOLID, color: '000000', fill: '000000' } })
        : text(part, style),
    );
}

function para(children: ParagraphChild[], spacingAfter = 120): Paragraph {
  return new Paragraph({ children, spacing: { after: spacingAfter } });
}

function definitionParagraphs(definition: string): Paragraph[] {
  return definition
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))
    .filter(Boolean)
    .map((p) => para(runs(p)));
}

function themeBlock(out: (Paragraph | Table)[], t: ThemeSection, number: string, depth: number): void {
  out.push(new Paragraph({ text: `${number} ${t.name}`, heading: HEADINGS[Math.min(depth + 1, HEADINGS.length - 1)] }));
  out.push(para([text(themeLine(t, depth > 0), { italics: true })]));
  if (t.centralConcept.trim()) {
    out.push(para([text('Central organising concept: ', { bold: true }), ...runs(t.centralConcept.trim())]));
  }
  out.push(...definitionParagraphs(t.definition));
  for (const q of t.quotes) {
    out.push(
      new Paragraph({
        children: runs(`“${q.text}”`, { italics: true }),
        indent: { left: QUOTE_INDENT, right: QUOTE_INDENT },
        spacing: { after: 40 },
      }),
      new Paragraph({
        children: [text(`— ${q.attribution}`)],
        indent: { left: QUOTE_INDENT, right: QUOTE_INDENT },
        spacing: { after: 160 },
      }),
    );
  }
  if (t.codes.length) {
    out.push(para([text('Codes: ', { bold: true }), text(t.codes.map((c) => `${c.name} (${c.codings})`).join('; '))]));
  }
  t.subthemes.forEach((s, i) => themeBlock(out, s, `${number}${i + 1}.`, depth + 1));
}

function cell(value: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: runs(value.trim() || '—', { bold }) })] });
}

const COLUMNS = ['Code', 'Theme', 'Definition', 'Inclusion and exclusion', 'Codings (groups)'];

function codebookTable(rows: CodebookRow[]): Table {
  const criteria = (c: CodebookRow) =>
    [c.inclusion.trim() && `Include: ${c.inclusion.trim()}`, c.exclusion.trim() && `Exclude: ${c.exclusion.trim()}`]
      .filter(Boolean)
      .join(' ');
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: COLUMNS.map((c) => cell(c, true)) }),
      ...rows.map(
        (c) =>
          new TableRow({
            children: [
              cell(`${'\u2003'.repeat(c.depth)}${c.name}`),
              cell(c.theme),
              cell(c.definition),
              cell(criteria(c)),
              cell(`${c.codings} (${c.documents})`),
            ],
          }),
      ),
    ],
  });
}

export async function themesDocx(s: ThemesSummary): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    new Paragraph({ text: `Themes: ${s.title}`, heading: HeadingLevel.TITLE }),
    para([text(summaryLine(s), { italics: true })], 240),
  ];
  if (s.themes.length === 0) body.push(para([text('No themes yet.', { italics: true })]));
  s.themes.forEach((t, i) => themeBlock(body, t, `${i + 1}.`, 0));
  body.push(new Paragraph({ text: 'Appendix: codebook', heading: HeadingLevel.HEADING_1, pageBreakBefore: true }));
  body.push(s.codebook.length ? codebookTable(s.codebook) : para([text('No codes yet.', { italics: true })]));
  const doc = new Document({
    title: `Themes: ${s.title}`,
    creator: 'Chorus',
    description: summaryLine(s),
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}
