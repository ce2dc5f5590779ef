/** What a page kaoping writes says made it. */
const _GENERATOR = 'kaoping';

/**
 * What a follow-up document (`kaoping report`'s) says made it: the command removes a document with this mark that
 * an earlier report left in its folder, and no other file.
 */
export const _REPORT_GENERATOR = 'kaoping report';

/**
 * A text as Markdown shows it as it is: the characters Markdown or the HTML it may hold read as markup (`*`, `_`,
 * `[`, `<`, `&`, `|`, …) escaped with a backslash, a line break made a space, and a start that would begin a
 * heading, a list or a rule (`## `, `- `, `1. `, `---`) escaped; numbers (`95.64`, `-1.40`) are left as they are. A unit's name such as `<img src=x onerror=…>` or `[x](http://…)` stays text.
 *
 * @param text - any text
 * @returns the text, escaped
 */
export function _markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, (character) => `\\${character}`)
    .replace(/\r\n?|\n/g, ' ')
    .replace(/^(?:#{1,6}|[+-])(?=\s|$)|^[=-](?=[\s=-]*$)/, (start) => `\\${start}`)
    .replace(/^(\d+)([.)])(?=\s|$)/, (_, digits: string, mark: string) => `${digits}\\${mark}`);
}

/** A change as reports print it: with its sign, `+1.02` or `-0.50`; nothing for none. */
export function _signedChange(change: string | null): string {
  return change === null ? '' : change.startsWith('-') ? change : `+${change}`;
}

/**
 * Escapes text for HTML.
 *
 * @param text - any text
 * @returns the text with &, <, > and " escaped
 */
export function _escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * One self-contained HTML page in Chinese: the document shell every report shares.
 *
 * @param title - the page title (escaped here)
 * @param style - the page's CSS
 * @param body - the page's body, already HTML
 * @param generator - what the page says made it
 * @returns the page
 */
export function _htmlPage(title: string, style: string, body: string, generator = _GENERATOR): string {
  const [head, tail] = _htmlPageParts(title, style, generator);
  return `${head}${body}${tail}`;
}

/**
 * The shell of {@link _htmlPage} as the text before the body and the text after it, for a page written in pieces.
 *
 * @param title - the page title (escaped here)
 * @param style - the page's CSS
 * @param generator - what the page says made it
 * @returns the two parts
 */
export function _htmlPageParts(title: string, style: string, generator = _GENERATOR): readonly [head: string, tail: string] {
  return [
    `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${generator}">
<title>${_escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
`,
    `
</body>
</html>
`,
  ];
}
