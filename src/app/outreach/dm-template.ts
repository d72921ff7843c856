import type { TemplateRepository } from '../../adapters/db/template-repository';

/**
 * A DM (a direct DM, a queue item, a follow-up step) may name a stored template by id instead of
 * carrying its text: the template's current text is what it renders, and the id and version go
 * into the ledger with the item so the words that went out can always be read back.
 */

export interface TemplatePort {
  templates: Pick<TemplateRepository, 'get'>;
}

/** Which stored template (and which of its texts) wrote a DM. */
export interface TemplateRef {
  id: string;
  version: number;
}

/** dm-compose's DmProblem for this one case (named here so the composer can import this file, not the reverse). */
export interface TemplateNotFound {
  code: 'TEMPLATE_NOT_FOUND';
  message: string;
}

export type WithTemplate<R> =
  { ok: true; req: R; template: TemplateRef | null } | { ok: false; problem: TemplateNotFound };

/**
 * The request with the named template's text as its `template` (a request without `templateId` is
 * answered as it is). A template of another account, or deleted, is not found.
 */
export async function withStoredTemplate<R extends { templateId?: string; template?: string }>(
  ports: TemplatePort,
  accountId: string,
  req: R,
): Promise<WithTemplate<R>> {
  if (req.templateId === undefined) return { ok: true, req, template: null };
  const found = await ports.templates.get(req.templateId);
  if (!found || found.accountId !== accountId)
    return {
      ok: false,
      problem: { code: 'TEMPLATE_NOT_FOUND', message: `No template ${req.templateId} for account ${accountId}` },
    };
  return { ok: true, req: { ...req, template: found.text }, template: { id: found.id, version: found.version } };
}
