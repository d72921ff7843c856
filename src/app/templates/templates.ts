import type { TemplateFields, TemplateRepository } from '../../adapters/db/template-repository';
import { templateTextProblem, type MessageTemplate } from '../../domain/message-templates';
import { Refused } from '../refusal';

/**
 * Templates as data (GET/POST /api/templates, GET/PATCH/DELETE /api/templates/:id): a text is
 * checked when it is saved (a malformed placeholder or an overlong text is a 400 now, not a DM that
 * fails later); a new text is a new version, the old ones kept. DELETE is soft: the template stops
 * being listed or usable, and the versions the ledger names stay readable.
 */

export interface TemplatePorts {
  templates: TemplateRepository;
}

function checkedText(text: string): string {
  const problem = templateTextProblem(text);
  if (problem) throw new Refused('VALIDATION_FAILED', `Invalid text: ${problem}`, [{ path: 'text', message: problem }]);
  return text;
}

export async function createTemplate(ports: TemplatePorts, accountId: string, input: TemplateFields) {
  return ports.templates.create(accountId, { ...input, text: checkedText(input.text) });
}

export async function getTemplate(ports: TemplatePorts, id: string): Promise<MessageTemplate> {
  const found = await ports.templates.get(id);
  if (!found) throw new Refused('NOT_FOUND', `No template ${id}`);
  return found;
}

/** Only the given fields change; the same text again is no new version. */
export async function updateTemplate(ports: TemplatePorts, id: string, patch: Partial<TemplateFields>) {
  const current = await getTemplate(ports, id);
  const fields: Partial<TemplateFields> = {};
  if (patch.name !== undefined && patch.name !== current.name) fields.name = patch.name;
  if (patch.lane !== undefined && patch.lane !== current.lane) fields.lane = patch.lane;
  if (patch.text !== undefined && patch.text !== current.text) fields.text = checkedText(patch.text);
  if (Object.keys(fields).length === 0) return current;
  const changed = await ports.templates.update(current.accountId, id, fields);
  if (!changed) throw new Refused('NOT_FOUND', `No template ${id}`);
  return changed;
}

export async function deleteTemplate(ports: TemplatePorts, id: string): Promise<void> {
  if (!(await ports.templates.remove(id))) throw new Refused('NOT_FOUND', `No template ${id}`);
}
