/**
 * The phrases behind each intent (intents.ts), English, Spanish, Portuguese, French and German side
 * by side: a reply mixes them often enough. Patterns are written over folded words (lower case, no
 * accents, no apostrophes, punctuation as spaces: "ça m'intéresse" is "ca minteresse", "später"
 * "spater") and run word-bounded. Literal alternatives and optional single words only, never a
 * quantifier over a repeated group, so a match costs time linear in the message.
 * The opt-out phrases are not here: opt-out.ts (issue 14's rule) decides those, first.
 */
import { DE } from './intent-phrases-de';
import { EN } from './intent-phrases-en';
import { ES } from './intent-phrases-es';
import { FR } from './intent-phrases-fr';
import { PT } from './intent-phrases-pt';

/** Phrases separated by ";" or lines, "#" starting a comment line, as one alternation. */
const phrases = (list: string) =>
  list
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join(';')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .join('|');

/** One intent's phrases in every language, as one alternation. */
const joined = (intent: keyof typeof EN) =>
  phrases([EN, ES, PT, FR, DE].map((language) => language[intent]).join('\n'));

/** Asks something by its words alone, with or without "?": price, "quick question", "wondering if". */
export const QUESTION_PHRASES = joined('question');

/**
 * Opens a question without "?" ("is it free", "cuánto tarda"): a sentence opening so, unless it
 * ends in "!" or opens an exclamation ("what a video", "how cool is that", "que lindo").
 */
export const QUESTION_OPENERS = phrases(`
  how; hw; what; whats; wat; wats; wut; wht; when; where; wheres; which; who; whos; why
  (?:can|could|do|would|will) (?:you|u|ya|i|we); does (?:it|this|that|ur|your); is (?:it|this|that|there|ur|your)
  (?:are|r) (?:you|u|there|they|ya); (?:u|you|ya) (?:got|have) (?:a|any|the); should i; is there; any (?:link|discount|code)
  como (?:funciona|es|e|faco|hago|se|asi|seria); (?:que|q|k) (?:es|incluye|hay|tal|inclui|e|trae|tiene)
  o que (?:e|vem|inclui|tem); cuando; donde; cual; cuales; quando; onde; qual; quais; cade; puedes; podes
  tienes; tenes; hay (?:algun|alguna|descuento|link); tem como; (?:voce|vc|vcs) (?:tem|sabe|faz|pode)
  da pra; comment; quand; pourquoi; quel; quelle; quels; est ce que; cest quoi; c quoi; tu as; t as; ta un
  vous avez; vous faites; y a t il; ya moyen; on peut; je peux; wie; was ist; wann; warum; wieso; wo; wer
  welche; gibt es; gibts; kannst du; hast du; habt ihr; ist das; ist es; kann ich; kann man; geht das; muss ich
`);

/** Words before an opener that leave it one: "hmm what would I need", "wait who is this", "ok so how". */
export const LEADING = new Set(
  `hmm hm wait ok okay k so and also btw oh hey hi yo um lol lmao haha hahaha ah but y e et und mais aber pero
   jaja jajaja oye hola oi ola kkk kkkk rs mdr ptdr salut hallo sorry ey`.split(/\s+/),
);

/** The second word that makes an opener an exclamation: "what a reel", "how cool", "que lindo". */
export const EXCLAIMING = new Set(
  `a an cool nice awesome great amazing fun sweet lovely beautiful crazy wild good bom bueno bien lindo linda
   genial legal massa incrivel top chulo guay bonito bonita geil toll cool super schon`.split(/\s+/),
);

export const NOT_NOW_PHRASES = joined('notNow');

export const INTERESTED_PHRASES = joined('interested');

/** A whole reply that is only a yes ("yes!!", "sure", "claro", "bien sûr", "na klar"): interested. */
export const SHORT_YES = phrases(`
  yes; yess; yeah; yea; yep; yup; ya; sure; sure thing; absolutely; definitely; totally; ofc; of course
  for sure; why not; hell yes; hell yeah; yh; ye; yas; yass; yessir; bet; say less; fs; def; 100; deal; lets go; lfg; send; send it; send pls; need; need it; want; want it; want one
  i need; i want; me; me too; link; the link; info; more info; guide; the guide; deets; more details; in; im in
  si; sii; va; sale; claro; por supuesto; dale; obvio; de una; yo quiero; quiero; yo tambien; mas info; sip; obvi; claro que si
  sim; simm; ss; com certeza; bora; pode ser; fechou; partiu; demorou; mais info; eu; eu quero; quero; eu tb; eu tambem; manda
  oui; ouais; chaud; plus dinfos; plus dinfo; carrement; bien sur; bien sur que oui; que oui; que si; que sim; volontiers; grave; moi; moi aussi; go; vas y; evidemment
  ja; jaa; jep; jup; klar; na klar; klar doch; klaro; mehr infos; logo; gerne; gern; unbedingt; ich; ich auch; jo; japp; jap
`);

/** A whole reply that is only "later": not now. */
export const SHORT_LATER = phrases(
  `later; tomorrow; ttyl; luego; despues; manana; depois; amanha; demain; plus tard; spater; morgen`,
);

/** Words around a short reply that say nothing by themselves: "yes please!!", "ja bitte", "oui merci". */
export const SHORT_FILLERS = new Set(
  `please pls plz plss thanks thank you ty thx tks omg wow oh hey hi haha hahaha lol lmao man bro dude ok okay k kk
   por favor porfa porfavor plis xfa pfv pf gracias obrigado obrigada valeu vlw jaja jajaja kkk kkkk rs svp stp
   merci mdr bitte danke`.split(/\s+/),
);

/** Before a phrase these make it the opposite: "not interested in the paid one", "no me interesa". */
export const NEGATIONS = new Set(
  `not no dont never cant wont didnt isnt nunca jamas nao sem ne pas jamais nicht kein keine nie`.split(/\s+/),
);

/**
 * A condition in the sentence of an interest makes it no plain yes: "I would be interested if it
 * was cheaper", "me interesaría si fuera más barato", "je serais partant si…", "wäre dabei, wenn…".
 * A condition needs a word after it ("me interesa, sí" is a yes) and is none when that word only
 * asks politely ("send it if you can", "se puder", "wenn möglich") or when it is "see if", "know if".
 */
export const CONDITIONS = phrases(`if; only if; unless; as long as; provided; si; solo si; siempre que; siempre y cuando
  se; so se; desde que; contanto que; a condition que; sauf si; tant que; wenn; falls; sofern; nur wenn`);
export const POLITE_CONDITIONS = phrases(`
  (?:you|u|ya) (?:can|could|want|wanna|like|dont mind|have time|get a chance); possible; so; thats ok
  puedes; podes; quieres; queres; es posible; se puede; te parece; por favor; porfa; claro; quiero; si; me interesa
  puder; possivel; quiser; der; sim; tu veux; tu peux; vous voulez; vous pouvez; ca te dit; oui
  moglich; du magst; du willst; du kannst; es geht; ihr wollt`);
/** A price objection in the sentence of an interest makes it no plain yes: "interested but too pricey". */
export const OBJECTIONS =
  phrases(`(?:too|so|kinda|a bit|bit|a little|way too) (?:expensive|pricey|much); out of my budget; cant afford
  (?:muy|demasiado|un poco|bastante) caro; muito caro; (?:meio|bem|mt) caro; trop cher; un peu cher; (?:zu|ziemlich) teuer`);
/** Words before "if" that make it a "whether": "see if", "let me know if", "saber se". */
export const WHETHER =
  'see|know|ask|wonder|wondering|wondered|check|ver|saber|sei|pregunto|voir|savoir|sais|wissen|sehen|frag';

/** Sarcasm or dismissal: "oh great, another guru 🙄", "sure, whatever". Then nothing reads as interest. */
export const DISMISSIVE = phrases(`yeah right; whatever; as if; nice try; sure jan; ya claro; lol no`);
export const DISMISSIVE_EMOJI = /[\u{1F644}\u{1F612}\u{1F44E}\u{1F971}\u{1F921}\u{1F595}]/u;

/** Emoji that say "yes, want it" on their own or next to a word or two: 🔥 🙌 😍 🤩 💯 🚀 ❤️ 🥳 👏 🥰 🤝 🙋. */
export const INTERESTED_EMOJI =
  /[\u{1F525}\u{1F64C}\u{1F60D}\u{1F929}\u{1F4AF}\u{1F680}\u{2764}\u{1F496}\u{1F495}\u{1F63B}\u{1F973}\u{1F44F}\u{1F970}\u{1F91D}\u{1F64B}]/u;
/** ❓❔ alone ask something. */
export const QUESTION_EMOJI = /[\u{2753}\u{2754}]/u;
