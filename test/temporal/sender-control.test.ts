import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSenderControl } from '../../src/temporal/sender-control';
import type { WorkflowGateway } from '../../src/temporal/workflow-gateway';
import { senderInput } from '../../src/temporal/workflow-inputs';
import { TEST_SENDER_TIMING } from '../helpers/api';

// Waking a sender: callers of one event-loop turn share one signal, sent after all of them asked;
// a caller while a signal is in flight gets the one after it (never one that began before it asked).

function fakeGateway() {
  const sent: { accountId: string; log: string[]; release: () => void }[] = [];
  const log: string[] = [];
  const gateway = {
    signalWithStart: (_contract: unknown, input: { accountId: string }) =>
      new Promise<void>((release) => {
        log.push(`signal ${input.accountId}`);
        sent.push({ accountId: input.accountId, log: [...log], release });
      }),
  } as unknown as WorkflowGateway;
  return { gateway, sent, log };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('sender control', () => {
  it('sends one signal for every caller of one turn, after all of them asked', async () => {
    const { gateway, sent, log } = fakeGateway();
    const senders = createSenderControl(gateway, (id) => senderInput(TEST_SENDER_TIMING, id));
    let answered = 0;
    const group = ['a', 'b', 'c'].map((who) => {
      log.push(`asked ${who}`);
      return senders.wakeSender('acct', 'queue changed').then(() => answered++);
    });
    await turn();
    assert.deepEqual(
      sent.map((s) => s.log),
      [['asked a', 'asked b', 'asked c', 'signal acct']],
    );
    assert.equal(answered, 0, 'nobody is answered before the signal is');
    sent[0]!.release();
    await Promise.all(group);
    assert.equal(answered, 3);
  });

  it('makes a caller during a signal in flight wait for the next one, shared by all who ask meanwhile', async () => {
    const { gateway, sent, log } = fakeGateway();
    const senders = createSenderControl(gateway, (id) => senderInput(TEST_SENDER_TIMING, id));
    const first = senders.wakeSender('acct', 'queue changed');
    await turn();
    log.push('asked late');
    const late = [senders.wakeSender('acct', 'queue changed'), senders.queueChanged('acct')];
    const other = senders.wakeSender('other', 'queue changed');
    await turn();
    assert.equal(sent.filter((s) => s.accountId === 'acct').length, 1, 'one in flight per account');
    assert.equal(sent.filter((s) => s.accountId === 'other').length, 1, 'another account does not wait');
    sent[0]!.release();
    await first;
    await turn();
    const acct = sent.filter((s) => s.accountId === 'acct');
    assert.equal(acct.length, 2, 'the late callers share one more signal');
    assert.deepEqual(
      acct[1]!.log.filter((l) => l.endsWith('acct') || l.startsWith('asked')).slice(-2),
      ['asked late', 'signal acct'],
      'sent after they asked',
    );
    acct[1]!.release();
    await Promise.all(late);
    sent.find((s) => s.accountId === 'other')!.release();
    await other;
  });
});
