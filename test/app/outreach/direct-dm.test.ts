import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactRepository } from '../../../src/adapters/db/contact-repository';
import type { NewOutreachItem, OutreachRepository } from '../../../src/adapters/db/outreach-repository';
import type { VideoRepository } from '../../../src/adapters/mediaposter/video-repository';
import { queueDirectDm } from '../../../src/app/outreach/direct-dm';
import { UseCaseFailure } from '../../../src/app/failure';
import type { SendDmInput } from '../../../src/contracts/sender';
import { DEFAULT_TIMING } from '../../../src/contracts/timing';
import type { Contact } from '../../../src/domain/types';
import { contact } from '../../domain/domain-fixtures';

/**
 * The direct DM's workflow step queues the DM the API composed: the text is not rendered again
 * (MediaPoster is not asked twice), but the contact is addressed again by the same rule, since
 * they may have opted out between the request and the step.
 */

function ports(stored: Contact) {
  const queued: NewOutreachItem[] = [];
  const contacts = {
    getContact: async (_accountId: string, ref: string) => (ref === stored.id ? stored : null),
  } as unknown as ContactRepository;
  const videos = {
    get: async () => assert.fail('the composed DM must not read MediaPoster again'),
  } as unknown as VideoRepository;
  const outreach = {
    enqueue: async (_accountId: string, items: NewOutreachItem[]) => {
      queued.push(...items);
      const item = { id: 'item-1', status: 'queued', outcome: null, lastError: null, sentAt: null };
      return { items: items.map(() => ({ item })) };
    },
  } as unknown as Pick<OutreachRepository, 'enqueue'>;
  const templates = { get: async () => assert.fail('no stored template named') };
  return { contacts, videos, outreach, templates, queued };
}

const input = (over: Partial<SendDmInput>): SendDmInput => ({
  version: 1,
  accountId: 'default',
  request: { contact: 'c1', template: 'Hi {{first_name}}, here it is: {{video_url}}', videoId: 'v1' },
  businessKey: 'direct:c1:k1',
  timing: DEFAULT_TIMING,
  recheckMs: 60_000,
  ...over,
});

describe('queueing a direct DM', () => {
  it('queues the text the API composed, with its video, without rendering it again', async () => {
    const p = ports(contact({ id: 'c1', username: 'amara.codes' }));
    const composed = { contactId: 'c1', text: 'Hi Amara, here it is: https://example.com/v/1', videoId: 'v1' };
    const outcome = await queueDirectDm(p, input({ composed }), 'dm:default:k1');
    assert.equal(outcome.itemId, 'item-1');
    assert.equal(p.queued.length, 1);
    assert.equal(p.queued[0]!.text, 'Hi Amara, here it is: https://example.com/v/1');
    assert.equal(p.queued[0]!.username, 'amara.codes');
    assert.equal(p.queued[0]!.videoId, 'v1');
  });

  it('queues nothing for a contact who opted out after the request was accepted', async () => {
    const p = ports(contact({ id: 'c1', username: 'amara.codes', optedOut: true, optedOutReason: 'stop' }));
    const composed = { contactId: 'c1', text: 'Hi Amara', videoId: null };
    await assert.rejects(
      queueDirectDm(p, input({ composed }), 'dm:default:k1'),
      (e: unknown) => e instanceof UseCaseFailure && e.code === 'DM_OPTED_OUT',
    );
    assert.equal(p.queued.length, 0);
  });

  it('composes an input started before the API composed the DM (no `composed`) from its request', async () => {
    const p = ports(contact({ id: 'c1', username: 'amara.codes' }));
    const outcome = await queueDirectDm(p, input({ request: { contact: 'c1', text: 'Hello there' } }), 'dm:x');
    assert.equal(outcome.itemId, 'item-1');
    assert.equal(p.queued[0]!.text, 'Hello there');
    assert.equal(p.queued[0]!.videoId, null);
  });
});
