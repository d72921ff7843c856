import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Candidate } from '../../src/domain/identity-facts';
import { planIdentities, type IdentityInput, type IdentityRow } from '../../src/domain/identity-plan';
import { displayKey } from '../../src/domain/inbox-identity';
import { planMessageMerge } from '../../src/domain/contact-merge';

const contact = (id: string, o: Partial<Candidate> & { names?: string[]; threads?: string[] } = {}): Candidate => ({
  id,
  username: o.username ?? null,
  displayName: o.displayName ?? null,
  threadId: o.threadId ?? null,
  aliases: {
    threadIds: o.threads ?? (o.threadId ? [o.threadId] : []),
    handles: o.username ? [o.username] : [],
    names: o.names ?? (o.displayName ? [displayKey(o.displayName)] : []),
  },
  preview: o.preview ?? null,
  previewIsOutbound: o.previewIsOutbound ?? null,
  profileName: o.profileName ?? null,
  profileChecked: o.profileChecked ?? false,
});
const row = (
  name: string,
  threadId: string | null = null,
  preview: string | null = null,
  previewIsOutbound = false,
): IdentityRow => ({ name, threadId, preview, previewIsOutbound });
const plan = (input: Partial<IdentityInput>) =>
  planIdentities({ rows: [], candidates: [], registry: {}, profiles: new Map(), ...input });

describe('planIdentities: evidence joins one person, and only then', () => {
  it('the same thread id seen with a handle: the display-name contact joins the handle contact', () => {
    const p = plan({
      rows: [row('maya.creates', 'T1')],
      candidates: [
        contact('d', { displayName: 'Maya Creates', threadId: 'T1' }),
        contact('h', { username: 'maya.creates' }),
      ],
    });
    assert.deepEqual(
      p.merges.map((m) => [m.survivorId, m.absorbedId, m.evidence]),
      [['h', 'd', 'thread_id']],
    );
    assert.deepEqual(p.resolutions, [{ kind: 'existing', contactId: 'h', learned: {} }]);
  });

  it('a handle-shaped name with the thread id of a display-name contact is its handle', () => {
    const p = plan({
      rows: [row('maya.creates', 'T1')],
      candidates: [contact('d', { displayName: 'Maya Creates', threadId: 'T1' })],
    });
    assert.deepEqual(p.attach, [{ contactId: 'd', username: 'maya.creates', evidence: 'thread_id' }]);
    assert.equal(p.handles.get('d'), 'maya.creates');
  });

  it('the thread registry: attaches a handle, teaches a thread id, or merges', () => {
    const p = plan({
      registry: { 'ana.x': 'T1', 'bo.y': 'T2', 'cy.z': 'T3' },
      candidates: [
        contact('d1', { displayName: 'Ana X', threadId: 'T1' }),
        contact('h2', { username: 'bo.y' }),
        contact('d3', { displayName: 'Cy Z', threadId: 'T3' }),
        contact('h3', { username: 'cy.z' }),
      ],
    });
    assert.deepEqual(p.attach, [
      { contactId: 'd1', username: 'ana.x', evidence: 'registry' },
      { contactId: 'h2', threadId: 'T2', evidence: 'registry' },
    ]);
    assert.deepEqual(
      p.merges.map((m) => [m.survivorId, m.absorbedId, m.evidence]),
      [['h3', 'd3', 'registry']],
    );
  });

  it('two contacts each in a thread of their own are never merged: a suspect instead', () => {
    const p = plan({
      registry: { 'ana.x': 'T1' },
      candidates: [
        contact('d', { displayName: 'Ana', threadId: 'T1' }),
        contact('h', { username: 'ana.x', threadId: 'T9' }),
      ],
    });
    assert.equal(p.merges.length, 0);
    assert.deepEqual(
      p.suspects.map((s) => [s.a, s.b, s.reason]),
      [['h', 'd', 'registry_conflict']],
    );
  });

  it('never joins two handles: a contact with a handle, or once known by another one, is a suspect instead', () => {
    const handles = plan({
      rows: [row('maya.creates', 'T1')],
      registry: { 'maya.creates': 'T1' },
      candidates: [contact('o', { username: 'maya.old', threadId: 'T1' }), contact('h', { username: 'maya.creates' })],
    });
    assert.equal(handles.merges.length, 0);
    assert.deepEqual(
      handles.suspects.map((s) => [s.a, s.b, s.reason]),
      [
        ['h', 'o', 'thread_id_conflict'],
        ['h', 'o', 'registry_conflict'],
      ],
    );
    const once = contact('d', { displayName: 'Maya', threadId: 'T1' });
    once.aliases.handles.push('maya.old');
    const alias = plan({
      rows: [row('maya.creates', 'T1')],
      candidates: [once, contact('h', { username: 'maya.creates' })],
    });
    assert.equal(alias.merges.length, 0);
    assert.deepEqual(
      alias.suspects.map((s) => s.reason),
      ['thread_id_conflict'],
    );
  });

  it('a profile full name carried by exactly one display-name contact merges; two make a tie', () => {
    const one = plan({
      profiles: new Map([['maya.creates', 'Maya Creates']]),
      candidates: [contact('d', { displayName: 'Maya Creates' }), contact('h', { username: 'maya.creates' })],
    });
    assert.deepEqual(
      one.merges.map((m) => [m.survivorId, m.absorbedId, m.evidence]),
      [['h', 'd', 'profile']],
    );
    const tie = plan({
      profiles: new Map([['ana.x', 'Ana Lopez']]),
      candidates: [
        contact('d1', { displayName: 'Ana Lopez' }),
        contact('d2', { displayName: 'Ana Lopez' }),
        contact('h', { username: 'ana.x' }),
      ],
    });
    assert.equal(tie.merges.length, 0);
    assert.deepEqual(
      tie.suspects.map((s) => s.reason),
      ['profile_tie', 'profile_tie', 'same_name'],
      'and the two namesakes may be one person',
    );
  });

  it('two display-name contacts with one name are suspects unless their threads tell them apart', () => {
    const p = plan({
      candidates: [
        contact('d1', { displayName: 'Yuki L' }),
        contact('d2', { displayName: 'yuki  l', threadId: 'T2' }),
        contact('d3', { displayName: 'Yuki L', threadId: 'T3' }),
      ],
    });
    assert.deepEqual(
      p.suspects.map((x) => [x.a, x.b, x.reason]),
      [
        ['d1', 'd2', 'same_name'],
        ['d1', 'd3', 'same_name'],
      ],
    );
    assert.equal(p.merges.length, 0);
  });

  it('a profile name the listing shows on two rows, or two handles carry, joins nothing', () => {
    const candidates = [
      contact('d', { displayName: 'Yuki L', threadId: 'T1' }),
      contact('h', { username: 'kofi.creates' }),
    ];
    const twoRows = plan({
      rows: [row('Yuki L', 'T1'), row('Yuki L')],
      profiles: new Map([['kofi.creates', 'Yuki L']]),
      candidates,
    });
    assert.equal(twoRows.merges.length, 0);
    assert.deepEqual(
      twoRows.suspects.map((s) => s.reason),
      ['profile_tie'],
    );
    const twoHandles = plan({
      profiles: new Map([
        ['kofi.creates', 'Yuki L'],
        ['yuki.l', 'Yuki L'],
      ]),
      candidates: [...candidates, contact('h2', { username: 'yuki.l' })],
    });
    assert.equal(twoHandles.merges.length, 0);
  });

  it('a profile match between two rows of one listing joins nothing: they are two conversations', () => {
    const p = plan({
      rows: [row('Ana Lopez', 'T1'), row('ana.x', 'T2')],
      profiles: new Map([['ana.x', 'Ana Lopez']]),
      candidates: [
        contact('d', { displayName: 'Ana Lopez', threadId: 'T1' }),
        contact('h', { username: 'ana.x', threadId: 'T2' }),
      ],
    });
    assert.equal(p.merges.length, 0);
    assert.deepEqual(
      p.resolutions.map((r) => r.kind === 'existing' && r.contactId),
      ['d', 'h'],
    );
  });

  it('a new handle row with the last message of exactly one unlisted display-name contact is that contact', () => {
    const p = plan({
      rows: [row('maya.creates', null, 'see you friday', true)],
      candidates: [contact('d', { displayName: 'Maya Creates', preview: 'see you friday', previewIsOutbound: true })],
    });
    assert.deepEqual(p.attach, [{ contactId: 'd', username: 'maya.creates', evidence: 'preview' }]);
    assert.deepEqual(p.resolutions, [{ kind: 'existing', contactId: 'd', learned: {} }]);
  });

  it('a preview shared by two candidates is a tie: the row is held back and the lookups that settle it asked for', () => {
    const p = plan({
      rows: [row('Maya Creates', null, 'ok thanks')],
      candidates: [
        contact('h1', { username: 'maya.creates', preview: 'ok thanks' }),
        contact('h2', { username: 'sam.k', preview: 'ok thanks' }),
      ],
    });
    assert.deepEqual(p.deferred, [0]);
    assert.deepEqual(p.lookups.slice(0, 2), ['maya.creates', 'sam.k']);
  });

  it('a preview with the other direction is no evidence: a new contact', () => {
    const p = plan({
      rows: [row('maya.creates', null, 'see you friday', false)],
      candidates: [contact('d', { displayName: 'Maya Creates', preview: 'see you friday', previewIsOutbound: true })],
    });
    assert.deepEqual(p.deferred, []);
    assert.equal(p.resolutions[0]!.kind, 'new');
  });

  it('a name learned from a profile is matched the next time the display name is listed', () => {
    const p = plan({
      rows: [row('Maya Creates')],
      candidates: [contact('h', { username: 'maya.creates', names: ['maya creates'] })],
    });
    assert.deepEqual(p.resolutions, [{ kind: 'existing', contactId: 'h', learned: { displayName: 'Maya Creates' } }]);
  });
});

describe('planIdentities: someone showing a known handle as their display name (HEAD)', () => {
  it('is not filed under that contact, teaches it no thread id, and the contact is not opened by handle this time', () => {
    const p = plan({
      rows: [row('Maya Creates', null, 'see you'), row('maya.creates', 'T9', 'hi it is me')],
      candidates: [contact('m', { username: 'maya.creates', displayName: 'Maya Creates', preview: 'see you' })],
    });
    assert.deepEqual(p.resolutions[1], { kind: 'new', username: null, displayName: 'maya.creates', threadId: 'T9' });
    assert.deepEqual(p.attach, []);
    assert.deepEqual(
      p.deferred,
      [0],
      'maya.creates would open whichever row shows it: her row waits for her thread id',
    );
  });

  it("with the contact's thread id known, its own row goes ahead and the other is held back", () => {
    const p = plan({
      rows: [row('Maya Creates', 'T1'), row('maya.creates', null, 'hi it is me')],
      candidates: [contact('m', { username: 'maya.creates', displayName: 'Maya Creates', threadId: 'T1' })],
    });
    assert.deepEqual(
      p.resolutions.map((r) => (r.kind === 'existing' ? r.contactId : r.mayBe)),
      ['m', 'm'],
    );
    assert.equal(p.resolutions[1]!.kind, 'new');
    assert.deepEqual(p.deferred, []);
  });

  it('a server that lists real handles (ccf4331) is taken at its word', () => {
    const p = plan({
      namesAreHandles: true,
      rows: [row('maya.creates')],
      candidates: [contact('m', { username: 'maya.creates' })],
    });
    assert.deepEqual(p.resolutions, [{ kind: 'existing', contactId: 'm', learned: {} }]);
  });
});

describe('planMessageMerge', () => {
  const m = (id: string, position: number, text: string, isOutbound = false) => ({ id, position, text, isOutbound });
  it('the same thread stored twice keeps each message once, repeats kept', () => {
    const a = [m('a0', 0, 'hi'), m('a1', 1, 'ok'), m('a2', 2, 'ok'), m('a3', 3, 'see you', true)];
    const b = [m('b0', 0, 'hi'), m('b1', 1, 'ok'), m('b2', 2, 'ok'), m('b3', 3, 'see you', true)];
    assert.deepEqual(planMessageMerge(a, b), { order: ['a0', 'a1', 'a2', 'a3'], dropped: 4, gap: false });
  });
  it('what only one side holds stays in its place, before, between or after', () => {
    const s = [m('s0', 0, 'hi'), m('s1', 1, 'new one')];
    const a = [m('a0', 0, 'before'), m('a1', 1, 'hi')];
    assert.deepEqual(planMessageMerge(a, s).order, ['a0', 'a1', 's1']);
    assert.deepEqual(planMessageMerge(s, a).order, ['a0', 's0', 's1']);
  });
  it('a repeat one side holds twice and the other once is kept twice; the direction counts', () => {
    const s = [m('s0', 0, 'ok'), m('s1', 1, 'ok'), m('s2', 2, 'bye', true)];
    const a = [m('a0', 0, 'ok'), m('a1', 1, 'bye', true), m('a2', 2, 'bye')];
    assert.deepEqual(planMessageMerge(s, a), { order: ['s0', 's1', 's2', 'a2'], dropped: 2, gap: false });
  });
  it('nothing in common: both kept, flagged as a gap', () => {
    assert.deepEqual(planMessageMerge([m('s0', 0, 'one')], [m('a0', 0, 'two')]), {
      order: ['s0', 'a0'],
      dropped: 0,
      gap: true,
    });
  });
});
