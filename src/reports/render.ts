import { escapeHtml, htmlPage } from '../core/index.js';
import { stringify } from 'csv-stringify/sync';

/**
 * Every report is a list of blocks rendered to Markdown, to a standalone HTML page, or to CSV
 * (its tables, each row prefixed by the section it belongs to), so the formats never say
 * different things.
 */

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; headers: string[]; rows: string[][] };

export const REPORT_FORMATS = ['json', 'md', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<Exclude<ReportFormat, 'json'>, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export function render(blocks: Block[], format: Exclude<ReportFormat, 'json'>, title: string): string {
  if (format === 'md') return toMarkdown(blocks);
  if (format === 'html') return toHtml(blocks, title);
  return toCsv(blocks);
}

export function toMarkdown(blocks: Block[]): string {
  const cell = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
  const out = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `${'#'.repeat(block.level)} ${block.text}`;
      case 'paragraph':
        return block.text;
      case 'list':
        return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${item}`).join('\n');
      default:
        return [
          `| ${block.headers.map(cell).join(' | ')} |`,
          `| ${block.headers.map(() => '---').join(' | ')} |`,
          ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
        ].join('\n');
    }
  });
  return `${out.join('\n\n')}\n`;
}

const STYLE = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; }
  main { max-width: 1000px; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.7rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
  h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #d0d7de; padding: .3rem .55rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  @media print { main { margin: 0; max-width: none; } }
`;

/** A standalone page: every text escaped, the CSS inline, nothing fetched. */
export function toHtml(blocks: Block[], title: string): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'heading':
        return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'list': {
        const tag = block.ordered ? 'ol' : 'ul';
        return `<${tag}>\n${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</${tag}>`;
      }
      default:
        return [
          '<table>',
          `<thead><tr>${block.headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
          '<tbody>',
          ...block.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
          '</tbody>',
          '</table>',
        ].join('\n');
    }
  });
  return htmlPage(title, STYLE, body);
}

/**
 * The tables of a report as one CSV: `section` (the heading above the table) then the table's
 * own columns; a table with other columns than the one before starts with its header row.
 */
export function toCsv(blocks: Block[]): string {
  const records: string[][] = [];
  let section = '';
  let headers: string | undefined;
  for (const block of blocks) {
    if (block.kind === 'heading') section = block.text;
    if (block.kind !== 'table') continue;
    const key = block.headers.join('\u0000');
    if (key !== headers) {
      records.push(['section', ...block.headers]);
      headers = key;
    }
    for (const row of block.rows) records.push([section, ...row]);
  }
  return stringify(records);
}
