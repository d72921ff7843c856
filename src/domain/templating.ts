/**
 * DM templates: `{{name}}`, `{{ name }}` and `{{name|fallback}}`. Rendering is all or nothing: a DM
 * that reads "Hey {{name}}" or "Hey undefined" is worse than one not sent, so any missing or
 * malformed placeholder fails the whole render instead of leaving a hole.
 */

export type TemplateVariables = Readonly<Record<string, string | number | null | undefined>>;

export type RenderResult =
  { ok: true; text: string } | { ok: false; missing: string[]; invalid: string[]; message: string };

const CONTENT = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^}]*))?$/;
// What a careless export or string concatenation leaves behind for "no value".
const EMPTY_WORDS = new Set(['undefined', 'null']);

interface Placeholder {
  /** Where it starts and ends in the template. */
  index: number;
  end: number;
  raw: string;
  name: string | null; // null: not a valid placeholder
  fallback: string | null;
}

function parse(index: number, end: number, raw: string, content: string | undefined): Placeholder {
  const match = content === undefined ? null : CONTENT.exec(content);
  if (!match?.[1]) return { index, end, raw, name: null, fallback: null };
  // The fallback is literal text; only the padding before `}}` is dropped, as around the name.
  return { index, end, raw, name: match[1], fallback: match[2] === undefined ? null : match[2].trim() };
}

/** The value as it will appear in the DM, or null when it counts as missing. */
function present(variables: TemplateVariables, name: string): string | null {
  // Own properties only: a template must not reach `constructor` or `__proto__` on the object.
  const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const trimmed = value.trim();
  return trimmed === '' || EMPTY_WORDS.has(trimmed.toLowerCase()) ? null : value;
}

/**
 * Every placeholder, left to right: from `{{` to the first `}` after it, which must be the start of
 * `}}`; a lone `{{` with no closing is caught too, because it is almost always a typo that would
 * otherwise go out verbatim. One pass: the first `}` ahead is found once for all the `{{` before it
 * (`/\{\{([^}]*)\}\}|\{\{/g` looked for it again from every `{{`, quadratic on "{{{{{{…").
 */
function placeholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  let close = -1;
  for (let open = template.indexOf('{{'); open !== -1;) {
    if (close < open + 2) close = indexOrEnd(template, '}', open + 2);
    const p =
      template[close + 1] === '}'
        ? parse(open, close + 2, template.slice(open, close + 2), template.slice(open + 2, close))
        : parse(open, open + 2, clip(template, open), undefined);
    found.push(p);
    open = template.indexOf('{{', p.end);
  }
  return found;
}

/** Where `search` is from `from` on; the text's length when nowhere, so a miss is not searched for again. */
function indexOrEnd(text: string, search: string, from: number): number {
  const i = text.indexOf(search, from);
  return i === -1 ? text.length : i;
}

/**
 * A lone `{{` is named by what follows it on its line, at most 20 characters (code points, so an
 * emoji is never cut in two), so a person can find it in a long template. Plain string steps: a
 * template of 2,000 "{" holds 1,000 of them.
 */
function clip(template: string, index: number): string {
  const window = template.slice(index, index + 40);
  const newline = window.indexOf('\n');
  const line = newline === -1 ? window : window.slice(0, newline);
  let end = 0;
  for (let n = 0; n < 20 && end < line.length; n++) end += line.codePointAt(end)! > 0xffff ? 2 : 1;
  return line.slice(0, end);
}

/** Names used by valid placeholders, first use first, each once. */
export function templateVariables(template: string): string[] {
  const names = placeholders(template).flatMap((p) => (p.name === null ? [] : [p.name]));
  return [...new Set(names)];
}

export function renderTemplate(template: string, variables: TemplateVariables): RenderResult {
  const missing = new Set<string>();
  const invalid = new Set<string>();
  for (const p of placeholders(template)) {
    if (p.name === null) invalid.add(p.raw);
    else if (p.fallback === null && present(variables, p.name) === null) missing.add(p.name);
  }
  if (missing.size > 0 || invalid.size > 0) return failure([...missing], [...invalid]);
  // Only valid placeholders are left by now: each is replaced, the text between kept as it is.
  let text = '';
  let from = 0;
  for (const p of placeholders(template)) {
    text += template.slice(from, p.index) + (present(variables, p.name!) ?? p.fallback ?? '');
    from = p.end;
  }
  return { ok: true, text: text + template.slice(from) };
}

function failure(missing: string[], invalid: string[]): RenderResult {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing template variables: ${missing.join(', ')}`);
  if (invalid.length > 0) parts.push(`invalid template placeholders: ${invalid.join(', ')}`);
  return { ok: false, missing, invalid, message: parts.join('; ') };
}
