import type { TestSupabase } from './supabase';

/**
 * A small world of DMs, replies and an opt-out at known times, for outreach results
 * (test/integration/outreach-results.test.ts works out its figures by hand). All times UTC; the
 * account's zone is New York (UTC−5 in November 2026, after DST ended on Nov 1).
 *
 *   item contact campaign template (id)          video step status  sent / queued
 *   i1   ana     spring   spring-a (T1)          -     0    sent    11-02 12:00
 *   i2   ana     spring   spring-a (T1)          -     1    sent    11-03 12:00  (the follow-up)
 *   i3   ben     spring   spring-a               -     0    sent    11-02 14:00
 *   i4   cy      spring   spring-a               -     0    sent    11-02 04:00  (11-01 23:00 in New York)
 *   i5   dee     spring   spring-a               -     0    failed  queued 11-02 15:00
 *   i6   eve     spring   spring-a               -     0    queued  queued 11-02 16:00
 *   i7   fay     spring   spring-a               -     0    skipped queued 11-02 17:00
 *   i8   fay     autumn   video:friendship       vid-1 0    sent    11-02 18:00
 *   i9   ben     autumn   video:service          vid-1 0    sent    11-03 09:00
 *   i10  cy      -        -                      -     0    sent    11-03 20:00
 *   i11  ana     old      -                      -     0    sent    10-01 12:00  (before the period)
 *
 * Messages: ana writes 11-02 13:30 (interested) and 11-03 12:30 (question), and we wrote to her at
 * 11-02 13:00 (outbound: never a reply); ben writes 11-04 20:00 (interested); cy's message has no
 * time from Instagram, the sync saw it 11-02 10:00 (opt_out); fay writes 11-01 09:00 (before any
 * DM) and 11-02 18:10 (not_now). Cy opted out 11-02 10:00; fay opted out 11-10 00:00.
 */

export const RESULTS_ACCOUNT = 'acct-results';
export const RESULTS_ZONE = 'America/New_York';
/** The stored template ana's two DMs were written from. */
export const T1 = '00000000-0000-4000-8000-0000000000a1';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const CONTACTS = ['ana', 'ben', 'cy', 'dee', 'eve', 'fay'] as const;
type Name = (typeof CONTACTS)[number];
const contactId = (name: Name) => id(100 + CONTACTS.indexOf(name));
const conversationId = (name: Name) => id(200 + CONTACTS.indexOf(name));

interface Item {
  contact: Name;
  campaign: string | null;
  template: string | null;
  templateId?: string;
  video?: string;
  step?: number;
  status: string;
  at: string;
}

const ITEMS: Item[] = [
  { contact: 'ana', campaign: 'spring', template: 'spring-a', templateId: T1, status: 'sent', at: '11-02T12:00' },
  {
    contact: 'ana',
    campaign: 'spring',
    template: 'spring-a',
    templateId: T1,
    step: 1,
    status: 'sent',
    at: '11-03T12:00',
  },
  { contact: 'ben', campaign: 'spring', template: 'spring-a', status: 'sent', at: '11-02T14:00' },
  { contact: 'cy', campaign: 'spring', template: 'spring-a', status: 'sent', at: '11-02T04:00' },
  { contact: 'dee', campaign: 'spring', template: 'spring-a', status: 'failed', at: '11-02T15:00' },
  { contact: 'eve', campaign: 'spring', template: 'spring-a', status: 'queued', at: '11-02T16:00' },
  { contact: 'fay', campaign: 'spring', template: 'spring-a', status: 'skipped', at: '11-02T17:00' },
  {
    contact: 'fay',
    campaign: 'autumn',
    template: 'video:friendship',
    video: 'vid-1',
    status: 'sent',
    at: '11-02T18:00',
  },
  { contact: 'ben', campaign: 'autumn', template: 'video:service', video: 'vid-1', status: 'sent', at: '11-03T09:00' },
  { contact: 'cy', campaign: null, template: null, status: 'sent', at: '11-03T20:00' },
  { contact: 'ana', campaign: 'old', template: null, status: 'sent', at: '10-01T12:00' },
];

/** [contact, sent_at shown by Instagram, observed_at, outbound, intent] */
const MESSAGES: [Name, string | null, string, boolean, string | null][] = [
  ['ana', '11-02T13:00', '11-02T13:05', true, null],
  ['ana', '11-02T13:30', '11-02T13:35', false, 'interested'],
  ['ana', '11-03T12:30', '11-03T12:35', false, 'question'],
  ['ben', '11-04T20:00', '11-04T20:05', false, 'interested'],
  ['cy', null, '11-02T10:00', false, 'opt_out'],
  ['fay', '11-01T09:00', '11-01T09:05', false, 'other'],
  ['fay', '11-02T18:10', '11-02T18:15', false, 'not_now'],
];

const at = (t: string) => `2026-${t}:00Z`;
const hourBefore = (t: string) => new Date(Date.parse(at(t)) - 3_600_000).toISOString();

export async function seedResults(sb: TestSupabase, safariUrl: string): Promise<void> {
  await sb.sql.query(`insert into accounts (id, safari_url, time_zone) values ($1, $2, $3)`, [
    RESULTS_ACCOUNT,
    safariUrl,
    RESULTS_ZONE,
  ]);
  for (const name of CONTACTS) {
    const optedOutAt = name === 'cy' ? at('11-02T10:00') : name === 'fay' ? at('11-10T00:00') : null;
    await sb.sql.query(
      `insert into contacts (id, account_id, username, opted_out, opted_out_at) values ($1, $2, $3, $4, $5)`,
      [contactId(name), RESULTS_ACCOUNT, name, optedOutAt !== null, optedOutAt],
    );
    await sb.sql.query(`insert into conversations (id, account_id, contact_id) values ($1, $2, $3)`, [
      conversationId(name),
      RESULTS_ACCOUNT,
      contactId(name),
    ]);
  }
  for (const [n, item] of ITEMS.entries()) {
    const sent = item.status === 'sent';
    await sb.sql.query(
      `insert into outreach_items (id, account_id, business_key, kind, contact_id, username, text, text_key, campaign,
         template, template_id, video_id, step, stop_on_reply, status, sent_at, created_at)
       values ($1, $2, $3, 'campaign', $4, $5, 'hello', $3, $6, $7, $8, $9, $10, true, $11, $12, $13)`,
      [
        id(n + 1),
        RESULTS_ACCOUNT,
        `i${n + 1}`,
        contactId(item.contact),
        item.contact,
        item.campaign,
        item.template,
        item.templateId ?? null,
        item.video ?? null,
        item.step ?? 0,
        item.status,
        sent ? at(item.at) : null,
        sent ? hourBefore(item.at) : at(item.at),
      ],
    );
  }
  for (const [n, [name, sentAt, observedAt, outbound, intent]] of MESSAGES.entries()) {
    await sb.sql.query(
      `insert into messages (account_id, conversation_id, contact_id, position, message_text, is_outbound, sent_at,
         observed_at, intent)
       values ($1, $2, $3, $4, 'a message', $5, $6, $7, $8)`,
      [
        RESULTS_ACCOUNT,
        conversationId(name),
        contactId(name),
        n,
        outbound,
        sentAt === null ? null : at(sentAt),
        at(observedAt),
        intent,
      ],
    );
  }
}
