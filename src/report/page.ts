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
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kaoping">
<title>${_escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
