import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { AudienceCandidate } from '../../src/domain/audience-terms';
import { learnFromMessage } from '../../src/domain/learned-facts';
import { planLearnedUpdates, type LearnableContact } from '../../src/domain/learned-updates';
import { fitReason, selectAudience, videoInterest } from '../../src/domain/video-audience';
import { generateInbox, type SimThread } from '../../src/simulator/inbox-generator';

// The issue's demo, pure: `npm start`'s simulator inbox (seed 42, 40 conversations, as
// SIMULATOR_SEED's default) synced, what each person wrote learned message by message, and
// `npm run demo:video-posted`'s video choosing its audience. Before learning, it found nobody.

const START_MS = Date.parse('2026-12-06T12:00:00Z');
const DEMO_VIDEO = '6f1d2a10-0000-4000-8000-000000000006';
// MediaPoster's fixture for that video: its analysis' topics, pillar and format tags, its posts'
// hashtags (shareable-video.ts keywordsOf joins them the same way).
const KEYWORDS = ['automation', 'productivity', 'content strategy', 'education', 'tutorial', 'contentstrategy'];
const RULES = { minScore: 30, max: 20, cooldownMs: 0, nowMs: START_MS }; // CRM_VIDEO_OUTREACH_MIN_SCORE's default

function candidateOf(thread: SimThread, learn: boolean): AudienceCandidate {
  const inbound = thread.messages.filter((m) => !m.isOutbound && m.atMs <= START_MS);
  let contact: LearnableContact = {
    whatTheyreBuilding: null,
    currentFriction: null,
    theirDefinitionOfWin: null,
    fitSignals: [],
  };
  for (const [i, m] of inbound.entries()) {
    if (!learn) break;
    const source = { messageId: `${thread.threadId}:${i}`, learnedAt: new Date(m.atMs).toISOString() };
    const plan = planLearnedUpdates(contact, learnFromMessage(m.text), source);
    if (plan) contact = { ...contact, ...plan.patch, learned: plan.learned };
  }
  return {
    id: thread.threadId,
    username: thread.username,
    displayName: thread.displayName,
    pipelineStage: 'first_touch',
    relationshipScore: null,
    tags: [],
    optedOut: false,
    recentInbound: inbound
      .map((m) => m.text)
      .reverse()
      .slice(0, 5),
    lastContactedAt: null,
    ...contact,
  };
}

describe("the demo video's audience from the simulator's inbox", () => {
  const threads = generateInbox({ seed: 42, conversations: 40, startMs: START_MS }).threads;
  const interest = videoInterest({ keywords: KEYWORDS, topics: [] });

  it("uses the fixture's keywords for the demo video", () => {
    const seed = readFileSync('supabase/mediaposter/migrations/20250101000100_fixture_seed.sql', 'utf8');
    const analysis = seed.split('\n').find((l) => l.includes(`('${DEMO_VIDEO}', array[`));
    assert.ok(analysis?.includes("array['automation', 'productivity', 'content strategy']"), analysis);
    assert.ok(seed.includes("array['#automation', '#contentstrategy']"));
  });

  it('finds nobody from messages alone, and several people from what they said about themselves', () => {
    const before = selectAudience(
      interest,
      threads.map((t) => candidateOf(t, false)),
      RULES,
    );
    const after = selectAudience(
      interest,
      threads.map((t) => candidateOf(t, true)),
      RULES,
    );
    console.log(
      `scanned ${after.counts.scanned}: matched ${before.counts.matched} before learning, ${after.counts.matched} after`,
    );
    assert.equal(before.counts.matched, 0);
    assert.ok(after.counts.matched >= 3, `matched ${after.counts.matched}`);
    const reasons = after.chosen.map((m) => `@${m.candidate.username}: ${fitReason(m)}`);
    console.log(reasons.join('\n'));
    for (const member of after.chosen) {
      const reason = fitReason(member);
      assert.match(reason, /^you said /, reason);
      // Their words: the quoted part is in what they wrote, pronouns turned to "your".
      const quoted = reason
        .replace(/^you said (?:you're \S+(?: \S+)?|your \S+ \S+ is) /, '')
        .replace(/\byour\b/g, 'my');
      assert.ok(
        member.candidate.recentInbound.some((text) => text.includes(quoted)),
        `${reason} / ${member.candidate.recentInbound.join(' | ')}`,
      );
    }
  });
});
