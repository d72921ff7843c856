import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WORKFLOW_ID_PATTERN } from '../../src/contracts/ids';
import * as C from '../../src/contracts/catalogue';
import { contractOfId, WORKFLOW_CONTRACTS, WORKFLOW_KINDS } from '../../src/contracts/catalogue';
import type { AnyContract, InputOf, ResultOf } from '../../src/contracts/contract';
import * as workflows from '../../src/workflows/index';

// The catalogue is what the gateway and the status routes know; a workflow exported without a
// contract would run but be unreachable, so every one must have its contract.

const SCHEDULE_ONLY = new Set(['scheduledStart']);

describe('workflow catalogue', () => {
  it('gives every exported workflow function a contract, and no contract an unexported function', () => {
    const functions = Object.entries(workflows)
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name);
    const covered = new Set(WORKFLOW_CONTRACTS.map((c) => c.workflowType));
    for (const name of functions) if (!SCHEDULE_ONLY.has(name)) assert.ok(covered.has(name), `${name} has no contract`);
    for (const name of covered) assert.ok(functions.includes(name), `${name} is not exported for the worker`);
  });

  it('has unique kinds whose ids fit the id pattern and lead back to their contract', () => {
    assert.equal(new Set(WORKFLOW_KINDS).size, WORKFLOW_KINDS.length);
    for (const contract of WORKFLOW_CONTRACTS) {
      const input = {
        accountId: 'acct_1',
        hostKey: '127.0.0.1:3100',
        endpointId: 'ep_1',
        messageId: 'msg_test_1',
        businessKey: 'dm:abc',
        reason: 'x',
        scope: { kind: 'inbox', tab: 'all' },
        contacts: [],
        request: {},
        videoId: 'vid_1',
      };
      const id = contract.id(input, 'key-1');
      assert.match(id, WORKFLOW_ID_PATTERN, `${contract.kind}: ${id}`);
      assert.equal(contractOfId(id)?.kind, contract.kind);
      // A Safari host is shared by whatever accounts it serves, webhook delivery by the whole CRM;
      // everything else is per account.
      const scope: Record<string, string> = {
        'safari-host': '127.0.0.1:3100',
        'webhook-endpoint': 'ep_1',
        'webhook-test': 'msg_test_1',
        'webhook-dispatcher': 'outbox',
      };
      assert.ok(id.includes(scope[contract.kind] ?? 'acct_1'), `${id} is scoped`);
    }
    assert.equal(contractOfId('someone-else:1'), undefined);
  });
  it("pairs each contract with the function of its workflowType, whose input and result types are the contract's", () => {
    // Type-checked: the function takes the contract's input and returns its result (tsc fails otherwise).
    const pair = <K extends AnyContract>(contract: K, fn: (input: InputOf<K>) => Promise<ResultOf<K>>) => [
      contract.workflowType,
      fn.name,
    ];
    const pairs = [
      pair(C.importContactsContract, workflows.importContacts),
      pair(C.syncConversationsContract, workflows.syncConversations),
      pair(C.syncContactsContract, workflows.syncConversations),
      pair(C.rescoreContactsContract, workflows.rescoreContacts),
      pair(C.dmSenderContract, workflows.dmSender),
      pair(C.sendDmWithContentContract, workflows.sendDmWithContent),
      pair(C.safariHostContract, workflows.safariHost),
      pair(C.webhookDispatcherContract, workflows.webhookDispatcher),
      pair(C.webhookEndpointContract, workflows.webhookEndpoint),
      pair(C.webhookTestContract, workflows.webhookTest),
      pair(C.videoPostedOutreachContract, workflows.videoPostedOutreach),
      pair(C.mediaPosterWatchContract, workflows.mediaPosterWatch),
      pair(C.replyWatchContract, workflows.watchReplies),
      pair(C.followUpsContract, workflows.followUps),
    ];
    assert.equal(pairs.length, WORKFLOW_CONTRACTS.length, 'every contract is paired here');
    for (const [type, name] of pairs) assert.equal(type, name);
  });
});
