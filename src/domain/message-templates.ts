import { renderTemplate, templateVariables } from './templating';
import type { ActionLane } from './types';

/**
 * DM templates kept as data (GET/POST /api/templates): a name, the lane it suits, and a text with
 * placeholders. Every change of text is a new version; the ledger names the version that wrote
 * each DM, so "which words went out" stays answerable after the template changes.
 */

export const MAX_TEMPLATE_LENGTH = 1000;

export interface MessageTemplate {
  id: string;
  accountId: string;
  name: string;
  lane: ActionLane | null;
  text: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One text a template had: what a DM naming (id, version) was written from. */
export interface TemplateVersion {
  templateId: string;
  version: number;
  text: string;
}

/** What a DM variable looks like in a sample render: any name a template uses gets a value. */
const SAMPLE = 'Sample';

/**
 * Why a template text cannot be saved, or null. It is rendered with a sample value for every name
 * it uses (the variables a DM request brings are not known yet), so only a malformed placeholder
 * or an empty or overlong text is refused.
 */
export function templateTextProblem(text: string): string | null {
  if (text.trim() === '') return 'the template text is empty';
  if (text.length > MAX_TEMPLATE_LENGTH) return `the template text is longer than ${MAX_TEMPLATE_LENGTH} characters`;
  const samples = Object.fromEntries(templateVariables(text).map((name) => [name, SAMPLE]));
  const rendered = renderTemplate(text, samples);
  return rendered.ok ? null : rendered.message;
}
