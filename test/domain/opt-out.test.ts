import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asksToStop, type OptOutLanguage } from '../../src/domain/opt-out';
import { optOutInEarlierPart, optOutRequest } from '../../src/domain/opt-out-changes';
import { INBOUND_TEXTS, REPLY_TEXTS } from '../../src/simulator/phrases';

// The opt-out rule over messages as people write them, both ways, in the five languages. A row
// that stops names the language and the phrase kept as the reason. Ambiguous rows are decided on
// the side of not messaging them only when the message is clearly addressed to us; those are
// marked "(decided)" with the reason.

type Row = [text: string, expected: null | [OptOutLanguage, string]];

const STOPS: Row[] = [
  ['stop', ['en', 'stop']],
  ['STOP', ['en', 'stop']],
  ['Stop.', ['en', 'stop']],
  ['stop!!!', ['en', 'stop']],
  ['STOP 🛑', ['en', 'stop']],
  ['stoooop', ['en', 'stop']],
  ['please stop', ['en', 'stop']],
  ['Stop please', ['en', 'stop']],
  ['stop it now', ['en', 'stop']],
  ['just stop.', ['en', 'stop']],
  ['stop stop stop', ['en', 'stop']],
  ["I've asked before. Stop.", ['en', 'stop']],
  ['unsubscribe', ['en', 'unsubscribe']],
  ['UNSUBSCRIBE', ['en', 'unsubscribe']],
  ['Unsubscribe me please', ['en', 'unsubscribe']],
  ['please unsubscribe me from this', ['en', 'unsubscribe me']],
  ['please don’t message me', ['en', "don't message me"]],
  ["don't dm me again", ['en', "don't message me"]],
  ['Do not contact me again.', ['en', "don't message me"]],
  ['never message me again', ['en', "don't message me"]],
  ['not interested', ['en', 'not interested']],
  ['Not interested, thanks', ['en', 'not interested']],
  ["I'm not interested", ['en', 'not interested']],
  ['no thanks, not interested', ['en', 'not interested']],
  ["I'm not interested in this", ['en', 'not interested']],
  ['not interested but thank you', ['en', 'not interested']],
  ['remove me from your list', ['en', 'remove me from your list']],
  ['take me off your list pls', ['en', 'remove me from your list']],
  ['remove me', ['en', 'remove me']],
  ['leave me alone', ['en', 'leave me alone']],
  ['Seriously, leave me alone', ['en', 'leave me alone']],
  ['no more messages', ['en', 'no more messages']],
  ['No more DMs please', ['en', 'no more messages']],
  ['stop messaging me', ['en', 'stop messaging me']],
  ['Stop sending me these', ['en', 'stop messaging me']],
  ['STOP SPAMMING ME', ['en', 'stop messaging me']],
  ["pls stop dm'ing me", ['en', 'stop messaging me']],
  ['stop messaging me lol', ['en', 'stop messaging me']], // (decided) laughing, but the words are addressed to us
  ['can you stop messaging me?', ['en', 'stop messaging me']],
  ['could you please not message me again?', ['en', "don't message me"]],
  ["I don't want to receive these messages anymore", ['en', "don't want messages"]],
  ['how do I unsubscribe?', ['en', 'how do I unsubscribe']], // (decided) asked of us, about our messages
  ['opt me out', ['en', 'opt out']],
  ['fuck off', ['en', 'f off']],
  ["I'll report you if you message me again", ['en', 'I will report you']],
  ["Please stop. I'm not interested.", ['en', 'stop']],
  ['this is spam', ['en', 'this is spam']],
  ['I told you to stop messaging me', ['en', 'stop messaging me']],
  ['no, stop messaging me', ['en', 'stop messaging me']],
  ['STOP!! I never signed up for this', ['en', 'stop']],
  ['para', ['es', 'para']],
  ['¡Para ya!', ['es', 'para']],
  ['Basta!', ['es', 'para']],
  ['no me escribas más', ['es', 'no me escribas más']],
  ['No me escribas mas por favor', ['es', 'no me escribas más']],
  ['no me manden más mensajes', ['es', 'no me escribas más']],
  ['deja de escribirme', ['es', 'deja de escribirme']],
  ['Para de mandarme mensajes', ['es', 'deja de escribirme']],
  ['¿Puedes dejar de escribirme?', ['es', 'deja de escribirme']],
  ['no me interesa', ['es', 'no me interesa']],
  ['No me interesa, gracias', ['es', 'no me interesa']],
  ['no estoy interesada', ['es', 'no me interesa']],
  ['no quiero recibir más mensajes', ['es', 'no quiero más mensajes']],
  ['sácame de tu lista', ['es', 'sácame de tu lista']],
  ['dame de baja', ['es', 'darme de baja']],
  ['déjame en paz', ['es', 'déjame en paz']],
  ['pare', ['pt', 'pare']],
  ['Pare com isso', ['pt', 'pare']],
  ['Chega!', ['pt', 'pare']],
  ['não me mande mais mensagens', ['pt', 'não me mande mais']],
  ['Não me manda mais nada', ['pt', 'não me mande mais']],
  ['para de me mandar mensagem', ['pt', 'pare de me mandar']],
  ['não tenho interesse', ['pt', 'não tenho interesse']],
  ['Não tenho interesse, obrigado', ['pt', 'não tenho interesse']],
  ['não estou interessado', ['pt', 'não tenho interesse']],
  ['não quero mais receber mensagens', ['pt', 'não quero mais mensagens']],
  ['me tira da sua lista', ['pt', 'me tira da lista']],
  ['me deixa em paz', ['pt', 'me deixa em paz']],
  ['arrête', ['fr', 'arrête']],
  ['Arrêtez svp', ['fr', 'arrête']],
  ["arrête de m'écrire", ['fr', "arrête de m'écrire"]],
  ["Arrêtez de m'envoyer des messages", ['fr', "arrête de m'écrire"]],
  ["ne m'écris plus", ['fr', "ne m'écris plus"]],
  ['Ne me contactez plus.', ['fr', "ne m'écris plus"]],
  ["m'écris plus stp", ['fr', "ne m'écris plus"]],
  ['pas intéressé', ['fr', 'pas intéressé']],
  ['Pas intéressée, merci', ['fr', 'pas intéressé']],
  ["ça ne m'intéresse pas du tout", ['fr', 'pas intéressé']],
  ['laisse-moi tranquille', ['fr', 'laisse-moi tranquille']],
  ['désabonne-moi', ['fr', 'désabonne-moi']],
  ['retirez-moi de votre liste', ['fr', 'retire-moi de ta liste']],
  ['je ne veux plus de messages', ['fr', 'je ne veux plus de messages']],
  ['hör auf', ['de', 'hör auf']],
  ['Stopp!', ['de', 'hör auf']],
  ['hör auf, mir zu schreiben', ['de', 'hör auf, mir zu schreiben']],
  ['Hört auf mich zu kontaktieren', ['de', 'hör auf, mir zu schreiben']],
  ['schreib mir nicht mehr', ['de', 'schreib mir nicht mehr']],
  ['Bitte schreiben Sie mir nicht mehr', ['de', 'schreib mir nicht mehr']],
  ['kein Interesse', ['de', 'kein Interesse']],
  ['Ich habe kein Interesse, danke', ['de', 'kein Interesse']],
  ['keine Nachrichten mehr bitte', ['de', 'keine Nachrichten mehr']],
  ['lass mich in Ruhe', ['de', 'lass mich in Ruhe']],
  ['bitte abmelden', ['de', 'abmelden']],
  ['nimm mich von der Liste', ['de', 'nimm mich von der Liste']],
  ['paraaaa 😡', ['es', 'para']],
  ['PAREM!!!', ['pt', 'pare']],
  ['arrêêête', ['fr', 'arrête']],
  ['hör auuuf!!', ['de', 'hör auf']],
  ['Por favor, no me mandes más cosas', ['es', 'no me escribas más']],
  ['Oi, não quero receber mais mensagens, obrigada', ['pt', 'não quero mais mensagens']],
  ["Arrêtez de m'écrire s'il vous plaît", ['fr', "arrête de m'écrire"]],
  ['Lassen Sie mich bitte in Ruhe', ['de', 'lass mich in Ruhe']],
];

const NOT_STOPS: Row[] = [
  ["don't stop posting these!", null],
  ["I can't stop watching your videos", null],
  ['stop by my page sometime', null],
  ['not interested in the paid one but the free guide sounds great', null],
  ['unsubscribed by accident, how do I get back?', null],
  ['How do I stop Instagram from muting my stories?', null],
  ['Should I stop posting daily?', null],
  ['When did you stop doing lives?', null],
  ['Why did you stop messaging me?', null],
  ['why did you stop messaging me', null],
  ['my friend wrote "stop messaging me" to a brand lol', null],
  ["The 'unsubscribe' link on your site is broken", null],
  ["lol stop 😂 you're too funny", null],
  ['omg stop', null],
  ['Stop! This is amazing', null],
  ["Stop, you're making me blush", null],
  ['The bus stop near the studio is closed', null],
  ["I'm not interested in selling, just building", null],
  ['Are you not interested in collabs?', null],
  ['I was not interested at first but now I love it', null],
  ['Not interested rn, maybe later', null],
  ['no thanks, I already have one', null],
  ["leave me a comment when it's up", null],
  ["Don't stop messaging me, I love these tips", null],
  ['You never message me anymore :(', null],
  ["you don't message me enough!", null],
  ['I told my ex to stop messaging me', null],
  ['No more excuses, starting today!', null],
  ['unstoppable energy today', null],
  ['how do I unsubscribe from youtube channels', null],
  ['I reported a bug in the app', null],
  ['Not interested. But the free guide sounds great!', null],
  ['stop?', null],
  ['No pares de subir videos!', null],
  ['no puedo parar de ver tus videos', null],
  ['para cuándo el próximo video?', null],
  ['para mí es el mejor canal', null],
  ['¿Por qué ya no me escribes?', null],
  ['deja de ser tan genial jaja', null],
  ['no me interesa el de pago pero la guía gratis suena genial', null],
  ['no me interesa nada más que tu contenido', null],
  ['mi ex no deja de escribirme', null],
  ['não pare de postar!', null],
  ['não consigo parar de assistir seus vídeos', null],
  ['para quando o próximo vídeo?', null],
  ['por que você parou de me mandar mensagens?', null],
  ['não tenho interesse no pago, mas o guia grátis parece ótimo', null],
  ['não pare de me mandar essas dicas', null],
  ["n'arrête jamais de poster !", null],
  ["je n'arrive pas à arrêter de regarder tes vidéos", null],
  ['arrête, tu me fais trop rire 😂', null],
  ["pourquoi tu m'écris plus ?", null],
  ["tu m'écris plus souvent ?", null],
  ["pas intéressé par la version payante mais le guide gratuit a l'air top", null],
  ["j'aimerais plus de messages comme ça", null],
  ['hör nicht auf zu posten!', null],
  ['ich kann nicht aufhören deine Videos zu schauen', null],
  ['warum schreibst du mir nicht mehr?', null],
  ['kein Interesse an der Bezahlversion, aber der Gratis-Guide klingt super', null],
  ['Stopp, das ist zu gut 😂', null],
  ['Kein Stress, schreib mir wann du Zeit hast', null],
  ['Me encanta, no pares nunca 🙌', null],
  ['para de ser tão bom kkkk', null],
  ["Stop, c'est trop drôle 😂", null],
  ['¿Cómo me doy de baja de Netflix? jaja', null],
  ['Danke! Ich habe Interesse an dem Kurs', null],
  ...[...INBOUND_TEXTS, ...REPLY_TEXTS].map((text): Row => [text, null]),
];

describe('asksToStop', () => {
  it(`has a table of at least 120 messages, both ways`, () => {
    assert.ok(STOPS.length + NOT_STOPS.length >= 120, `${STOPS.length + NOT_STOPS.length} rows`);
    assert.ok(STOPS.length >= 60 && NOT_STOPS.length >= 60);
  });

  for (const [text, expected] of [...STOPS, ...NOT_STOPS]) {
    it(`${expected ? 'stops' : 'does not stop'}: ${JSON.stringify(text)}`, () => {
      const got = asksToStop(text);
      assert.deepEqual(
        got && [got.language, got.phrase],
        expected,
        got ? `matched ${JSON.stringify(got.matched)} (${got.kind})` : 'no match',
      );
    });
  }
});

describe('optOutRequest', () => {
  const inbound = (text: string, sentAt: string | null = null) => ({ text, isOutbound: false, sentAt });
  const fresh = { optedOut: false, optedInAt: null };

  it('names the latest message of theirs that asks us to stop, never one of ours', () => {
    const thread = [
      inbound('stop'),
      { text: 'stop messaging me', isOutbound: true, sentAt: null },
      inbound('ok'),
      inbound('no me escribas más'),
      inbound('thanks'),
    ];
    assert.deepEqual(optOutRequest(thread, fresh), { index: 3, match: asksToStop('no me escribas más') });
    assert.equal(optOutRequest([inbound('Loved your last video')], fresh), null);
  });

  it('finds nothing for someone opted out already, nor in what they wrote before a person opted them back in', () => {
    assert.equal(optOutRequest([inbound('stop')], { optedOut: true, optedInAt: null }), null);
    const optedIn = { optedOut: false, optedInAt: '2026-12-01T10:00:00.000Z' };
    assert.equal(
      optOutRequest([inbound('stop', '2026-12-01T09:59:00.000Z')], optedIn),
      null,
      'dated before the opt-in',
    );
    assert.equal(optOutRequest([inbound('stop', '2026-12-01T10:01:00.000Z')], optedIn)?.index, 0, 'dated after it');
    assert.equal(optOutRequest([inbound('stop')], optedIn)?.index, 0, 'undated: stored now, so new');
  });
});

describe('optOutInEarlierPart', () => {
  const inbound = (text: string) => ({ text, isOutbound: false, sentAt: null });
  const ours = (text: string) => ({ text, isOutbound: true, sentAt: null });

  it('finds a stop in what the merge takes for stored, between our DMs as well as before them', () => {
    const earlier = [inbound('hi'), ours('our DM'), inbound('please stop messaging me'), ours('our next DM')];
    const fresh = { optedOut: false, optedInAt: null };
    assert.deepEqual(optOutInEarlierPart(earlier, fresh), {
      index: 2,
      match: asksToStop('please stop messaging me'),
    });
    assert.equal(optOutInEarlierPart([inbound('hi'), ours('our DM')], fresh), null);
  });

  it('looks at none of it once a person opted them back in, since each read would see the old stop again', () => {
    const earlier = [inbound('stop'), ours('our DM')];
    assert.equal(optOutInEarlierPart(earlier, { optedOut: false, optedInAt: '2026-12-01T10:00:00.000Z' }), null);
    assert.equal(optOutInEarlierPart(earlier, { optedOut: true, optedInAt: null }), null, 'opted out already');
  });
});
