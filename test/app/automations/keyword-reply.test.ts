import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Automation, UncheckedMessage } from '../../../src/adapters/db/automation-repository';
import { KEYWORD_REPLY_PRIORITY, replyFor, type Replying } from '../../../src/app/automations/keyword-reply';

// One keyword reply as a ledger item: its text for this contact (their first name, the video's
// title and URL), its key, and when there is none to queue.

const VIDEO = '6f1d2a10-0000-4000-8000-000000000001';
const automation = (over: Partial<Automation> = {}): Automation => ({
  id: 'a1',
  accountId: 'acct',
  name: 'Guide',
  keywords: ['guide'],
  reply: { template: 'Hi {{first_name}}! {{video_title}}: {{video_url}}' },
  videoId: VIDEO,
  enabled: true,
  activeSince: '2026-12-06T12:00:00.000Z',
  createdAt: '2026-12-06T12:00:00.000Z',
  updatedAt: '2026-12-06T12:00:00.000Z',
  ...over,
});
const message = (contact: Partial<UncheckedMessage['contact']> = {}): UncheckedMessage => ({
  id: 'm1',
  conversation_id: 'c1',
  position: 3,
  text: 'guide please',
  sent_at: null,
  observed_at: '2026-12-06T12:05:00.000Z',
  first_read: false,
  contact: {
    id: 'k1',
    username: 'maya.creates',
    display_name: 'Maya Lopez',
    opted_out: false,
    total_messages_received: 4,
    ...contact,
  },
});
const replying = (over: Partial<Replying> = {}): Replying => ({
  accountId: 'acct',
  mode: 'first_contact',
  videos: new Map([[VIDEO, { title: 'Top 5 tips', url: 'https://instagram.com/p/abc', caption: null }]]),
  replied: new Set(),
  ...over,
});

describe('replyFor', () => {
  it('queues the reply with their first name and the video, keyed by automation and contact, without approval', () => {
    const { outcome, item } = replyFor(replying(), automation(), message(), false);
    assert.equal(outcome, 'queued');
    assert.deepEqual(
      [item!.text, item!.businessKey, item!.kind, item!.status, item!.requiresApproval, item!.priority],
      [
        'Hi Maya! Top 5 tips: https://instagram.com/p/abc',
        'automation:a1:k1',
        'queued',
        'queued',
        false,
        KEYWORD_REPLY_PRIORITY,
      ],
    );
    assert.deepEqual([item!.campaign, item!.videoId, item!.stopOnReply], ['automation:a1', VIDEO, false]);
  });

  it('holds it for approval when asked (a message of unknown age), or when the account approves every DM', () => {
    assert.equal(replyFor(replying(), automation(), message(), true).outcome, 'held');
    const all = replyFor(replying({ mode: 'all' }), automation(), message(), false);
    assert.deepEqual([all.outcome, all.item!.status], ['held', 'awaiting_approval']);
  });

  it('a plain text goes as written; a missing name takes the fallback, never their handle', () => {
    const r = replyFor(replying(), automation({ reply: { text: 'Here: x.com' }, videoId: null }), message(), false);
    assert.equal(r.item!.text, 'Here: x.com');
    const reply = (template: string) =>
      replyFor(replying(), automation({ reply: { template }, videoId: null }), message({ display_name: null }), false);
    assert.equal(reply('Hey {{first_name|there}}').item!.text, 'Hey there');
    // Without a fallback the reply is not composed, as for any missing variable: no "Hey maya.creates".
    assert.deepEqual(reply('Hey {{first_name}}'), { outcome: 'not_composed', item: null });
  });

  it('queues none: opted out, already given one in this check, no handle, the video gone', () => {
    assert.deepEqual(replyFor(replying(), automation(), message({ opted_out: true }), false), {
      outcome: 'opted_out',
      item: null,
    });
    const r = replying();
    assert.equal(replyFor(r, automation(), message(), false).outcome, 'queued');
    assert.equal(replyFor(r, automation(), message(), false).outcome, 'already_replied');
    assert.equal(replyFor(replying(), automation(), message({ username: null }), false).outcome, 'not_composed');
    assert.equal(
      replyFor(replying({ videos: new Map([[VIDEO, null]]) }), automation(), message(), false).outcome,
      'not_composed',
    );
  });
});
