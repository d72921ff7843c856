import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  mergeThread,
  messageKey,
  type MergeMethod,
  type ReadMessage,
  type StoredMessage,
} from '../../src/domain/thread-merge';

type Msg = { text: string; isOutbound: boolean };
const i = (text: string): Msg => ({ text, isOutbound: false });
const o = (text: string): Msg => ({ text, isOutbound: true });
const tail = (...messages: Msg[]): StoredMessage[] => messages.map((m, position) => ({ position, ...m }));

interface Row {
  name: string;
  stored: StoredMessage[];
  read: Msg[];
  append: Msg[];
  overlap: number;
  method: MergeMethod;
  gap: boolean;
}

// Scores in the comments use the module's points: match +4, skipped stored message -4 (-1 when
// HEAD would hide it), skipped read message -2, appended text the tail already holds -1.
const long = `${'a'.repeat(300)} ${'b'.repeat(300)}`;
const rows: Row[] = [
  {
    name: 'first read of a thread',
    stored: [],
    read: [i('hi there'), o('hey! how are you?')],
    append: [i('hi there'), o('hey! how are you?')],
    overlap: 0,
    method: 'empty',
    gap: false,
  },
  {
    name: 'an empty read adds nothing',
    stored: tail(i('hi there')),
    read: [],
    append: [],
    overlap: 0,
    method: 'empty',
    gap: false,
  },
  {
    name: 're-reading an unchanged thread adds nothing',
    stored: tail(i('hi there'), o('hey! how are you?'), i('good, you?')),
    read: [i('hi there'), o('hey! how are you?'), i('good, you?')],
    append: [],
    overlap: 3,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'new messages are appended once',
    stored: tail(i('hi there'), o('hey! how are you?')),
    read: [i('hi there'), o('hey! how are you?'), i('good, you?'), o('great, thanks for asking')],
    append: [i('good, you?'), o('great, thanks for asking')],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'the window slid forward',
    stored: tail(i('one'), o('two'), i('three'), o('four')),
    read: [i('three'), o('four'), i('five')],
    append: [i('five')],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: '"ok" said again is kept (cut 2: 8-1=7 beats cut 3: 8-2=6)',
    stored: tail(i('sounds good to me'), o('ok')),
    read: [i('sounds good to me'), o('ok'), o('ok')],
    append: [o('ok')],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'two stored "ok"s re-read add nothing',
    stored: tail(o('ok'), o('ok')),
    read: [o('ok'), o('ok')],
    append: [],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'one stored "ok", three read: two are new (cut 1: 4-2=2)',
    stored: tail(o('ok')),
    read: [o('ok'), o('ok'), o('ok')],
    append: [o('ok'), o('ok')],
    overlap: 1,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'a run of "ok"s grows by one (cut 3: 12-1=11 beats cut 4: 10)',
    stored: tail(i('ok'), i('ok'), i('ok')),
    read: [i('ok'), i('ok'), i('ok'), i('ok')],
    append: [i('ok')],
    overlap: 3,
    method: 'overlap',
    gap: false,
  },
  {
    name: '"thanks!" said twice is kept',
    stored: tail(i('thanks!'), o("you're welcome")),
    read: [i('thanks!'), o("you're welcome"), i('thanks!')],
    append: [i('thanks!')],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'the same text inbound and outbound are two messages',
    stored: tail(o('see you soon')),
    read: [o('see you soon'), i('see you soon')],
    append: [i('see you soon')],
    overlap: 1,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'more than a window of new messages: all appended, gap',
    stored: tail(i('a1'), o('a2'), i('a3')),
    read: [o('b1'), i('b2'), o('b3')],
    append: [o('b1'), i('b2'), o('b3')],
    overlap: 0,
    method: 'none',
    gap: true,
  },
  {
    name: 'a new burst repeating one stored text: appends after it, gap (cut 2: -2+4-4=-2)',
    stored: tail(i("how's the launch going?"), o('thanks!'), i('pretty well actually')),
    read: [i('new one'), o('thanks!'), i('new two')],
    append: [i('new two')],
    overlap: 2,
    method: 'anchor',
    gap: true,
  },
  {
    name: 'whitespace re-rendered is the same message',
    stored: tail(i('see you  tomorrow')),
    read: [i(' see you tomorrow\n'), o('perfect, see you then')],
    append: [o('perfect, see you then')],
    overlap: 1,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'a non-breaking space is whitespace too',
    stored: tail(o('talk soon\u00a0🙂')),
    read: [o('talk soon 🙂'), i('bye for now')],
    append: [i('bye for now')],
    overlap: 1,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'a read equal to the end of the stored tail adds nothing',
    stored: tail(i('one'), o('two'), i('three'), o('four')),
    read: [i('three'), o('four')],
    append: [],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'a read inside the stored tail adds nothing (cut 2: 8-4=4)',
    stored: tail(i('one'), o('two'), i('three'), o('four')),
    read: [o('two'), i('three')],
    append: [],
    overlap: 2,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'a read reaching back past the stored tail adds nothing (cut 4: -4+16=12)',
    stored: tail(i('three'), o('four'), i('five'), o('six')),
    read: [i('one'), o('two'), i('three'), o('four'), i('five'), o('six')],
    append: [],
    overlap: 6,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'HEAD read of a ccf4331-stored thread: short texts missing (cut 3: 12-2=10)',
    stored: tail(i('how is the launch going?'), o('ok'), i('slow but steady'), o('lol'), i('any tips for me?')),
    read: [i('how is the launch going?'), i('slow but steady'), i('any tips for me?'), o('happy to help!')],
    append: [o('happy to help!')],
    overlap: 3,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'HEAD hides a repeat the store holds twice (cut 2: 8-1=7 beats cut 1: 4-1=3)',
    stored: tail(i('thanks so much!'), o('see you soon'), i('thanks so much!')),
    read: [i('thanks so much!'), o('see you soon'), i('bye for now')],
    append: [i('bye for now')],
    overlap: 2,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'stored short and ALL-CAPS replies HEAD does not show (cut 2: 8-4=4)',
    stored: tail(
      i('can you send the guide?'),
      o('sure, here it is'),
      o('ok'),
      i('OK THANKS!!'),
      o('lol'),
      i('GREAT!!'),
    ),
    read: [i('can you send the guide?'), o('sure, here it is'), i('got it, thank you!')],
    append: [i('got it, thank you!')],
    overlap: 2,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'a ccf4331 read shows short texts a HEAD-built store lacks (cut 5: 8-6=2; cut 1 would re-append)',
    stored: tail(i('hello there'), i('great news today')),
    read: [i('hello there'), o('ok'), o('lol'), o('yes'), i('great news today'), i('a new message')],
    append: [i('a new message')],
    overlap: 5,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'many short texts the store lacks: the cut before them would re-append a stored message (cut 7: -2, cut 1 invalid)',
    stored: tail(i('hello there'), i('great news today')),
    read: [i('hello there'), o('ok'), o('lol'), o('yes'), o('no'), o('k'), i('great news today'), i('a new message')],
    append: [i('a new message')],
    overlap: 7,
    method: 'anchor',
    gap: true,
  },
  {
    name: 'HEAD hides the repeats ending a ccf4331-built tail (cut 5: 20-5=15)',
    stored: tail(
      i('how was the show?'),
      o('amazing, thank you'),
      i('haha nice'),
      o('what did you play?'),
      i('mostly new songs'),
      i('haha nice'),
      o('what did you play?'),
      i('haha nice'),
      o('amazing, thank you'),
      i('haha nice'),
    ),
    read: [
      i('how was the show?'),
      o('amazing, thank you'),
      i('haha nice'),
      o('what did you play?'),
      i('mostly new songs'),
      i('when is the next one?'),
    ],
    append: [i('when is the next one?')],
    overlap: 5,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'ambiguous tie: append less and flag a gap (cuts 1 and 3 both score 2)',
    stored: tail(i('thanks a lot'), o('thanks a lot'), i('sounds good')),
    read: [i('sounds good'), i('thanks a lot'), o('thanks a lot')],
    append: [],
    overlap: 3,
    method: 'anchor',
    gap: true,
  },
  {
    name: 'ambiguous tie, the earlier cut would append two repeats: append nothing, gap (cuts 1 and 3 both score 2)',
    stored: tail(i('thanks a lot'), i('sounds good'), i('see you then')),
    read: [i('see you then'), i('thanks a lot'), i('see you then')],
    append: [],
    overlap: 3,
    method: 'anchor',
    gap: true,
  },
  {
    name: 'limit: a verbatim repeat of the whole stored thread reads as a re-read (cut 4: 10 beats cut 1: 1)',
    stored: tail(i('first message'), o('second message'), i('third message')),
    read: [i('third message'), i('first message'), o('second message'), i('third message')],
    append: [],
    overlap: 4,
    method: 'anchor',
    gap: false,
  },
  {
    name: 'a long text stored in full matches its 500-character re-read',
    stored: tail(o(long)),
    read: [o(long.slice(0, 500)), i('wow, thank you')],
    append: [i('wow, thank you')],
    overlap: 1,
    method: 'overlap',
    gap: false,
  },
  {
    name: 'a stored tail given out of order is put in position order',
    stored: [
      { position: 11, ...o('second') },
      { position: 10, ...i('first') },
    ],
    read: [i('first'), o('second'), i('third')],
    append: [i('third')],
    overlap: 2,
    method: 'overlap',
    gap: false,
  },
];

describe('mergeThread', () => {
  for (const row of rows) {
    it(row.name, () => {
      const { append, overlap, method, gap } = row;
      assert.deepEqual(mergeThread(row.stored, row.read), { append, overlap, method, gap });
    });
  }

  it('returns the read objects themselves, with their timestamps and types', () => {
    const fresh: ReadMessage = {
      text: 'new',
      isOutbound: false,
      sentAt: '2025-01-31T12:00:00.000Z',
      messageType: 'text',
    };
    assert.equal(mergeThread(tail(i('old')), [i('old'), fresh]).append[0], fresh);
  });
});

describe('messageKey', () => {
  const cases: [Msg, string][] = [
    [i('  hello\n\tthere '), 'in:hello there'],
    [o('hello there'), 'out:hello there'],
    [i('cafe\u0301'), 'in:caf\u00e9'],
    [o('x'.repeat(450)), `out:${'x'.repeat(400)}`],
  ];
  for (const [message, key] of cases)
    it(`${JSON.stringify(message.text.slice(0, 20))} → ${key.slice(0, 20)}`, () =>
      assert.equal(messageKey(message), key));
});

/**
 * Simulated syncs. The expected thread is the one the simulation wrote, never something
 * mergeThread computed. 30% of the messages repeat one of a few stock phrases.
 */
describe('mergeThread over many simulated syncs', () => {
  const STOCK = ['ok', 'thanks!', 'haha nice', 'LOL', 'sounds good', 'see you soon', '❤️', 'thank you so much'];
  const LIMIT = 20;

  function simulate(seed: number, read: (thread: Msg[]) => Msg[], crmSends = false) {
    let state = seed;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    let counter = 0;
    const next = (isOutbound: boolean): Msg => ({
      isOutbound,
      text: random() < 0.3 ? STOCK[Math.floor(random() * STOCK.length)]! : `message number ${counter++}`,
    });
    const thread: Msg[] = [];
    const store: StoredMessage[] = [];
    for (let sync = 0; sync < 30; sync++) {
      const arrived = Math.floor(random() * LIMIT); // fewer than a window between two syncs
      for (let k = 0; k < arrived; k++) thread.push(next(random() < 0.5));
      const merge = mergeThread(store.slice(-2 * LIMIT), read(thread));
      for (const m of merge.append) store.push({ position: store.length, text: m.text, isOutbound: m.isOutbound });
      if (crmSends && random() < 0.3) {
        // the CRM records its own send without reading it back
        const sent = next(true);
        thread.push(sent);
        store.push({ position: store.length, ...sent });
      }
    }
    return { thread, stored: store.map(({ text, isOutbound }) => ({ text, isOutbound })) };
  }

  /** HEAD's reader: de-duplicate texts over the loaded page, drop short and ALL-CAPS ones, keep the last `limit`. */
  function headRead(thread: Msg[]): Msg[] {
    const seen = new Set<string>();
    const shown = thread.slice(-3 * LIMIT).filter(({ text }) => {
      if (seen.has(text) || text.length <= 3 || (text === text.toUpperCase() && text.length < 20)) return false;
      return seen.add(text);
    });
    return shown.slice(-LIMIT);
  }

  /** How many more times the store holds some message than the thread does (0 = no duplicate). */
  function extraCopies(stored: Msg[], thread: Msg[]): number {
    const count = new Map<string, number>();
    for (const m of thread) count.set(messageKey(m), (count.get(messageKey(m)) ?? 0) + 1);
    let extra = 0;
    for (const m of stored) {
      const left = (count.get(messageKey(m)) ?? 0) - 1;
      count.set(messageKey(m), left);
      if (left < 0) extra++;
    }
    return extra;
  }

  it('lossless ccf4331 reads rebuild the thread exactly', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const { thread, stored } = simulate(seed, (t) => t.slice(-LIMIT), true);
      assert.deepEqual(stored, thread, `seed ${seed}`);
    }
  });

  it('lossy HEAD reads, alone or alternating with ccf4331 reads, never duplicate a message', () => {
    for (let seed = 1; seed <= 15; seed++) {
      let flip = seed;
      const alternate = (t: Msg[]) => ((flip = (flip * 7 + 3) % 11) < 5 ? headRead(t) : t.slice(-LIMIT));
      for (const read of [headRead, alternate]) {
        const { thread, stored } = simulate(seed, read, true);
        assert.equal(extraCopies(stored, thread), 0, `seed ${seed}`);
      }
    }
  });
});
