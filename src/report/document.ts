import { _escapeHtml, _htmlPage, _markdownText } from './page.js';

/** A block of a follow-up document. */
export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'paragraph'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] }
  | {
      readonly type: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly numeric?: readonly boolean[];
      /**
       * Per row, another document of the same set its first cell links to: its path without an extension
       * (`evaluation-reports/S01-什刹海街道`), which the Markdown links as `.md` and the HTML as `.html`.
       */
      readonly links?: readonly (string | undefined)[];
    };

/** A document as blocks, rendered to Markdown and to HTML alike. */
export interface DocumentModel {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/**
 * Renders a document as Markdown.
 *
 * @param document - the document
 * @returns Markdown text
 */
export function documentToMarkdown(document: DocumentModel): string {
  // a document's texts are plain, names and reasons of the data among them: none of them is markup
  const cell = _markdownText;
  const out = [`# ${_markdownText(document.title)}`];
  for (const block of document.blocks) {
    out.push('');
    switch (block.type) {
      case 'heading':
        out.push(`## ${_markdownText(block.text)}`);
        break;
      case 'paragraph':
        // each line its own paragraph: Markdown would run single lines together
        out.push(block.text.split('\n').filter((line) => line.trim() !== '').map(_markdownText).join('\n\n'));
        break;
      case 'list':
        // one by one: a list spread into push overflows the stack past about 125,000 items
        for (const item of block.items) out.push(`- ${_markdownText(item)}`);
        break;
      case 'table':
        out.push(`| ${block.head.map(cell).join(' | ')} |`);
        out.push(`| ${block.head.map((_, i) => (block.numeric?.[i] ? '---:' : '---')).join(' | ')} |`);
        for (const [r, row] of block.rows.entries()) {
          const link = block.links?.[r];
          out.push(`| ${row.map((text, i) => (i === 0 && link !== undefined ? `[${cell(text)}](${_href(link, 'md')})` : cell(text))).join(' | ')} |`);
        }
        break;
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * Renders a document as one self-contained, printable HTML page.
 *
 * @param document - the document
 * @returns the HTML page
 */
export function documentToHtml(document: DocumentModel): string {
  return _documentHtml(document);
}

/**
 * {@link documentToHtml}, the page saying what made it.
 *
 * @param document - the document
 * @param generator - what made it (a follow-up document says {@link _REPORT_GENERATOR})
 * @returns the HTML page
 */
export function _documentHtml(document: DocumentModel, generator?: string): string {
  const body = document.blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `<h2>${_esc(block.text)}</h2>`;
        case 'paragraph':
          return block.text
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => `<p>${_esc(line)}</p>`)
            .join('');
        case 'list':
          return `<ul>${block.items.map((item) => `<li>${_esc(item)}</li>`).join('')}</ul>`;
        case 'table': {
          const head = block.head.map((text) => `<th>${_esc(text)}</th>`).join('');
          const rows = block.rows
            .map((row, r) => {
              const link = block.links?.[r];
              const content = (text: string, i: number) => (i === 0 && link !== undefined ? `<a href="${_esc(_href(link, 'html'))}">${_esc(text)}</a>` : _esc(text));
              return `<tr>${row.map((text, i) => `<td${block.numeric?.[i] ? ' class="num"' : ''}>${content(text, i)}</td>`).join('')}</tr>`;
            })
            .join('');
          return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
        }
      }
    })
    .join('\n');
  return _htmlPage(document.title, STYLE, `<h1>${_esc(document.title)}</h1>\n${body}`, generator);
}

const _esc = _escapeHtml;

/**
 * A relative link to a document of the same set, each segment of its path encoded (`#`, `%`, `=`), its
 * parentheses too, which would end a Markdown link's destination.
 */
function _href(path: string, extension: 'md' | 'html'): string {
  const segment = (part: string) => encodeURIComponent(part).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${path.split('/').map(segment).join('/')}.${extension}`;
}

const STYLE = `
:root{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1d232b}
body{margin:0 auto;max-width:900px;padding:16px;line-height:1.7}h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #e3e6ea;margin-top:1.6em}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.9rem;width:100%}th,td{border:1px solid #d5d9de;padding:3px 8px;text-align:left}th{background:#f6f7f9}td.num{text-align:right;font-variant-numeric:tabular-nums}
@media print{body{max-width:none}h2{break-after:avoid}tr{break-inside:avoid}.scroll{overflow:visible}}
`;
