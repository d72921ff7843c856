import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { newWebhookSecret } from '../../../src/adapters/webhooks/secrets';
import { signatureHeaders } from '../../../src/adapters/webhooks/signing';

/** The design's receiver: hex HMAC of the raw body, compared timing-safe. */
function designVerify(secret: string, body: string, header: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const body = JSON.stringify({
  event: 'message.sent',
  timestamp: '2026-11-29T12:00:00.000Z',
  data: { id: 'c1', text: 'héllo ✨' },
});
const ts = Math.floor(Date.now() / 1000);

describe('webhook signing', () => {
  it('a generated secret verifies with standardwebhooks and with the design verifier', () => {
    const secret = newWebhookSecret();
    const h = signatureHeaders({
      messageId: 'msg_1',
      eventType: 'message.sent',
      body,
      timestampSeconds: ts,
      secrets: [secret],
    });
    assert.deepEqual(new Webhook(secret).verify(body, h), JSON.parse(body));
    assert.ok(designVerify(secret, body, h['x-webhook-signature']!));
    assert.equal(h['x-webhook-event'], 'message.sent');
    assert.equal(h['webhook-id'], 'msg_1');
  });

  it("the design's plain secret verifies too (standardwebhooks in raw format)", () => {
    const h = signatureHeaders({
      messageId: 'msg_2',
      eventType: 'sync.completed',
      body,
      timestampSeconds: ts,
      secrets: ['your-secret-key'],
    });
    assert.deepEqual(new Webhook('your-secret-key', { format: 'raw' }).verify(body, h), JSON.parse(body));
    assert.ok(designVerify('your-secret-key', body, h['x-webhook-signature']!));
  });

  it('during a rotation both secrets verify; a wrong secret, a changed body or another id do not', () => {
    const [fresh, old] = [newWebhookSecret(), newWebhookSecret()];
    const h = signatureHeaders({
      messageId: 'msg_3',
      eventType: 'message.sent',
      body,
      timestampSeconds: ts,
      secrets: [fresh, old],
    });
    assert.ok(new Webhook(fresh).verify(body, h));
    assert.ok(new Webhook(old).verify(body, h));
    assert.ok(
      designVerify(fresh, body, h['x-webhook-signature']!) &&
        designVerify(old, body, h['x-webhook-signature-previous']!),
    );
    assert.throws(() => new Webhook(newWebhookSecret()).verify(body, h));
    assert.throws(() => new Webhook(fresh).verify(body.replace('héllo', 'hello'), h));
    assert.throws(() => new Webhook(fresh).verify(body, { ...h, 'webhook-id': 'msg_4' }));
    assert.ok(!designVerify(old, body, h['x-webhook-signature']!));
  });
});
