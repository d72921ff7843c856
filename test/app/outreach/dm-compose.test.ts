import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContactRepository } from '../../../src/adapters/db/contact-repository';
import type { VideoRepository } from '../../../src/adapters/mediaposter/video-repository';
import { composeDm, renderDm, type Composed } from '../../../src/app/outreach/dm-compose';
import { VIDEO_TEMPLATES } from '../../../src/domain/video-outreach-templates';
import type { Contact } from '../../../src/domain/types';
import { contact } from '../../domain/domain-fixtures';

/**
 * `{{first_name}}` through the composer: a contact known only by handle (no display name, or the
 * handle copied into it) is never greeted by the handle. The template's fallback greets them, and
 * a template without one is refused as for any missing variable, never sent with the handle.
 */

function ports(stored: Contact) {
  const contacts = {
    getContact: async (_accountId: string, ref: string) => (ref === stored.id ? stored : null),
  } as unknown as ContactRepository;
  const videos = { shareableVideo: async () => assert.fail('no video named') } as unknown as VideoRepository;
  const templates = { get: async () => assert.fail('no stored template named') };
  return { contacts, videos, templates };
}

const compose = (c: Contact, template: string): Promise<Composed> =>
  composeDm(ports(c), { accountId: 'a1', contact: c.id, template });

const textOf = (composed: Composed): string => {
  assert.ok(composed.ok, JSON.stringify(composed));
  return composed.dm.text;
};

describe('composing a DM with {{first_name}}', () => {
  const handleOnly = [
    contact({ username: 'amara.codes', displayName: null }),
    contact({ username: 'amara.codes', displayName: 'amara.codes' }),
    contact({ username: 'amara.codes', displayName: '  ' }),
    contact({ username: 'glowstudio', displayName: 'Glow Studio ✨' }),
  ];

  it('greets a person by the first word of their display name', async () => {
    const c = contact({ username: 'mateo.sharma', displayName: 'mateo sharma' });
    assert.equal(textOf(await compose(c, 'Hi {{first_name|there}}!')), 'Hi Mateo!');
    assert.equal(textOf(await compose(c, 'Hi {{first_name}}!')), 'Hi Mateo!');
  });

  for (const c of handleOnly)
    it(`greets ${JSON.stringify(c.displayName)} (@${c.username}) with the fallback, never the handle`, async () => {
      const text = textOf(await compose(c, 'Hi {{first_name|there}}! {{username}} is on the list'));
      assert.equal(text, `Hi there! ${c.username} is on the list`);
    });

  for (const c of handleOnly)
    it(`refuses "Hi {{first_name}}!" without a fallback for ${JSON.stringify(c.displayName)} (@${c.username})`, async () => {
      const composed = await compose(c, 'Hi {{first_name}}!');
      assert.ok(!composed.ok);
      assert.equal(composed.problem.code, 'TEMPLATE_INVALID');
      assert.deepEqual(composed.problem.details, { missing: ['first_name'], invalid: [] });
    });

  it('keeps {{name}} as it was: the display name, else the handle', async () => {
    assert.equal(textOf(await compose(handleOnly[0]!, 'Hi {{name}}')), 'Hi amara.codes');
    const c = contact({ username: 'lucia', displayName: '🌸 Lucía Gómez' });
    assert.equal(textOf(await compose(c, '{{name}} / {{first_name}}')), '🌸 Lucía Gómez / Lucía');
  });

  it('every video outreach template greets a handle-only contact without the handle', () => {
    const video = { title: null, url: 'https://instagram.com/reel/1', caption: null };
    for (const [lane, template] of Object.entries(VIDEO_TEMPLATES)) {
      const r = renderDm({ template, variables: { reason: "you're into podcasting" } }, handleOnly[0]!, video);
      assert.ok(r.ok, lane);
      assert.doesNotMatch(r.text, /amara/, `${lane}: ${r.text}`);
      assert.match(r.text, /^(?:yo|hey|been a minute) (?:there|friend)[!,]/, `${lane}: ${r.text}`);
    }
  });
});
