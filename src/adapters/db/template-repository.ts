import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { MessageTemplate, TemplateVersion } from '../../domain/message-templates';
import { ACTION_LANES } from '../../domain/types';
import { DbError, parseRow, unwrap } from './db-errors';
import { iso, UUID } from './values';

/** Stored DM templates and every text each has had (message_templates, message_template_versions). */

export type TemplateFields = Pick<MessageTemplate, 'name' | 'lane' | 'text'>;

export interface TemplateRepository {
  /** The account's live templates, oldest first. */
  list(accountId: string): Promise<MessageTemplate[]>;
  /** A live template (a deleted one is null). */
  get(id: string): Promise<MessageTemplate | null>;
  /** The text a template had at a version (deleted templates' versions too: the ledger names them). */
  version(id: string, version: number): Promise<TemplateVersion | null>;
  create(accountId: string, fields: TemplateFields): Promise<MessageTemplate>;
  /** A change with a text is a new version; null when there is no such live template of the account. */
  update(accountId: string, id: string, patch: Partial<TemplateFields>): Promise<MessageTemplate | null>;
  /** Deleted softly (its versions stay for the ledger); false when there was no live template. */
  remove(id: string): Promise<boolean>;
}

const time = z.string().transform((t) => iso(t));
const templateRowSchema = z.object({
  id: z.string(),
  account_id: z.string(),
  name: z.string(),
  lane: z.enum(ACTION_LANES).nullable(),
  text: z.string(),
  version: z.number().int().positive(),
  created_at: time,
  updated_at: time,
});
const versionRowSchema = z.object({ template_id: z.string(), version: z.number().int(), text: z.string() });

const toTemplate = (r: z.infer<typeof templateRowSchema>): MessageTemplate => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  lane: r.lane,
  text: r.text,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createTemplateRepository(db: SupabaseClient): TemplateRepository {
  const live = () => db.from('message_templates').select('*').is('deleted_at', null);
  const save = async (what: string, accountId: string, id: string | null, fields: Partial<TemplateFields>) => {
    const args = { p_account_id: accountId, p_id: id, p_fields: fields };
    const raw = unwrap<unknown>(what, await db.rpc('crm_save_template', args));
    return raw === null ? null : toTemplate(parseRow(what, templateRowSchema, raw));
  };
  return {
    async list(accountId) {
      const q = live().eq('account_id', accountId).order('created_at').order('id').limit(1000);
      return parseRow('list templates', templateRowSchema.array(), unwrap<unknown>('list templates', await q)).map(
        toTemplate,
      );
    },

    async get(id) {
      if (!UUID.test(id)) return null;
      const row = unwrap<unknown>('read template', await live().eq('id', id).maybeSingle());
      return row === null ? null : toTemplate(parseRow('read template', templateRowSchema, row));
    },

    async version(id, version) {
      if (!UUID.test(id)) return null;
      const q = db.from('message_template_versions').select('*').eq('template_id', id).eq('version', version);
      const row = unwrap<unknown>('read template version', await q.maybeSingle());
      if (row === null) return null;
      const r = parseRow('read template version', versionRowSchema, row);
      return { templateId: r.template_id, version: r.version, text: r.text };
    },

    async create(accountId, fields) {
      const created = await save('create template', accountId, null, fields);
      if (!created) throw new DbError('DB_INVALID', 'create template: nothing stored', false);
      return created;
    },

    async update(accountId, id, patch) {
      if (!UUID.test(id)) return null;
      return save('update template', accountId, id, patch);
    },

    async remove(id) {
      if (!UUID.test(id)) return false;
      const q = db
        .from('message_templates')
        .update({ deleted_at: new Date().toISOString() })
        .eq('id', id)
        .is('deleted_at', null)
        .select('id');
      return unwrap<unknown[]>('delete template', await q).length > 0;
    },
  };
}
