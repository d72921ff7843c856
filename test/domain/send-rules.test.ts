import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APPROVAL_MODES,
  checkAtSendTime,
  checkDmText,
  MAX_DM_LENGTH,
  needsApproval,
  normalizeDmText,
  OUTREACH_KINDS,
  verifyDelivery,
  type ApprovalMode,
  type Delivery,
  type DmTextProblem,
  type OutreachKind,
  type SendTimeFacts,
  type SendTimeVerdict,
} from '../../src/domain/send-rules';

const NOW = Date.UTC(2026, 0, 15, 12);
const MIN = 60_000;

describe('checkDmText', () => {
  const cases: [string, string, DmTextProblem | null][] = [
    ['plain text', 'hey, how is the launch going?', null],
    ['empty', '', 'empty'],
    ['whitespace only', ' \n\t\u00a0', 'empty'],
    ['exactly the limit', 'a'.repeat(MAX_DM_LENGTH), null],
    ['one over', 'a'.repeat(MAX_DM_LENGTH + 1), 'too_long'],
    ['1000 emoji are 1000 characters (2000 UTF-16 units)', '🌸'.repeat(MAX_DM_LENGTH), null],
    ['1001 emoji', '🌸'.repeat(MAX_DM_LENGTH + 1), 'too_long'],
  ];
  for (const [name, text, expected] of cases)
    it(`${name} → ${expected}`, () => assert.equal(checkDmText(text), expected));
});

describe('needsApproval', () => {
  // [mode, kind, contactHasWritten] → expected, over every combination
  const expected = (mode: ApprovalMode, kind: OutreachKind, written: boolean) =>
    mode !== 'none' && kind !== 'direct' && (mode === 'all' || !written);
  for (const mode of APPROVAL_MODES) {
    for (const kind of OUTREACH_KINDS) {
      for (const written of [false, true]) {
        const want = expected(mode, kind, written);
        it(`${mode}, ${kind}, ${written ? 'has written' : 'never wrote'} → ${want}`, () =>
          assert.equal(needsApproval(mode, kind, written), want));
      }
    }
  }
  it('spot checks', () => {
    assert.equal(needsApproval('first_contact', 'campaign', false), true);
    assert.equal(needsApproval('first_contact', 'campaign', true), false);
    assert.equal(needsApproval('all', 'queued', true), true);
    assert.equal(needsApproval('all', 'direct', false), false);
  });
});

describe('checkAtSendTime', () => {
  const facts = (o: Partial<SendTimeFacts> = {}): SendTimeFacts => ({
    nowMs: NOW,
    queuedAtMs: NOW - 60 * MIN,
    kind: 'queued',
    username: 'maya.creates',
    optedOut: false,
    stopOnReply: true,
    lastInboundAtMs: null,
    sameTextSentAtMs: null,
    dedupWindowMs: 24 * 60 * MIN,
    approvalMode: 'none',
    contactHasWritten: false,
    approvedAtMs: null,
    recipientDoubtAtMs: null,
    ...o,
  });
  const send: SendTimeVerdict = { kind: 'send' };
  const skip = (reason: Extract<SendTimeVerdict, { kind: 'skip' }>['reason']): SendTimeVerdict => ({
    kind: 'skip',
    reason,
  });
  const hold: SendTimeVerdict = { kind: 'hold', reason: 'awaiting_approval' };
  const doubt: SendTimeVerdict = { kind: 'hold', reason: 'recipient_unverified' };
  const cases: [string, Partial<SendTimeFacts>, SendTimeVerdict][] = [
    ['all clear', {}, send],
    ['opted out', { optedOut: true }, skip('opted_out')],
    [
      'opted out wins over everything else',
      { optedOut: true, username: null, lastInboundAtMs: NOW, approvalMode: 'all' },
      skip('opted_out'),
    ],
    ['no handle', { username: null }, skip('no_handle')],
    ['a blank handle', { username: '  ' }, skip('no_handle')],
    ['no handle wins over replied', { username: null, lastInboundAtMs: NOW }, skip('no_handle')],
    ['replied after queueing', { lastInboundAtMs: NOW - MIN }, skip('replied')],
    ['replied exactly at queueing', { lastInboundAtMs: NOW - 60 * MIN }, send],
    ['replied before queueing', { lastInboundAtMs: NOW - 2 * 60 * MIN }, send],
    ['replied, but stopOnReply is off', { lastInboundAtMs: NOW - MIN, stopOnReply: false }, send],
    ['replied wins over duplicate', { lastInboundAtMs: NOW - MIN, sameTextSentAtMs: NOW - MIN }, skip('replied')],
    ['same text inside the dedup window', { sameTextSentAtMs: NOW - 60 * MIN }, skip('duplicate')],
    ['same text just outside the window', { sameTextSentAtMs: NOW - 24 * 60 * MIN }, send],
    ['dedup window 0 switches dedup off', { sameTextSentAtMs: NOW, dedupWindowMs: 0 }, send],
    ['duplicate wins over the approval hold', { sameTextSentAtMs: NOW - MIN, approvalMode: 'all' }, skip('duplicate')],
    ['approval: all, not approved', { approvalMode: 'all', contactHasWritten: true }, hold],
    ['approval: all, approved', { approvalMode: 'all', approvedAtMs: NOW - MIN }, send],
    ['approval: first contact, never wrote', { approvalMode: 'first_contact', kind: 'campaign' }, hold],
    ['approval: first contact, has written', { approvalMode: 'first_contact', contactHasWritten: true }, send],
    ['approval: a direct send is its own approval', { approvalMode: 'all', kind: 'direct' }, send],
    ['a direct send is still skipped for a reply', { kind: 'direct', lastInboundAtMs: NOW - MIN }, skip('replied')],
    ['an earlier DM of unchecked recipient holds the next', { recipientDoubtAtMs: NOW - 90 * MIN }, doubt],
    ['… a direct one too', { kind: 'direct', recipientDoubtAtMs: NOW - 90 * MIN }, doubt],
    [
      '… and a follow-up',
      { kind: 'campaign', recipientDoubtAtMs: NOW - MIN, followUp: { previousSentAtMs: NOW - MIN } },
      doubt,
    ],
    ['… approved before the doubt: held again', { recipientDoubtAtMs: NOW - MIN, approvedAtMs: NOW - 2 * MIN }, doubt],
    ['… approved after it: sent', { recipientDoubtAtMs: NOW - 2 * MIN, approvedAtMs: NOW - MIN }, send],
    ['… approved at the same instant: held', { recipientDoubtAtMs: NOW - MIN, approvedAtMs: NOW - MIN }, doubt],
    ['opted out wins over the doubt', { optedOut: true, recipientDoubtAtMs: NOW - MIN }, skip('opted_out')],
    [
      'a duplicate wins over the doubt',
      { sameTextSentAtMs: NOW - MIN, recipientDoubtAtMs: NOW - MIN },
      skip('duplicate'),
    ],
    ['the doubt names itself, not approval', { approvalMode: 'all', recipientDoubtAtMs: NOW - MIN }, doubt],
  ];
  for (const [name, o, expected] of cases) it(name, () => assert.deepEqual(checkAtSendTime(facts(o)), expected));
});

describe('normalizeDmText', () => {
  const cases: [string, string][] = [
    ['  hey\n\n there\t ', 'hey there'],
    ['Cafe\u0301', 'Café'], // decomposed é → NFC
    ['a\u00a0\u2003b', 'a b'], // non-breaking and em spaces collapse too
    ['Hey MAYA', 'Hey MAYA'], // case kept
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(normalizeDmText(text), expected));
});

describe('verifyDelivery', () => {
  const out = (text: string) => ({ text, isOutbound: true });
  const inb = (text: string) => ({ text, isOutbound: false });
  const long = `${'lorem ipsum dolor sit amet '.repeat(25)}the end`; // 682 characters
  const spaced = Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n\n\n'); // whitespace-heavy, 587 units: its 500-unit cut normalizes to 398
  const cases: [string, string, { text: string; isOutbound: boolean }[], Delivery][] = [
    ['found among outbound', 'hey, loved your last reel!', [inb('hi'), out('hey, loved your last reel!')], 'sent'],
    [
      'found after whitespace and unicode normalization',
      'Café  au lait\nplease',
      [out('Cafe\u0301 au lait please')],
      'sent',
    ],
    ['a 500+ character text matched by its cut re-read', long, [out(long.slice(0, 500))], 'sent'],
    ['a whitespace-heavy text matched by its cut re-read', spaced, [out(spaced.slice(0, 500))], 'sent'],
    ['same first 400 characters counts as the same text', `${'x'.repeat(400)}a`, [out(`${'x'.repeat(400)}b`)], 'sent'],
    ['not found, a text the reader shows', 'hey, loved your last reel!', [inb('thanks!'), out('talk soon')], 'absent'],
    ['a different case is a different text', 'hey there maya', [out('Hey there Maya')], 'absent'],
    [
      'our text only as an inbound message: hidden as a repeat',
      'hey, loved your last reel!',
      [inb('hey, loved your last reel!')],
      'unsure',
    ],
    [
      'a repeat of an earlier text on the page',
      'sounds good to me',
      [inb('sounds  good to me'), out('other')],
      'unsure',
    ],
    ['three characters or fewer', 'ok!', [inb('hello there')], 'unsure'],
    ['three characters after trimming', '  hey  ', [inb('hello there')], 'unsure'],
    ['four characters are shown', 'okay', [inb('hello there')], 'absent'],
    ['short ALL-CAPS', 'YES PLEASE!', [inb('hello there')], 'unsure'],
    ['ALL-CAPS with accents', 'ÇA VA?', [inb('hello there')], 'unsure'],
    ['13-character ALL-CAPS is shown', 'YES PLEASE!!!', [inb('hello there')], 'absent'],
    ['no letters at all is not ALL-CAPS', '12345 678', [inb('hello there')], 'absent'],
    ['an empty read', 'hey, loved your last reel!', [], 'unsure'],
  ];
  for (const [name, text, read, expected] of cases)
    it(`${name} → ${expected}`, () => assert.equal(verifyDelivery(text, read), expected));
});
