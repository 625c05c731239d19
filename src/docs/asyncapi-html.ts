/**
 * openapi/asyncapi.json rendered as one self-contained HTML page (no script, no CDN): a table
 * of contents, then per subscription its channel, description, routing, the subscribe message
 * and a pushed frame with their examples, and the payload schemas as collapsible JSON.
 */

type Obj = Record<string, unknown>;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `code` spans of Markdown-ish text as <code>, the rest escaped. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

function resolve(doc: Obj, ref: string): Obj {
  let at: unknown = doc;
  for (const part of ref.slice(2).split("/")) at = (at as Obj | undefined)?.[part];
  return (at ?? {}) as Obj;
}

const deref = (doc: Obj, v: Obj): Obj => (typeof v.$ref === "string" ? deref(doc, resolve(doc, v.$ref)) : v);

function schemaNames(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => schemaNames(x, out));
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string" && x.startsWith("#/components/schemas/")) out.add(x.slice("#/components/schemas/".length));
      else schemaNames(x, out);
    }
  return out;
}

const pre = (v: unknown): string => `<pre><code>${escapeHtml(JSON.stringify(v, null, 2))}</code></pre>`;

function messageSection(doc: Obj, title: string, message: Obj): string {
  const examples = (message.examples as { name?: string; payload: unknown }[] | undefined) ?? [];
  const refs = [...schemaNames(message.payload)];
  return `<h4>${escapeHtml(title)}</h4>
<p>${inline(String(message.summary ?? ""))}</p>
${examples.map((e) => `<p class="label">Example${e.name ? ` (${escapeHtml(e.name)})` : ""}</p>${pre(e.payload)}`).join("\n")}
<details><summary>Payload schema</summary>${pre(message.payload)}${refs.map((r) => `<p><a href="#schema-${escapeHtml(r)}">${escapeHtml(r)}</a></p>`).join("")}</details>`;
}

/** The page; `links` go in the header (e.g. to Swagger UI, ReDoc and the API reference). */
export function renderAsyncApiHtml(doc: Obj, links: { href: string; text: string }[] = []): string {
  const info = doc.info as { title: string; version: string; description?: string };
  const channels = doc.channels as Record<string, Obj>;
  const servers = doc.servers as Record<string, { host: string; pathname: string; protocol: string; description?: string }>;
  const schemas = ((doc.components as Obj | undefined)?.schemas ?? {}) as Record<string, unknown>;
  const ids = Object.keys(channels).sort();
  const sections = ids.map((id) => {
    const c = channels[id]!;
    const messages = c.messages as Record<string, Obj>;
    return `<section id="channel-${escapeHtml(id)}" class="channel">
<h3>${escapeHtml(id)} <span class="address">channel <code>${escapeHtml(String(c.address))}</code></span></h3>
<p>${inline(String(c.description ?? ""))}</p>
${messageSection(doc, "Subscribe (send)", deref(doc, messages.subscribe!))}
${messageSection(doc, "Pushed frame (receive)", deref(doc, messages.data!))}
</section>`;
  });
  const schemaSections = Object.keys(schemas)
    .sort()
    .map((name) => `<section id="schema-${escapeHtml(name)}"><h4>${escapeHtml(name)}</h4>${pre(schemas[name])}</section>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} (AsyncAPI)</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; display: flex; color: #1f2328; }
nav.toc { width: 260px; flex: none; height: 100vh; overflow-y: auto; position: sticky; top: 0; background: #f6f8fa; padding: 1rem; box-sizing: border-box; }
nav.toc a { display: block; padding: 2px 0; color: #0969da; text-decoration: none; font-size: 14px; }
main { padding: 1rem 2rem; max-width: 1000px; min-width: 0; }
header a { margin-right: 1rem; }
pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; font-size: 13px; }
.channel { border-top: 1px solid #d0d7de; margin-top: 1.5rem; }
.address { font-weight: normal; font-size: 14px; color: #59636e; }
.label { font-weight: 600; margin-bottom: 0; }
</style>
</head>
<body>
<nav class="toc" aria-label="Channels"><strong>Channels</strong>
${ids.map((id) => `<a href="#channel-${escapeHtml(id)}">${escapeHtml(id)}</a>`).join("\n")}
<strong>Schemas</strong> <a href="#schemas">all message schemas</a>
</nav>
<main>
<header>${links.map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a>`).join("")}</header>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)} · AsyncAPI ${escapeHtml(String(doc.asyncapi))}</small></h1>
<p>${inline(info.description ?? "")}</p>
<h2>Servers</h2>
<ul>${Object.entries(servers)
    .map(
      ([name, s]) =>
        `<li><strong>${escapeHtml(name)}</strong>: <code>${escapeHtml(`${s.protocol}://${s.host}${s.pathname}`)}</code> ${escapeHtml(s.description ?? "")}</li>`,
    )
    .join("")}</ul>
<h2>Subscriptions (${ids.length})</h2>
${sections.join("\n")}
<h2 id="schemas">Schemas</h2>
${schemaSections.join("\n")}
</main>
</body>
</html>
`;
}
