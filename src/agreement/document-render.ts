import { escapeHtml, htmlPage } from '../core/index.js';

export { escapeHtml };
/**
 * The SLA document as a small structure of blocks, rendered to Markdown or to a standalone
 * HTML page from the same blocks, so the two never say different things.
 */

export type Span = string | { strong: string } | { em: string };

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; spans: Span[] }
  | { kind: 'quote'; text: string }
  | { kind: 'list'; items: Span[][] }
  | { kind: 'table'; headers: string[]; rows: string[][] };

export const DOCUMENT_FORMATS = ['md', 'html'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

// ---- Markdown

export function toMarkdown(blocks: Block[]): string {
  return `${blocks.map(markdownBlock).join('\n\n')}\n`;
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${block.text}`;
    case 'paragraph':
      return markdownSpans(block.spans);
    case 'quote':
      return `> ${block.text}`;
    case 'list':
      return block.items.map((item) => `- ${markdownSpans(item)}`).join('\n');
    case 'table': {
      const cell = (text: string) =>
        text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
      return [
        `| ${block.headers.join(' | ')} |`,
        `| ${block.headers.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
      ].join('\n');
    }
  }
}

function markdownSpans(spans: Span[]): string {
  return spans
    .map((span) =>
      typeof span === 'string' ? span : 'strong' in span ? `**${span.strong}**` : `_${span.em}_`,
    )
    .join('');
}

// ---- HTML

const STYLE = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; }
  main { max-width: 960px; margin: 2rem auto; padding: 0 1.5rem; }
  h1 { font-size: 1.8rem; border-bottom: 2px solid #d0d7de; padding-bottom: .3rem; }
  h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
  th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
  th { background: #f6f8fa; }
  blockquote { margin: 0; padding: .2rem 1rem; border-left: 4px solid #d0d7de; color: #59636e; }
  @media print { main { margin: 0; max-width: none; } }
`;

/** A complete standalone page: every text escaped, the CSS inline, nothing fetched. */
export function toHtml(blocks: Block[], title: string): string {
  return htmlPage(title, STYLE, [...blocks.map(htmlBlock)]);
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${htmlSpans(block.spans)}</p>`;
    case 'quote':
      return `<blockquote><p>${escapeHtml(block.text)}</p></blockquote>`;
    case 'list':
      return `<ul>\n${block.items.map((item) => `<li>${htmlSpans(item)}</li>`).join('\n')}\n</ul>`;
    case 'table':
      return [
        '<table>',
        `<thead><tr>${block.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...block.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
        '</tbody>',
        '</table>',
      ].join('\n');
  }
}

function htmlSpans(spans: Span[]): string {
  return spans
    .map((span) =>
      typeof span === 'string'
        ? escapeHtml(span)
        : 'strong' in span
          ? `<strong>${escapeHtml(span.strong)}</strong>`
          : `<em>${escapeHtml(span.em)}</em>`,
    )
    .join('');
}
