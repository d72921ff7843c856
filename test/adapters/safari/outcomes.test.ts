import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classifyHttp,
  classifyTransportError,
  retrySafe,
  SAFARI_OPERATIONS,
  SAFARI_OUTCOMES,
} from '../../../src/adapters/safari/outcomes';

describe('classifyHttp', () => {
  const cases: [string, number, unknown, 'sendTo' | 'readMessages', string][] = [
    ['a plain 200 is OK', 200, { success: true }, 'sendTo', 'OK'],
    ['a 200 without success field is OK', 200, { messages: [] }, 'readMessages', 'OK'],
    ['429 hourly is RATE_LIMITED', 429, { error: 'Hourly rate limit exceeded' }, 'sendTo', 'RATE_LIMITED'],
    [
      '429 outside hours is OUTSIDE_HOURS',
      429,
      { error: 'Outside active hours', activeHours: '9:00 - 21:00' },
      'sendTo',
      'OUTSIDE_HOURS',
    ],
    [
      '200 + rateLimited:true is RATE_LIMITED',
      200,
      { success: false, rateLimited: true, error: 'x' },
      'sendTo',
      'RATE_LIMITED',
    ],
    [
      '200 + block banner text is RATE_LIMITED',
      200,
      { success: false, error: 'Action Blocked. Try again later.' },
      'sendTo',
      'RATE_LIMITED',
    ],
    [
      '200 + success:false is SOFT_FAILURE',
      200,
      { success: false, error: 'Could not find message input' },
      'sendTo',
      'SOFT_FAILURE',
    ],
    ['503 is SESSION_MISSING', 503, { error: 'Instagram Safari session not found' }, 'readMessages', 'SESSION_MISSING'],
    ['404 HTML page is NOT_FOUND', 404, undefined, 'readMessages', 'NOT_FOUND'],
    ['400 is INVALID', 400, { error: 'username and text required' }, 'sendTo', 'INVALID'],
    ['409 is INVALID', 409, { ok: false }, 'readMessages', 'INVALID'],
    ['500 is SERVER_ERROR', 500, { error: 'Error: boom' }, 'sendTo', 'SERVER_ERROR'],
    ['504 on a read is SERVER_ERROR', 504, undefined, 'readMessages', 'SERVER_ERROR'],
    ['504 on a send is OUTCOME_UNKNOWN', 504, undefined, 'sendTo', 'OUTCOME_UNKNOWN'],
    ['200 non-JSON on a read is SERVER_ERROR', 200, undefined, 'readMessages', 'SERVER_ERROR'],
    ['200 non-JSON on a send is OUTCOME_UNKNOWN', 200, undefined, 'sendTo', 'OUTCOME_UNKNOWN'],
  ];
  for (const [name, status, body, op, code] of cases) {
    it(name, () => assert.equal(classifyHttp(status, body, op).code, code));
  }

  it('keeps the server error text as the message', () => {
    assert.equal(
      classifyHttp(400, { error: 'username and text required' }, 'sendTo').message,
      'username and text required',
    );
  });
});

describe('classifyTransportError', () => {
  it('a timeout or reset is OUTCOME_UNKNOWN', () => {
    assert.equal(
      classifyTransportError(new DOMException('The operation timed out', 'TimeoutError')).code,
      'OUTCOME_UNKNOWN',
    );
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    assert.equal(classifyTransportError(reset).code, 'OUTCOME_UNKNOWN');
  });
  it('a refused connection never reached the server: SERVER_ERROR', () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    });
    assert.equal(classifyTransportError(refused).code, 'SERVER_ERROR');
  });
});

describe('retrySafe', () => {
  const expectedForSend: Record<string, boolean> = {
    OK: false,
    RATE_LIMITED: true,
    OUTSIDE_HOURS: true,
    SESSION_MISSING: true,
    NOT_FOUND: false,
    SOFT_FAILURE: false,
    INVALID: false,
    SERVER_ERROR: true,
    OUTCOME_UNKNOWN: false,
  };
  for (const code of SAFARI_OUTCOMES) {
    it(`${code}: send ${expectedForSend[code]}, reads ${code !== 'INVALID' && code !== 'NOT_FOUND'}`, () => {
      assert.equal(retrySafe(code, 'sendTo'), expectedForSend[code]);
      for (const op of SAFARI_OPERATIONS.filter((o) => o !== 'sendTo')) {
        assert.equal(retrySafe(code, op), code !== 'INVALID' && code !== 'NOT_FOUND', `${code} ${op}`);
      }
    });
  }
});
