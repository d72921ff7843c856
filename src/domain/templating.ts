/**
 * DM templates: `{{name}}`, `{{ name }}` and `{{name|fallback}}`. Rendering is all or nothing: a DM
 * that reads "Hey {{name}}" or "Hey undefined" is worse than one not sent, so any missing or
 * malformed placeholder fails the whole render instead of leaving a hole.
 */

export type TemplateVariables = Readonly<Record<string, string | number | null | undefined>>;

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string[]; invalid: string[]; message: string };

// A placeholder runs from `{{` to the first `}}`; a lone `{{` with no closing is caught too, because
// it is almost always a typo that would otherwise go out verbatim.
const PLACEHOLDER = /\{\{([^}]*)\}\}|\{\{/g;
const CONTENT = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\|([^}]*))?$/;
// What a careless export or string concatenation leaves behind for "no value".
const EMPTY_WORDS = new Set(['undefined', 'null']);

interface Placeholder {
  raw: string;
  name: string | null; // null: not a valid placeholder
  fallback: string | null;
}

function parse(raw: string, content: string | undefined): Placeholder {
  const match = content === undefined ? null : CONTENT.exec(content);
  if (!match?.[1]) return { raw, name: null, fallback: null };
  // The fallback is literal text; only the padding before `}}` is dropped, as around the name.
  return { raw, name: match[1], fallback: match[2] === undefined ? null : match[2].trim() };
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

function placeholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => parse(m[0] === '{{' ? clip(template, m.index) : m[0], m[1]));
}

/** A lone `{{` is named by what follows it, so a person can find it in a long template. */
function clip(template: string, index: number): string {
  return [...template.slice(index, index + 40).split('\n')[0]!].slice(0, 20).join('');
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
  const text = template.replace(PLACEHOLDER, (raw: string, content: string) => {
    const p = parse(raw, content);
    return p.name === null ? raw : (present(variables, p.name) ?? p.fallback ?? '');
  });
  return { ok: true, text };
}

function failure(missing: string[], invalid: string[]): RenderResult {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing template variables: ${missing.join(', ')}`);
  if (invalid.length > 0) parts.push(`invalid template placeholders: ${invalid.join(', ')}`);
  return { ok: false, missing, invalid, message: parts.join('; ') };
}
