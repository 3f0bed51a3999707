/**
 * support.html, the add-in's support page (the manifest's SupportUrl): the README's "Excel add-in" and
 * "Troubleshooting" sections as one self-contained HTML page, built with the add-in (webpack.config.js), so the
 * page says what the README says and is served wherever the add-in is (dev server or ADDIN_URL).
 *
 * The Markdown is the README's own subset: ## and ### headings, paragraphs, - and 1. lists (continuation lines
 * indented), ``` code blocks, | tables |, `code`, **bold**, _italic_, [links](url) and bare https:// links.
 */
const SECTIONS = ['Excel add-in', 'Troubleshooting'];

/** The text of the README's section `title` (its ## heading and everything up to the next ## heading). */
function section(readme, title) {
  const lines = readme.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${title}`);
  if (start < 0) throw new Error(`README.md has no "## ${title}" section (support.html shows it)`);
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

const escape = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Inline Markdown of one line of text (escaped first; code spans are kept as they are, even inside bold). */
function inline(text) {
  const codes = [];
  const marked = escape(text).replace(/`([^`]+)`/g, (_, code) => `\ue000${codes.push(code) - 1}\ue001`);
  return marked
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
    .replace(/(^|[\s(])(https:\/\/[^\s<)]+[^\s<).,;:])/g, '$1<a href="$2">$2</a>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])_([^_]+)_(?=$|[\s).,;:])/g, '$1<em>$2</em>')
    .replace(/\ue000(\d+)\ue001/g, (_, i) => `<code>${codes[Number(i)]}</code>`);
}

const slug = (title) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** One block starting at lines[i]: its HTML and the index after it. */
function block(lines, i) {
  const line = lines[i];
  const h = /^(#{2,3}) (.*)$/.exec(line);
  if (h) return [`<h${h[1].length} id="${slug(h[2])}">${inline(h[2])}</h${h[1].length}>`, i + 1];
  if (line.startsWith('```')) {
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith('```')) j++;
    return [`<pre><code>${escape(lines.slice(i + 1, j).join('\n'))}</code></pre>`, j + 1];
  }
  if (line.startsWith('|')) return table(lines, i);
  if (/^(- |\d+\. )/.test(line)) return list(lines, i);
  let j = i;
  while (j < lines.length && lines[j].trim() && !/^(#{2,3} |```|\||- |\d+\. )/.test(lines[j])) j++;
  return [`<p>${inline(lines.slice(i, j).join(' '))}</p>`, j];
}

function list(lines, i) {
  const ordered = /^\d+\. /.test(lines[i]);
  const items = [];
  let j = i;
  while (j < lines.length && (/^(- |\d+\. )/.test(lines[j]) || /^ {2,}\S/.test(lines[j]))) {
    if (/^(- |\d+\. )/.test(lines[j])) items.push(lines[j].replace(/^(- |\d+\. )/, ''));
    else items[items.length - 1] += ` ${lines[j].trim()}`;
    j++;
  }
  const tag = ordered ? 'ol' : 'ul';
  return [`<${tag}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${tag}>`, j];
}

function table(lines, i) {
  let j = i;
  const rows = [];
  for (; j < lines.length && lines[j].startsWith('|'); j++)
    if (!/^\|[\s:|-]+\|$/.test(lines[j].trim())) rows.push(lines[j].trim().slice(1, -1).split('|'));
  const cells = (row, tag) => row.map((c) => `<${tag}>${inline(c.trim())}</${tag}>`).join('');
  const [head, ...body] = rows;
  return [
    `<table><tr>${cells(head, 'th')}</tr>${body.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</table>`,
    j,
  ];
}

/** The page: the sections' HTML in a plain, readable layout. */
function supportPage(readme) {
  const lines = SECTIONS.flatMap((t) => [...section(readme, t), '']);
  const html = [];
  for (let i = 0; i < lines.length;) {
    if (!lines[i].trim()) i++;
    else {
      const [out, next] = block(lines, i);
      html.push(out);
      i = next;
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sales Goals and KPIs: help</title>
<style>body{font:15px/1.5 "Segoe UI",system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
pre{background:#f4f4f4;padding:.6rem;overflow:auto}code{font-family:Consolas,monospace}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}</style></head>
<body><h1>Sales Goals and KPIs: help</h1>
${html.join('\n')}
</body></html>
`;
}

module.exports = { supportPage, section, inline };
