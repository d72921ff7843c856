/**
 * The phrases that introduce what a person says about themselves (learned-facts.ts reads them).
 * Triggers are written against folded text: lower case, no accents ("é" → "e", "ä" → "a", "ß"
 * stays), one kind of apostrophe, single spaces. Each is plain alternation of words, no nested
 * quantifier, so matching stays linear in the message. The value is what follows the trigger.
 */

export type LearnLanguage = 'en' | 'es' | 'pt' | 'fr' | 'de';
export type TextField = 'what_theyre_building' | 'current_friction' | 'their_definition_of_win';

export interface LearnPattern {
  /** Shown as the fact's pattern and kept with it: "I'm building …". Unique. */
  label: string;
  language: LearnLanguage;
  field: TextField;
  trigger: string;
  /**
   * The trigger has no subject of its own ("still figuring out …"): the words before it in its clause
   * may only be a first-person subject or fillers ("honestly I'm still figuring out"), never "my
   * friend is".
   */
  subjectless?: boolean;
  /** "my app is …": the value must be a name or at least two words ("my app is down" is not a product). */
  namesThing?: boolean;
  /** The value is a verb phrase ("I want to …"): a few verbs are talk, not goals ("I want to ask…"). */
  verb?: boolean;
  /** The trigger said back in English for a DM's reason: "you're building". */
  says: string;
}

const I_AM = "(?:i'?m|i am|we'?re|we are)(?: currently| now| still| actually| basically| just| also| finally| slowly)?";
const en = (
  label: string,
  field: TextField,
  trigger: string,
  says: string,
  more: Partial<LearnPattern> = {},
): LearnPattern => ({ label, language: 'en', field, trigger, says, ...more });
const other = (
  language: LearnLanguage,
  label: string,
  field: TextField,
  trigger: string,
  says: string,
  more: Partial<LearnPattern> = {},
): LearnPattern => ({ label, language, field, trigger, says, ...more });

const B = 'what_theyre_building';
const F = 'current_friction';
const W = 'their_definition_of_win';
const THING = '(?:startup|app|business|company|product|saas|side project|project|agency|brand|shop|store)';

export const LEARN_PATTERNS: readonly LearnPattern[] = Object.freeze([
  // English: building
  en("I'm building …", B, `${I_AM} building`, "you're building"),
  en("I'm making …", B, `${I_AM} making`, "you're making"),
  en("I'm creating …", B, `${I_AM} creating`, "you're creating"),
  en("I'm developing …", B, `${I_AM} developing`, "you're developing"),
  en("I'm working on …", B, `${I_AM} working on`, "you're working on"),
  en("I'm launching …", B, `${I_AM} (?:launching|starting)`, "you're launching"),
  en('I just launched …', B, '(?:i|we) (?:just |recently )?(?:launched|started)', 'you launched'),
  en('my startup is …', B, `(?:my|our) ${THING} is`, "you're building", { namesThing: true }),
  en('building …', B, '(?:currently |now |still )?(?:building|working on)', "you're building", { subjectless: true }),
  // English: friction
  en('struggling with …', F, '(?:struggling|struggle) with', "you're struggling with", { subjectless: true }),
  en('still figuring out …', F, 'still (?:figuring out|trying to figure out)', "you're still figuring out", {
    subjectless: true,
  }),
  en('stuck on …', F, 'stuck (?:on|with)', "you're stuck on", { subjectless: true }),
  en("can't figure out …", F, "(?:i|we) (?:can'?t|cannot|can not) figure out", "you can't figure out"),
  en(
    'having trouble with …',
    F,
    '(?:having|have) (?:a hard time(?: with)?|trouble(?: with)?|issues with|problems with)',
    'you have trouble with',
    {
      subjectless: true,
    },
  ),
  en(
    'my biggest problem is …',
    F,
    '(?:my|our) (?:biggest|main|hardest|real) (?:problem|challenge|struggle|issue|bottleneck|pain) (?:right now |rn )?is',
    'your biggest problem is',
  ),
  en('the hardest part is …', F, 'the hardest part (?:for me |for us )?is', 'the hardest part for you is'),
  en("I don't know how to …", F, "(?:i|we) (?:don'?t|do not) know how to", "you don't know how to"),
  // English: win
  en(
    'my goal is to …',
    W,
    '(?:my|our) (?:main |big |end |real |ultimate )?(?:goal|dream|aim) (?:for this year |right now |rn )?is to',
    'your goal is to',
    { verb: true },
  ),
  en(
    'my goal is …',
    W,
    '(?:my|our) (?:main |big |end |real |ultimate )?(?:goal|dream|aim) (?:for this year |right now |rn )?is',
    'your goal is',
  ),
  en('a win would be …', W, 'a (?:win|big win|success) (?:for me |for us )?would be', 'a win for you would be'),
  en('I want to …', W, '(?:i|we) (?:really |just )?(?:want|wanna) to', 'you want to', { verb: true }),
  en("I'd love to …", W, "(?:i'?d|i would|we'?d|we would) (?:really )?love to", "you'd love to", { verb: true }),
  en("I'm hoping to …", W, "(?:i'?m|we'?re|i am|we are) hoping to|(?:i|we) hope to", "you're hoping to", {
    verb: true,
  }),
  // Spanish
  other(
    'es',
    'estoy construyendo …',
    B,
    '(?:estoy|estamos) (?:construyendo|creando|desarrollando|armando|montando|lanzando)',
    "you're building",
  ),
  other('es', 'estoy trabajando en …', B, '(?:estoy|estamos) trabajando en', "you're working on"),
  other(
    'es',
    'mi startup es …',
    B,
    '(?:mi|nuestra|nuestro) (?:startup|app|empresa|negocio|emprendimiento|proyecto|marca) es',
    "you're building",
  ),
  other('es', 'me cuesta …', F, 'me cuestan?(?: mucho)?', "you're struggling with"),
  other(
    'es',
    'tengo problemas con …',
    F,
    'tengo (?:problemas|dificultades|dificultad) (?:con|para)',
    "you're struggling with",
  ),
  other('es', 'estoy atascado con …', F, 'estoy (?:atascad[oa]|trabad[oa]) (?:con|en)', "you're stuck on"),
  other(
    'es',
    'mi mayor problema es …',
    F,
    '(?:mi|nuestro) (?:mayor|principal) (?:problema|reto|desafio) es',
    'your biggest problem is',
  ),
  other('es', 'mi meta es …', W, '(?:mi|nuestra|nuestro) (?:meta|objetivo|sueno)(?: principal)? es', 'your goal is'),
  // Portuguese
  other(
    'pt',
    'estou construindo …',
    B,
    '(?:estou|estamos|to|eu to|tou) (?:construindo|criando|desenvolvendo|montando|lancando)',
    "you're building",
  ),
  other(
    'pt',
    'estou trabalhando em …',
    B,
    '(?:estou|estamos|to|eu to|tou) trabalhando (?:em|num|numa)',
    "you're working on",
  ),
  other(
    'pt',
    'minha startup é …',
    B,
    '(?:minha|meu|nossa|nosso) (?:startup|app|empresa|negocio|projeto|marca) e',
    "you're building",
  ),
  other(
    'pt',
    'estou com dificuldade em …',
    F,
    '(?:estou|to|tou) com (?:dificuldade|dificuldades|problemas?) (?:em|com|para|no|na)',
    "you're struggling with",
  ),
  other(
    'pt',
    'tenho dificuldade com …',
    F,
    'tenho (?:dificuldade|dificuldades|problemas?) (?:em|com|para|no|na)',
    "you're struggling with",
  ),
  other(
    'pt',
    'meu maior problema é …',
    F,
    '(?:meu|nosso) (?:maior|principal) (?:problema|desafio) e',
    'your biggest problem is',
  ),
  other(
    'pt',
    'meu objetivo é …',
    W,
    '(?:meu|minha|nosso|nossa) (?:objetivo|meta|sonho)(?: principal)? e',
    'your goal is',
  ),
  // French
  other(
    'fr',
    'je construis …',
    B,
    '(?:je|on|nous) (?:construis|construit|construisons|developpe|developpons|cree|creons|lance|lancons|monte|montons)',
    "you're building",
  ),
  other('fr', 'je travaille sur …', B, '(?:je|on) travaille sur|nous travaillons sur', "you're working on"),
  other(
    'fr',
    'ma startup est …',
    B,
    "(?:ma|mon|notre) (?:startup|app|appli|entreprise|boite|projet|marque) (?:est|c'est)",
    "you're building",
  ),
  other(
    'fr',
    "j'ai du mal à …",
    F,
    "j'ai (?:du mal|des difficultes|des problemes) (?:a|avec)",
    "you're struggling with",
  ),
  other('fr', 'je galère avec …', F, 'je (?:galere|bloque) (?:avec|sur|a)', "you're struggling with"),
  other(
    'fr',
    'mon plus gros problème est …',
    F,
    "mon (?:plus gros|principal) (?:probleme|defi) (?:est|c'est)",
    'your biggest problem is',
  ),
  other(
    'fr',
    'mon objectif est …',
    W,
    "(?:mon|notre) (?:objectif|but|reve)(?: principal)? (?:est|c'est)(?: de)?",
    'your goal is',
  ),
  // German
  other(
    'de',
    'ich baue …',
    B,
    'ich (?:baue|entwickle|grunde|starte)|(?:baue|entwickle) ich|wir (?:bauen|entwickeln)',
    "you're building",
  ),
  other(
    'de',
    'ich arbeite an …',
    B,
    '(?:ich arbeite|arbeite ich|wir arbeiten)(?: gerade| aktuell| momentan)? an',
    "you're working on",
  ),
  other(
    'de',
    'mein Startup ist …',
    B,
    '(?:mein|meine|unser|unsere) (?:startup|app|firma|business|unternehmen|projekt|marke) ist',
    "you're building",
  ),
  other('de', 'ich kämpfe mit …', F, 'ich kampfe(?: gerade| noch)? mit', "you're struggling with"),
  other(
    'de',
    'Probleme mit …',
    F,
    '(?:ich habe |ich hab |hab )?(?:probleme|schwierigkeiten) mit',
    "you're struggling with",
    { subjectless: true },
  ),
  other('de', 'ich tue mich schwer mit …', F, 'ich tue mich (?:noch )?schwer mit', "you're struggling with"),
  other(
    'de',
    'mein größtes Problem ist …',
    F,
    '(?:mein|unser) (?:großtes|grosstes) problem ist',
    'your biggest problem is',
  ),
  other('de', 'mein Ziel ist …', W, '(?:mein|unser) (?:ziel|traum)(?: ist es| ist)', 'your goal is'),
]);

/** How a pattern's trigger is said back in English, by its label; null for a label no longer known. */
export function patternSays(label: string): string | null {
  return LEARN_PATTERNS.find((p) => p.label === label)?.says ?? null;
}
