/**
 * The small word lists the opt-out rule (opt-out.ts) reads around a matched phrase, in the folded
 * form it compares (lower case, no accents, no apostrophes: "don't" is "dont", "m'écris" "mecris").
 * English, Spanish, Portuguese, French and German side by side: a message mixes them often enough.
 */

const words = (s: string) => new Set(s.trim().split(/\s+/));

/** Politeness and emphasis around a bare command: "please stop now", "para ya", "arrête svp". */
export const FILLERS = words(`
  please pls plz plis now just ok okay thanks thank you thx ty sorry seriously hey hi man bro dude already right
  por favor porfa porfavor ya gracias ahora oye hola
  obrigado obrigada valeu agora ja pfv favor oi ola
  svp stp sil vous plait merci maintenant salut
  bitte danke jetzt hallo sofort endlich mal
`);

/**
 * Words that may follow a soft refusal ("not interested") and still leave it a refusal of us:
 * closings ("thanks", "sorry"), and references to what we sent ("in this", "in your messages").
 * Anything else after it ("not interested in the paid one") makes it about one thing, not us.
 */
export const SOFT_TAIL = words(`
  thanks thank you thx ty sorry man bro at all really anymore rn atm right now lol in this that it these those any anything
  your ur messages dms msgs offers offer stuff
  gracias lo siento perdon de verdad mas nada en esto eso estos tus sus mensajes ahora
  obrigado obrigada valeu desculpa mais nisso nesse disso isso em seus suas tuas mensagens agora
  merci desole vraiment plus par ca cela tes vos messages rien du tout
  danke sorry leider wirklich mehr an daran das dies deine ihre nachrichten
`);

/** A contrast followed by something of its own turns a soft refusal into a narrower one. */
export const CONTRASTS = words('but though however although pero aunque mas porem mais cependant aber jedoch sondern');

/** Laughing, teasing or delighted: a bare "stop" then means "you're too much", not "stop". */
export const PLAYFUL_WORDS = words(`
  lol lmao lmfao rofl haha hahaha hehe omg xd jaja jajaja jeje kkk kkkk rsrs mdr ptdr hihi
  love amazing awesome great funny cute kind sweet blush beautiful incredible
  encanta genial increible lindo incrivel adoro amo lindo demais
  jadore magnifique trop genial toll geil super wunderbar
`);
export const PLAYFUL_EMOJI =
  /[\u{1F602}\u{1F923}\u{1F606}\u{1F605}\u{1F61C}\u{1F61D}\u{1F62D}\u{1F60D}\u{1F970}\u{1F618}\u{1F60A}\u{263A}\u{1F648}\u{1F92D}\u{1F639}\u{1F480}\u{2764}\u{1F495}\u{1F496}]/u;

/** Right before a "stop doing X" phrase these flip it: "don't stop sending me these", "não pare de me mandar". */
export const NEGATORS: Record<'en' | 'es' | 'pt' | 'fr' | 'de', Set<string>> = {
  en: words('dont do not never cant cannot wont didnt'),
  es: words('no nunca jamas'),
  pt: words('nao nunca jamais'),
  fr: words('ne jamais pas'),
  de: words('nicht nie nimmer'),
};

/** A subject before "don't message me" makes it a statement ("you don't message me anymore"), not a request. */
export const SUBJECTS = words('you u ya i im we they he she it why still does did');

/** Reporting what someone else was told ("I told my ex to stop messaging me"), unless it was said to us. */
export const REPORTING = words('told tell telling asked said says saying dijo dije disse falei dit gesagt sagte');
export const SECOND_PERSON = words('you u ya te vous dir dich lhe voce');

/** A sentence opening like these is a question even without "?" ("why did you stop messaging me"). */
export const QUESTION_OPENERS = [
  'why',
  'how come',
  'did you',
  'do you',
  'when',
  'what',
  'por que',
  'porque',
  'cuando',
  'pourquoi',
  'quand',
  'warum',
  'wieso',
  'weshalb',
  'wann',
];

/** A question that is a polite request ("can you stop messaging me?") still asks us to stop. */
export const REQUEST_OPENERS = [
  'can you',
  'can u',
  'could you',
  'could u',
  'would you',
  'will you',
  'please can you',
  'pls can you',
  'puedes',
  'podrias',
  'puede',
  'podria',
  'pode',
  'podes',
  'podia',
  'poderia',
  'peux tu',
  'pouvez vous',
  'pourrais tu',
  'pourriez vous',
  'tu peux',
  'vous pouvez',
  'tu pourrais',
  'voce pode',
  'vc pode',
  'can ya',
  'konnt ihr',
  'kannst du',
  'konnen sie',
  'konntest du',
  'konnten sie',
  'wurdest du',
  'wurden sie',
];
