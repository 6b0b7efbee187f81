import PDFDocument from 'pdfkit';
import type { BoardPackFigures } from './board-pack-figures.js';

/** GOV.UK colours and a plain sans type scale (Helvetica: built into every PDF reader, nothing to embed). */
const C = { text: '#0b0c0c', secondary: '#505a5f', border: '#b1b4b6', blue: '#1d70b8', darkBlue: '#003078', green: '#00703c', red: '#d4351c', orange: '#f47738', light: '#f3f2f1' };
const F = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const MARGIN = 56;
const PAGE = { width: 595.28, height: 841.89 };
const WIDTH = PAGE.width - 2 * MARGIN;
const LEVEL_COLOURS = { aggregate: C.blue, record: C.orange, identifiable: C.red } as const;

type Doc = PDFKit.PDFDocument;

interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

/**
 * Draws the IMB board pack: a cover summary, then access, disclosure control, loads and ASB trends,
 * each with a table and, where it helps, a chart drawn as vector paths. Returns the PDF and its page count.
 */
export async function renderBoardPack(f: BoardPackFigures): Promise<{ pdf: Buffer; pages: number }> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: MARGIN + 20, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: `Information Management Board pack ${f.quarter.label}`, Author: 'Community Safety Hub', Subject: 'Access, disclosure control, loads and ASB trends' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  cover(doc, f);
  accessSection(doc, f);
  disclosureSection(doc, f);
  loadsSection(doc, f);
  trendsSection(doc, f);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    marking(doc, i - range.start + 1, range.count);
  }
  doc.end();
  return { pdf: await done, pages: range.count };
}

function cover(doc: Doc, f: BoardPackFigures): void {
  doc.rect(0, 0, PAGE.width, 60).fill(C.text);
  doc.fillColor('#ffffff').font(F.bold).fontSize(18).text('Community Safety Hub', MARGIN, 22, { lineBreak: false });
  doc.rect(0, 60, PAGE.width, 8).fill(C.blue);
  doc.x = MARGIN;
  doc.y = 110;
  doc.fillColor(C.secondary).font(F.regular).fontSize(19).text(`Quarter ${f.quarter.label.replace('-Q', ', Q')}`);
  doc.moveDown(0.2);
  doc.fillColor(C.text).font(F.bold).fontSize(32).text('Information Management Board pack', { width: WIDTH });
  doc.moveDown(0.6);
  const until = new Date(Math.min(f.quarter.to.getTime() - 86_400_000, f.generatedAt.getTime()));
  body(doc, `Prepared for ${f.preparedFor} on ${day(f.generatedAt)}. Access figures are as at that date; loads and disclosure control cover ${day(f.quarter.from)} to ${day(until)}.`);
  doc.moveDown(1);
  const cards = [
    { label: 'live grants', value: f.access.summary.live },
    { label: `unused for ${f.access.unusedDays} days`, value: f.access.summary.unused },
    { label: `ending within ${f.access.expiringDays} days`, value: f.access.summary.expiringSoon },
    { label: 'new agreements', value: f.access.newAgreements.length },
  ];
  const cardWidth = (WIDTH - 3 * 12) / 4;
  const top = doc.y;
  cards.forEach((card, i) => {
    const x = MARGIN + i * (cardWidth + 12);
    doc.rect(x, top, cardWidth, 78).fill(C.light);
    doc.rect(x, top, 4, 78).fill(C.blue);
    doc.fillColor(C.text).font(F.bold).fontSize(28).text(String(card.value), x + 14, top + 12, { width: cardWidth - 20, lineBreak: false });
    doc.font(F.regular).fontSize(11).text(card.label, x + 14, top + 48, { width: cardWidth - 20 });
  });
  doc.x = MARGIN;
  doc.y = top + 100;
  h2(doc, 'In this pack');
  for (const [n, title] of ['Access review', 'Disclosure control', 'Loads per partner', 'ASB trends by district'].entries()) body(doc, `${n + 1}. ${title}`);
  doc.moveDown(1);
  doc.fillColor(C.secondary).font(F.regular).fontSize(11).text('ASB figures are as released to the reader: counts under aggregate access are perturbed and small counts withheld, as in the hub. No person is named in this pack.', { width: WIDTH });
}

function accessSection(doc: Doc, f: BoardPackFigures): void {
  doc.addPage();
  h1(doc, '1. Access review');
  const a = f.access.summary;
  body(doc, `Live grants: ${a.live}. Unused for ${f.access.unusedDays} days: ${a.unused}. Ending within ${f.access.expiringDays} days: ${a.expiringSoon}. Accounts with access that have not signed in recently: ${a.inactiveAccounts}.`);
  h2(doc, 'Live grants by organisation and level');
  if (f.access.byOrganisation.length === 0) body(doc, 'No live grants.');
  else {
    stackedBars(doc, f.access.byOrganisation.map((r) => ({ label: r.organisation, parts: [r.aggregate, r.record, r.identifiable] })), ['Aggregate', 'Record', 'Identifiable'], [LEVEL_COLOURS.aggregate, LEVEL_COLOURS.record, LEVEL_COLOURS.identifiable]);
    table(doc, [{ label: 'Organisation', width: 231 }, { label: 'Aggregate', width: 80, align: 'right' }, { label: 'Record', width: 80, align: 'right' }, { label: 'Identifiable', width: 92, align: 'right' }], f.access.byOrganisation.map((r) => [r.organisation, String(r.aggregate), String(r.record), String(r.identifiable)]));
  }
  h2(doc, `Unused grants (not used for ${f.access.unusedDays} days)`);
  grantTable(doc, f.access.unused, 'Last used', 'None.');
  h2(doc, `Grants ending within ${f.access.expiringDays} days`);
  grantTable(doc, f.access.expiring, 'Ends', 'None.');
  h2(doc, 'New agreements this quarter');
  if (f.access.newAgreements.length === 0) body(doc, 'None.');
  else table(doc, [{ label: 'Agreement', width: 243 }, { label: 'Parties', width: 60, align: 'right' }, { label: 'Starts', width: 90, align: 'right' }, { label: 'Ends', width: 90, align: 'right' }], f.access.newAgreements.map((a) => [a.title, String(a.parties), shortDay(new Date(a.startsAt)), shortDay(new Date(a.endsAt))]));
}

function grantTable(doc: Doc, rows: BoardPackFigures['access']['unused'], dateLabel: string, none: string): void {
  if (rows.length === 0) return body(doc, none);
  table(doc, [{ label: 'Organisation', width: 170 }, { label: 'Dataset', width: 163 }, { label: 'Level', width: 70 }, { label: dateLabel, width: 80, align: 'right' }], rows.map((r) => [r.organisation, r.dataset, r.level, r.date ? shortDay(r.date) : 'never']));
}

function disclosureSection(doc: Doc, f: BoardPackFigures): void {
  doc.addPage();
  h1(doc, '2. Disclosure control');
  const d = f.disclosure;
  body(doc, `Answers to organisations with aggregate access are ${d.method === 'perturbation' ? 'perturbed' : 'rounded'}, and counts below ${d.threshold} are withheld. Each organisation may ask each protected dataset ${d.dailyQuestions} different questions a day. Today ${d.flaggedToday} organisation and dataset pair${d.flaggedToday === 1 ? ' is' : 's are'} flagged for many questions of one shape.`);
  h2(doc, 'Use this quarter, by organisation');
  if (d.rows.length === 0) return body(doc, 'No answers under disclosure control this quarter.');
  bars(doc, d.rows.map((r) => ({ label: r.organisation, value: r.protectedAnswers })), C.blue, 'Answers under disclosure control');
  table(doc, [{ label: 'Organisation', width: 213 }, { label: 'Answers', width: 90, align: 'right' }, { label: 'Cells withheld', width: 90, align: 'right' }, { label: 'Budget refusals', width: 90, align: 'right' }], d.rows.map((r) => [r.organisation, String(r.protectedAnswers), String(r.cellsWithheld), String(r.budgetRefusals)]));
}

function loadsSection(doc: Doc, f: BoardPackFigures): void {
  doc.addPage();
  h1(doc, '3. Loads per partner');
  if (f.loads.length === 0) return body(doc, 'No loads this quarter.');
  body(doc, 'Loads finished this quarter by the partner that owns each dataset.');
  stackedBars(doc, f.loads.map((r) => ({ label: r.partner, parts: [r.succeeded, r.failed, r.rolledBack] })), ['Succeeded', 'Failed', 'Rolled back'], [C.green, C.red, C.secondary]);
  table(doc, [{ label: 'Partner', width: 163 }, { label: 'Succeeded', width: 64, align: 'right' }, { label: 'Failed', width: 52, align: 'right' }, { label: 'Rolled back', width: 64, align: 'right' }, { label: 'Rows loaded', width: 70, align: 'right' }, { label: 'Rejected', width: 70, align: 'right' }], f.loads.map((r) => [r.partner, String(r.succeeded), String(r.failed), String(r.rolledBack), thousands(r.rowsLoaded), thousands(r.rowsRejected)]));
}

function trendsSection(doc: Doc, f: BoardPackFigures): void {
  doc.addPage();
  h1(doc, '4. ASB trends by district');
  const t = f.trends;
  if (!t.month || t.rows.length === 0) return body(doc, 'No ASB figures the reader may see.');
  body(doc, `Anti-social behaviour in ${t.month}, against the usual level (the mean of the months before). A district is marked when the month is above its usual range by the emerging-trend test.${t.released ? ' Figures are released under disclosure control; a withheld figure is shown as “withheld”.' : ''}`);
  trendBars(doc, t.rows);
  table(doc, [{ label: 'District', width: 203 }, { label: t.month, width: 90, align: 'right' }, { label: 'Usual', width: 90, align: 'right' }, { label: 'Rising', width: 100, align: 'right' }], t.rows.map((r) => [r.district, r.latest === null ? 'withheld' : thousands(r.latest), r.expected === null ? '-' : r.expected.toFixed(1), r.flagged ? 'yes' : '']));
}

// ---- type and tables ----

function h1(doc: Doc, text: string): void {
  doc.fillColor(C.text).font(F.bold).fontSize(24).text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.5);
}

function h2(doc: Doc, text: string): void {
  room(doc, 60);
  doc.moveDown(0.6);
  doc.fillColor(C.text).font(F.bold).fontSize(16).text(text, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3);
}

function body(doc: Doc, text: string): void {
  doc.fillColor(C.text).font(F.regular).fontSize(12).text(text, MARGIN, doc.y, { width: WIDTH, lineGap: 2 });
  doc.moveDown(0.3);
}

function table(doc: Doc, columns: Column[], rows: string[][]): void {
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? F.bold : F.regular).fontSize(10);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i].width - 6 }))) + 8;
    room(doc, height + 2);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(C.text).text(c, x + (columns[i].align === 'right' ? 0 : 0), y + 4, { width: columns[i].width - 6, align: columns[i].align ?? 'left' });
      x += columns[i].width;
    });
    doc.moveTo(MARGIN, y + height).lineTo(MARGIN + WIDTH, y + height).lineWidth(bold ? 1.5 : 0.5).strokeColor(bold ? C.text : C.border).stroke();
    doc.x = MARGIN;
    doc.y = y + height + 1;
  };
  row(columns.map((c) => c.label), true);
  for (const r of rows) row(r, false);
  doc.moveDown(0.5);
}

// ---- charts, drawn as vector paths ----

const LABEL_WIDTH = 150;

function bars(doc: Doc, data: { label: string; value: number }[], colour: string, axis: string): void {
  stackedBars(doc, data.map((d) => ({ label: d.label, parts: [d.value] })), [axis], [colour]);
}

function stackedBars(doc: Doc, data: { label: string; parts: number[] }[], names: string[], colours: string[]): void {
  const shown = data.slice(0, 20);
  const barH = 14;
  const gap = 6;
  const height = shown.length * (barH + gap) + 40;
  room(doc, height);
  const top = doc.y + 4;
  const max = Math.max(1, ...shown.map((d) => d.parts.reduce((a, b) => a + b, 0)));
  const scale = niceMax(max);
  const plotW = WIDTH - LABEL_WIDTH - 10;
  gridlines(doc, top, shown.length * (barH + gap), scale, plotW);
  shown.forEach((d, i) => {
    const y = top + i * (barH + gap);
    doc.fillColor(C.text).font(F.regular).fontSize(9).text(truncate(d.label, 30), MARGIN, y + 3, { width: LABEL_WIDTH - 8, align: 'right', lineBreak: false });
    let x = MARGIN + LABEL_WIDTH;
    d.parts.forEach((v, j) => {
      const w = (v / scale) * plotW;
      if (w > 0) doc.rect(x, y, w, barH).fill(colours[j]);
      x += w;
    });
  });
  legend(doc, top + shown.length * (barH + gap) + 16, names, colours);
  doc.x = MARGIN;
  doc.y = top + height;
}

function trendBars(doc: Doc, rows: BoardPackFigures['trends']['rows']): void {
  const shown = rows.slice(0, 20);
  const barH = 14;
  const gap = 6;
  const height = shown.length * (barH + gap) + 40;
  room(doc, height);
  const top = doc.y + 4;
  const scale = niceMax(Math.max(1, ...shown.map((r) => Math.max(r.latest ?? 0, r.expected ?? 0))));
  const plotW = WIDTH - LABEL_WIDTH - 10;
  gridlines(doc, top, shown.length * (barH + gap), scale, plotW);
  shown.forEach((r, i) => {
    const y = top + i * (barH + gap);
    doc.fillColor(C.text).font(F.regular).fontSize(9).text(truncate(r.district, 30), MARGIN, y + 3, { width: LABEL_WIDTH - 8, align: 'right', lineBreak: false });
    if (r.latest !== null) doc.rect(MARGIN + LABEL_WIDTH, y, (r.latest / scale) * plotW, barH).fill(r.flagged ? C.red : C.blue);
    if (r.expected !== null) {
      const x = MARGIN + LABEL_WIDTH + (r.expected / scale) * plotW;
      doc.moveTo(x, y - 2).lineTo(x, y + barH + 2).lineWidth(2).strokeColor(C.text).stroke();
    }
  });
  legend(doc, top + shown.length * (barH + gap) + 16, ['Latest month', 'Rising', 'Usual level (line)'], [C.blue, C.red, C.text]);
  doc.x = MARGIN;
  doc.y = top + height;
}

function gridlines(doc: Doc, top: number, height: number, scale: number, plotW: number): void {
  for (let k = 0; k <= 4; k++) {
    const x = MARGIN + LABEL_WIDTH + (k / 4) * plotW;
    doc.moveTo(x, top - 2).lineTo(x, top + height).lineWidth(0.5).strokeColor(k === 0 ? C.text : C.border).stroke();
    doc.fillColor(C.secondary).font(F.regular).fontSize(8).text(thousands((scale * k) / 4), x - 20, top + height + 2, { width: 40, align: 'center', lineBreak: false });
  }
}

function legend(doc: Doc, y: number, names: string[], colours: string[]): void {
  let x = MARGIN + LABEL_WIDTH;
  names.forEach((name, i) => {
    doc.rect(x, y, 10, 10).fill(colours[i]);
    doc.fillColor(C.text).font(F.regular).fontSize(9).text(name, x + 14, y + 1, { lineBreak: false });
    x += 14 + doc.widthOfString(name) + 18;
  });
}

/** OFFICIAL marking at the top and bottom of every page (Government Security Classifications), and the page number. */
function marking(doc: Doc, page: number, pages: number): void {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.fillColor(page === 1 ? '#ffffff' : C.text).font(F.bold).fontSize(10).text('OFFICIAL', 0, page === 1 ? 26 : 30, { width: PAGE.width - MARGIN, align: 'right', lineBreak: false });
  doc.fillColor(C.text).font(F.bold).fontSize(10).text('OFFICIAL', MARGIN, PAGE.height - 36, { lineBreak: false });
  doc.fillColor(C.secondary).font(F.regular).fontSize(10).text(`Page ${page} of ${pages}`, 0, PAGE.height - 36, { width: PAGE.width - MARGIN, align: 'right', lineBreak: false });
  doc.page.margins.bottom = bottom;
}

/** Starts a new page when less than `height` is left. */
function room(doc: Doc, height: number): void {
  if (doc.y + height > PAGE.height - MARGIN - 10) {
    doc.addPage();
    doc.y = MARGIN + 20;
  }
}

/** The axis end: four whole, round steps that reach `max` (counts have no fractions). */
function niceMax(max: number): number {
  const raw = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= raw)!;
  return 4 * Math.max(1, Math.round(step));
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-GB');
}

function day(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

function shortDay(d: Date): string {
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });
}
