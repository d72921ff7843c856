import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_FIRST_ID, ANSWER_FIRST_TEXT, suggestReplies } from '../../src/domain/copilot';
import { analyzeConversationContext, type ConversationContext } from '../../src/domain/conversation-context';
import type { ActionTemplate } from '../../src/domain/copilot-templates';
import { detectFitOpportunity, type FitSignalConfig } from '../../src/domain/fit-signals';
import type { Message } from '../../src/domain/types';
import { contact, daysAgo, message, NOW, thread } from './domain-fixtures';

const ranking = (r: ReturnType<typeof suggestReplies>) => r.suggestions.map((s) => [s.templateId, s.priority]);

describe('suggestReplies with the default templates', () => {
  it('service lane, struggling contact: ranks by lane, stage, sentiment and template priority', () => {
    const result = suggestReplies({
      contact: contact({
        pipelineStage: 'context_captured',
        relationshipScore: 55,
        whatTheyreBuilding: 'a baking course',
      }),
      messages: thread(['out', 'hey'], ['in', "I'm stuck on my launch"]),
      nowMs: NOW,
    });
    assert.equal(result.lane, 'service');
    assert.deepEqual(result.context, {
      sentiment: 'negative',
      topic: 'general',
      needsResponse: true,
      lastMessageDaysAgo: 999,
    });
    assert.deepEqual(ranking(result), [
      ['s2', 118], // 50 + 20 lane + 15 their turn + 10 struggling & service + 15 stage + 8
      ['s1', 108.5], // 50 + 20 + 15 + 10 + 5 any stage + 8.5
      ['s3', 107.5], // 50 + 20 + 15 + 10 + 5 + 7.5
      ['s4', 102], // 50 + 20 + 15 + 10 + 0 other stage + 7
      ['f3', 87], // 50 + 15 + 15 stage + 7; f1 78 and f2 77.5 fall off
    ]);
    const f3 = result.suggestions[4];
    assert.equal(f3?.personalized, "how's a baking course coming along?");
    assert.equal(f3?.reason, 'Check in on what they are building (friendship lane, score: 55)');
    assert.equal(result.fitOpportunity, null);
  });

  const automationAsk = thread(['out', 'hey!'], ['in', 'how do I automate my dms? replying manually takes forever']);
  const expectedFit = {
    configId: 'dm-automation',
    product: 'DM automation setup',
    matches: ['automat', 'dms', 'manually', 'replying'],
    offerTemplate:
      'i set up simple automations for exactly that — want me to show you how it could work for ___? no pressure.',
  };

  it('offer lane with a fit signal: the fit offer is ranked among the offers', () => {
    const result = suggestReplies({
      contact: contact({ pipelineStage: 'fit_repeats', relationshipScore: 75 }),
      messages: automationAsk,
      nowMs: NOW,
    });
    assert.equal(result.lane, 'offer');
    assert.deepEqual(result.context, {
      sentiment: 'curious',
      topic: 'automation',
      needsResponse: true,
      lastMessageDaysAgo: 999,
    });
    assert.deepEqual(result.fitOpportunity, expectedFit);
    assert.deepEqual(ranking(result), [
      ['answer-first', 119.5], // they asked "how do i automate…": one above the best template
      ['o1', 118.5], // 50 + 20 + 15 + 10 curious & '?' + 15 stage + 8.5
      ['fit:dm-automation', 110], // 50 + 20 + 15 + 10 + 5 + 100/10; s1 (88.5) falls off
      ['o2', 109], // 50 + 20 + 15 + 10 + 5 + 9
      ['o3', 103], // 50 + 20 + 15 + 10 + 0 + 8
    ]);
    assert.equal(
      result.suggestions[2]?.personalized,
      'i set up simple automations for exactly that — want me to show you how it could work for that project? no pressure.',
    );
    assert.equal(result.suggestions[2]?.type, 'offer');
  });

  it('outside the offer lane a fit signal is reported but no offer is suggested', () => {
    const result = suggestReplies({ contact: contact({ relationshipScore: 75 }), messages: automationAsk, nowMs: NOW });
    assert.equal(result.lane, 'friendship');
    assert.deepEqual(result.fitOpportunity, expectedFit);
    assert.ok(result.suggestions.every((s) => s.type !== 'offer'));
  });

  it('is deterministic: no random name prefix, same input → same output', () => {
    const input = {
      contact: contact({ displayName: 'Sarah', relationshipScore: 80 }),
      messages: automationAsk,
      nowMs: NOW,
    };
    const first = suggestReplies(input);
    for (let i = 0; i < 50; i += 1) assert.deepEqual(suggestReplies(input), first);
    assert.ok(first.suggestions.every((s) => !/sarah|maker/i.test(s.personalized)));
  });

  it('reads the clock only from nowMs', () => {
    const input = {
      contact: contact({ lastMessageAt: daysAgo(4) }),
      messages: [message(0, 'in', 'hi', daysAgo(1))],
      nowMs: NOW,
    };
    assert.equal(suggestReplies(input).context.lastMessageDaysAgo, 1);
    assert.equal(suggestReplies({ ...input, nowMs: NOW + 2 * 86_400_000 }).context.lastMessageDaysAgo, 3);
  });
});

describe('suggestReplies answers a question first', () => {
  const suggest = (messages: Message[], templates?: ActionTemplate[]) =>
    suggestReplies({ contact: contact({ relationshipScore: 40 }), messages, templates, nowMs: NOW });

  it('their latest message asks: the first suggestion answers it, naming what they asked', () => {
    const result = suggest(thread(['out', 'want the free guide?'], ['in', 'love it! how much is the course']));
    const first = result.suggestions[0]!;
    assert.equal(first.templateId, ANSWER_FIRST_ID);
    assert.equal(first.personalized, ANSWER_FIRST_TEXT);
    assert.equal(first.reason, 'They asked "how much": answer it first (friendship lane, score: 40)');
    assert.equal(first.priority, result.suggestions[1]!.priority + 1);
    assert.equal(result.suggestions.length, 5);
    assert.equal(suggest(thread(['in', '¿cuánto cuesta?'])).suggestions[0]?.templateId, ANSWER_FIRST_ID);
    assert.match(suggest(thread(['in', '?'])).suggestions[0]!.reason, /^They asked something: answer it first/);
  });

  it('not when they did not ask, when an earlier message asked, or when we already replied', () => {
    const firsts = [
      thread(['in', 'sounds great, send it']),
      thread(['in', 'how much?'], ['in', 'actually not now, busy this week']),
      thread(['in', 'how much?'], ['out', 'it is $49']),
      [],
    ].map((messages) => suggest(messages).suggestions[0]?.templateId);
    assert.ok(
      firsts.every((id) => id !== ANSWER_FIRST_ID),
      String(firsts),
    );
  });

  it('the fit offer keeps the last slot when the answer comes first', () => {
    const fit: FitSignalConfig = {
      id: 'ai',
      product: 'AI audit',
      signalKeywords: ['ai'],
      minMatches: 1,
      offerTemplate: 'want an ai audit?',
    };
    const offers = [1, 2, 3, 4, 5].map((n) => ({
      id: `o${n}`,
      lane: 'offer' as const,
      stage: 'fit_repeats' as const,
      text: 'x',
      description: 'x',
      priority: 200,
    }));
    const result = suggestReplies({
      contact: contact({ pipelineStage: 'fit_repeats' }),
      messages: thread(['in', 'we use ai, which tool should we try?']),
      templates: offers,
      fitConfigs: [fit],
      nowMs: NOW,
    });
    assert.deepEqual(
      result.suggestions.map((s) => s.templateId),
      [ANSWER_FIRST_ID, 'o1', 'o2', 'o3', 'fit:ai'],
    );
  });

  it('the latest by thread position, whatever order the messages came in', () => {
    const messages = [message(1, 'in', 'what camera do you use?'), message(0, 'in', 'nice video')];
    assert.equal(suggest(messages).suggestions[0]?.templateId, ANSWER_FIRST_ID);
    assert.notEqual(
      suggest([message(0, 'in', 'what camera?'), message(1, 'in', 'ok')]).suggestions[0]?.templateId,
      ANSWER_FIRST_ID,
    );
  });
});

describe('suggestReplies with custom templates', () => {
  const tpl = (id: string, priority: number, text = 'hey?', extra: Partial<ActionTemplate> = {}): ActionTemplate => ({
    id,
    lane: 'friendship',
    stage: 'any',
    text,
    description: id,
    priority,
    ...extra,
  });
  const run = (templates: ActionTemplate[], messages: Message[] = [], fitConfigs: FitSignalConfig[] = []) =>
    suggestReplies({ contact: contact({ relationshipScore: 80 }), messages, templates, fitConfigs, nowMs: NOW });

  it('breaks priority ties by template id, whatever the input order', () => {
    const templates = [tpl('b', 80), tpl('c', 80), tpl('a', 80), tpl('z', 90)];
    const forward = run(templates);
    assert.deepEqual(
      forward.suggestions.map((s) => s.templateId),
      ['z', 'a', 'b', 'c'],
    );
    assert.deepEqual(run([...templates].reverse()), forward);
  });

  it('keeps the top 5 and ignores lanes not considered', () => {
    const templates = [1, 2, 3, 4, 5, 6]
      .map((n) => tpl(`t${n}`, n * 10))
      .concat(tpl('offer', 100, 'x', { lane: 'offer' }));
    assert.deepEqual(
      run(templates).suggestions.map((s) => s.templateId),
      ['t6', 't5', 't4', 't3', 't2'],
    );
  });

  it('the fit offer takes the last slot when five templates outrank it', () => {
    const fit: FitSignalConfig = {
      id: 'ai',
      product: 'AI audit',
      signalKeywords: ['ai'],
      minMatches: 1,
      offerTemplate: 'want an ai audit?',
    };
    const offers = [1, 2, 3, 4, 5, 6].map((n) => tpl(`o${n}`, 200, 'x', { lane: 'offer', stage: 'fit_repeats' }));
    const result = suggestReplies({
      contact: contact({ pipelineStage: 'fit_repeats' }),
      messages: thread(['in', 'we use ai']),
      templates: offers,
      fitConfigs: [fit],
      nowMs: NOW,
    });
    // offers: 50 + 20 + 15 their turn + 15 stage + 20; the fit offer: 50 + 20 + 15 + 5 any stage + 10
    assert.deepEqual(ranking(result), [
      ['o1', 120],
      ['o2', 120],
      ['o3', 120],
      ['o4', 120],
      ['fit:ai', 100],
    ]);
  });

  it('personalizes: ___, the fallback, a "$&" kept literally, sympathy only without a question', () => {
    const templates = [tpl('q', 50, 'how is ___?'), tpl('s', 40, 'rooting for ___.')];
    const sad = thread(['in', 'this is so frustrating']);
    const cases: [string | null, Message[], string[]][] = [
      ['my $& shop', [], ['how is my $& shop?', 'rooting for my $& shop.']],
      [null, [], ['how is that project?', 'rooting for that project.']],
      ['  ', sad, ['how is that project?', 'that sounds rough. rooting for that project.']],
    ];
    for (const [building, messages, expected] of cases) {
      const result = suggestReplies({
        contact: contact({ whatTheyreBuilding: building }),
        messages,
        templates,
        fitConfigs: [],
        nowMs: NOW,
      });
      assert.deepEqual(
        result.suggestions.map((s) => s.personalized),
        expected,
      );
    }
  });
});

describe('analyzeConversationContext', () => {
  const ctx = (messages: Message[], lastMessageAt: string | null = null) =>
    analyzeConversationContext(messages, { nowMs: NOW, lastMessageAt });
  const inbound = (text: string) => ctx(thread(['out', 'hey'], ['in', text]));
  const cases: [
    string,
    ConversationContext,
    Omit<ConversationContext, 'lastMessageDaysAgo'> | Partial<ConversationContext>,
  ][] = [
    ['no messages', ctx([]), { sentiment: 'neutral', topic: 'general', needsResponse: true, lastMessageDaysAgo: 999 }],
    ['no messages, contact last wrote 2 days ago', ctx([], daysAgo(2.5)), { lastMessageDaysAgo: 2 }],
    [
      'only outbound',
      ctx(thread(['out', 'thanks! love your reels?'])),
      { sentiment: 'neutral', topic: 'general', needsResponse: false },
    ],
    ['positive wins over negative', inbound('thanks, but I am stuck'), { sentiment: 'positive' }],
    ['negative', inbound('struggling with my reels'), { sentiment: 'negative', topic: 'content' }],
    ['curious', inbound('how do you grow an audience?'), { sentiment: 'curious', topic: 'growth' }],
    ['"hardware" is not "hard"', inbound('hardware shop'), { sentiment: 'neutral', topic: 'general' }],
    ['"happy" is no app', inbound('so happy'), { sentiment: 'neutral', topic: 'general' }],
    ['"sometimes" is no time', inbound('sometimes'), { topic: 'general' }],
    ['app', inbound('which app do you use'), { topic: 'automation' }],
    ['automating', inbound('automating my dms'), { topic: 'automation' }],
    ['content before business', inbound('my post about my business'), { topic: 'content' }],
    ['business', inbound('need more clients'), { topic: 'business' }],
    ['productivity', inbound('no time, too busy'), { topic: 'productivity' }],
    ['our turn after their message', inbound('ok'), { needsResponse: true }],
    ['their turn after ours', ctx(thread(['in', 'ok'], ['out', 'cool'])), { needsResponse: false }],
    [
      'order comes from position, not the array',
      ctx([message(1, 'out', 'later'), message(0, 'in', 'thanks')]),
      { sentiment: 'positive', needsResponse: false },
    ],
    [
      'days from the last message sentAt',
      ctx([message(0, 'in', 'a', daysAgo(9)), message(1, 'in', 'b', daysAgo(3))], daysAgo(1)),
      { lastMessageDaysAgo: 3 },
    ],
    ['sentAt null: the contact lastMessageAt', ctx(thread(['in', 'a']), daysAgo(5)), { lastMessageDaysAgo: 5 }],
    ['nothing known: 999', ctx(thread(['in', 'a'])), { lastMessageDaysAgo: 999 }],
    ['future date counts as today', ctx(thread(['in', 'a']), daysAgo(-3)), { lastMessageDaysAgo: 0 }],
  ];
  for (const [name, actual, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof ConversationContext]])),
        expected,
      ),
    );
  }
});

describe('detectFitOpportunity', () => {
  const cfg = (id: string, signalKeywords: string[], minMatches: number): FitSignalConfig => ({
    id,
    product: id,
    signalKeywords,
    minMatches,
    offerTemplate: `${id}?`,
  });
  const configs = [cfg('first', ['reels', 'posting'], 2), cfg('second', ['reels', 'clients'], 2)];
  const cases: [string, Message[], FitSignalConfig[], string | null, string[]?][] = [
    ['no messages', [], configs, null],
    ['outbound keywords do not count', thread(['out', 'reels posting clients']), configs, null],
    ['one keyword of two', thread(['in', 'my reels']), configs, null],
    [
      'first config that matches wins',
      thread(['in', 'Reels and POSTING'], ['in', 'clients']),
      configs,
      'first',
      ['reels', 'posting'],
    ],
    [
      'later config when the first misses',
      thread(['in', 'reels for clients']),
      configs,
      'second',
      ['reels', 'clients'],
    ],
    [
      '"ai" is not found inside "said"',
      thread(['in', 'she said the tools are great']),
      [cfg('ai', ['ai', 'tools'], 2)],
      null,
    ],
    ['"ai" as a word', thread(['in', 'using AI tools']), [cfg('ai', ['ai', 'tools'], 2)], 'ai', ['ai', 'tools']],
    [
      'a stem finds its family',
      thread(['in', 'automation for dms']),
      [cfg('auto', ['automat', 'dms'], 2)],
      'auto',
      ['automat', 'dms'],
    ],
    [
      'regex characters are literal',
      thread(['in', 'learning c++ and rust']),
      [cfg('code', ['c++', 'rust'], 2)],
      'code',
      ['c++', 'rust'],
    ],
    ['duplicates count once', thread(['in', 'dms']), [cfg('dup', ['dms', 'DMs '], 2)], null],
    ['minMatches 0 still needs one keyword', thread(['in', 'nothing here']), [cfg('zero', ['dms'], 0)], null],
  ];
  for (const [name, messages, list, id, matches] of cases) {
    it(name, () => {
      const found = detectFitOpportunity(messages, list);
      assert.deepEqual(found, id === null ? null : { configId: id, product: id, matches, offerTemplate: `${id}?` });
    });
  }
});
