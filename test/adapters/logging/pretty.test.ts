import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { createLogger } from '../../../src/adapters/logging/logger';
import { prettyLine } from '../../../src/adapters/logging/pretty';
import { createApp } from '../../../src/api/app';
import { makeApiDeps, TEST_API_KEY } from '../../helpers/api';

// What a person reads in a terminal (LOG_FORMAT=pretty, or auto on a TTY): one short line per
// record — time, level, part, message, request id — and JSON everywhere else.

function capture() {
  const lines: string[] = [];
  return { lines, stream: { write: (chunk: string) => void lines.push(...chunk.split('\n').filter(Boolean)) } };
}

const TIME = /^\d\d:\d\d:\d\d\.\d{3} /;

describe('human-readable logs', () => {
  it('prints time, level, part, message, other fields and the request id, in that order', () => {
    const out = capture();
    const log = createLogger({ level: 'info', name: 'crm-api', format: 'pretty' }, out.stream);
    log.info({ port: 3200 }, 'API listening');
    log
      .child({ requestId: 'req-1', component: 'sender' })
      .warn({ account: 'main', reason: 'daily cap 30/30' }, 'paused');
    log.error({ err: new Error('connect ECONNREFUSED 127.0.0.1:54361') }, 'could not record the default account');
    assert.equal(out.lines.length, 3);
    assert.match(out.lines[0]!, TIME);
    assert.equal(out.lines[0]!.replace(TIME, ''), 'INFO  crm-api API listening port=3200');
    assert.equal(
      out.lines[1]!.replace(TIME, ''),
      'WARN  crm-api/sender paused account=main reason="daily cap 30/30" (req=req-1)',
    );
    assert.equal(
      out.lines[2]!.replace(TIME, ''),
      'ERROR crm-api could not record the default account err="connect ECONNREFUSED 127.0.0.1:54361"',
    );
  });

  it('shows the access log as the request itself, with its id', async () => {
    const out = capture();
    const app = createApp(
      makeApiDeps({ log: createLogger({ level: 'info', name: 'crm-api', format: 'pretty' }, out.stream) }),
    );
    await app.request('/api/contacts/maya', { headers: { 'x-request-id': 'abc-123' } });
    await app.request('/metrics', { headers: { 'x-api-key': TEST_API_KEY, 'x-request-id': 'abc-124' } });
    const shown = out.lines.map((l) => l.replace(TIME, '').replace(/ \d+ms /, ' Nms '));
    assert.deepEqual(shown, [
      'INFO  crm-api request GET /api/contacts/maya 401 Nms (req=abc-123)',
      'INFO  crm-api request GET /metrics 200 Nms (req=abc-124)',
    ]);
  });

  it('still redacts secrets, and keeps lines short', () => {
    const out = capture();
    createLogger({ level: 'info', name: 'crm-worker', format: 'pretty' }, out.stream).info(
      { config: { apiKey: 'secret-key-0123456789' }, note: 'x'.repeat(500) },
      'started',
    );
    assert.doesNotMatch(out.lines[0]!, /secret-key/);
    assert.match(out.lines[0]!, /config=\{"apiKey":"\[redacted\]"\}/);
    assert.ok(out.lines[0]!.length < 200, `${out.lines[0]!.length} characters`);
  });

  it('writes JSON when asked, and for auto when the output is not a terminal of its own', () => {
    for (const format of ['json', 'auto'] as const) {
      const out = capture();
      createLogger({ level: 'info', name: 'crm-api', format }, out.stream)
        .child({ requestId: 'r-9' })
        .info({ status: 200 }, 'request');
      const record = JSON.parse(out.lines[0]!) as Record<string, unknown>;
      assert.deepEqual(
        [record.msg, record.requestId, record.status, record.level, record.name],
        ['request', 'r-9', 200, 30, 'crm-api'],
        format,
      );
    }
  });

  it('passes through a line that is not a record', () => {
    assert.equal(prettyLine('plain text from somewhere\n'), 'plain text from somewhere');
  });

  it('auto writes short lines on a real terminal and JSON into a pipe (the same process, two stdouts)', () => {
    const script =
      "import('./src/adapters/logging/logger.ts').then(({ createLogger }) => createLogger({ level: 'info', name: 'crm-api' }).info({ port: 3200 }, 'API listening'))";
    const command = `${process.execPath} --import tsx -e "${script}"`;
    // `script` runs the command on a pseudo-terminal, as a person's shell would.
    const onTty = execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' }).trim();
    assert.match(onTty, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}crm-api API listening port=3200$/m);
    const inPipe = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }).trim();
    assert.equal((JSON.parse(inPipe) as { msg: string }).msg, 'API listening');
  });
});
