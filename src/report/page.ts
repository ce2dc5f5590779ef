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
 * @returns the page
 */
export function _htmlPage(title: string, style: string, body: string): string {
  const [head, tail] = _htmlPageParts(title, style);
  return `${head}${body}${tail}`;
}

/**
 * The shell of {@link _htmlPage} as the text before the body and the text after it, for a page written in pieces.
 *
 * @param title - the page title (escaped here)
 * @param style - the page's CSS
 * @returns the two parts
 */
export function _htmlPageParts(title: string, style: string): readonly [head: string, tail: string] {
  return [
    `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kaoping">
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
