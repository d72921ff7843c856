import { DEFAULT_FIT_CONFIGS } from './fit-signals';

/**
 * The words learned-facts.ts reads around a pattern's trigger, all folded (lower case, no accents).
 * Sets of words, not regexes: a lookup costs the same whatever the message holds.
 */

const set = (words: string) => new Set(words.split(' '));

/** May stand before a subjectless trigger ("honestly I've been struggling with"): the writer, or fillers. */
export const FIRST_PERSON_LEAD = set(
  "i i'm im i've ive am we we're were are been was have has had still really honestly currently also so kinda kind of " +
    'totally always constantly just now tbh but and ngl definitely seriously lowkey mostly a bit little lot yeah yes ' +
    'ok okay haha lol well hey hi hello atm rn personally mainly lately right ich habe hab wir haben hatte hatten gerade noch echt total auch immer',
);

/** Join two clauses with one subject: "I'm building X and struggling with Y". */
export const CONJUNCTIONS = set('and but so y pero e mas et mais und aber');

/** Negation just before the trigger: "I'm not …", "ya no estoy …", "ich … nicht". */
export const NEGATORS: Readonly<Record<string, Set<string>>> = {
  en: set("not no never don't dont isn't isnt aren't arent ain't wasn't won't longer"),
  es: set('no nunca jamas'),
  pt: set('nao nunca jamais'),
  fr: set("ne n' pas jamais plus"),
  de: set('nicht kein keine nie nimmer'),
};

/** Someone else's words reported: "my friend says I'm building it wrong". */
export const REPORTING = set(
  'said says say told tells thinks think thought heard dijo dice dicen cree disse diz dizem acha dit disent pense sagt sagte meint glaubt',
);

/** A value with these is about us, not them: "I want to work with you", "struggling with your course". */
export const SECOND_PERSON = set(
  "you your yours you're youre u ur yall tu tus te ti usted ustedes voce voces vc teu tua vous votre vos toi ton ta tes du dich dir dein deine deinen deinem euch euer eure",
);

/** A value that starts negated: "ich baue keine App mehr", "I'm building nothing". */
export const NEGATED_VALUE = set(
  'not nicht kein keine keinen pas plus no nao nunca never nothing nada nichts rien anymore',
);

/** Values that name nothing: "I'm working on it", "ich arbeite daran". Only alone or with one more word. */
export const VOID_VALUES = set(
  "i i'm im we we're me it this that something stuff things everything anything myself ourselves progress sure eso esto algo isso isto ça ca cela das es etwas daran dran public up",
);

/** "my app is down again": how a thing is doing, not what it is. */
export const NOT_A_THING = set(
  'down up live slow broken dead done ready growing doing going getting great good fine ok okay new free almost finally still so very really too not',
);

/** "I want to …" that is talk, not a goal. */
export const NOT_GOALS = set(
  'know ask see say tell thank share check hear talk chat send watch follow reply mention apologize apologise clarify confirm introduce join collab collaborate connect jump',
);

/** Words a value may not end on ("a small app for" → "a small app"). */
export const DANGLING = set(
  'a an the and or to of for with in on my our but so mein meine meinen unser mi mis nuestro meu minha meus mon ma notre y e o de del la el los las para con en um uma do da no na com et ou le les des du pour avec sur und oder der die das den dem ein eine einen für mit zu',
);

/** Leading words of a value that say nothing about it: "I'm building basically Uber for dogs". */
export const LEADING_FILLERS = set(
  'currently now actually basically kinda like just also still gerade jetzt aktuell momentan actualmente ahora agora atualmente actuellement',
);

/**
 * Fit signals: the keywords of the creator's products (fit-signals.ts DEFAULT_FIT_CONFIGS) found at
 * the start of a word of a learned value, each stored under a readable label: "automating" and
 * "automatización" both say "automation".
 */
const LABELS: Readonly<Record<string, string>> = {
  automat: 'automation',
  dms: 'DMs',
  manually: 'manual work',
  repetitive: 'repetitive tasks',
  replying: 'replying to messages',
  consistent: 'consistency',
  scale: 'scaling',
};
/** The same keywords in the other languages read (word starts, folded): "clientes" says "clients". */
const TRANSLATIONS: Readonly<Record<string, string[]>> = {
  clients: ['client', 'kunde'],
  pricing: ['precio', 'preco', 'precific', 'prix', 'preis'],
  sales: ['venta', 'venda', 'vente', 'vertrieb'],
  content: ['contenido', 'conteudo', 'contenu'],
  posting: ['postar', 'posten', 'publicar'],
};
export const FIT_KEYWORDS: readonly { keyword: string; label: string; product: string }[] = DEFAULT_FIT_CONFIGS.flatMap(
  (c) =>
    c.signalKeywords.flatMap((keyword) =>
      [keyword, ...(TRANSLATIONS[keyword] ?? [])].map((k) => ({
        keyword: k,
        label: LABELS[keyword] ?? keyword,
        product: c.product,
      })),
    ),
);
