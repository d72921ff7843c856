/**
 * The phrases that ask us to stop, by language, as the opt-out rule (opt-out.ts) matches them.
 * Patterns are written over folded text (lower case, accents and apostrophes dropped: "não" is
 * "nao", "m'écris" is "mecris") and run word-bounded; `phrase` is what is kept as the reason.
 *
 * - command: the whole sentence, once politeness is dropped ("Stop.", "¡Para ya!", "Arrête svp").
 *   Not in a question, not in a laughing or delighted message ("stop 😂 you're too kind").
 * - request: anywhere in a sentence ("pls stop dm'ing me"), unless a question that is not a polite
 *   request, quoted, reported about someone else, or negated ("don't stop sending me these").
 * - soft: a refusal ("not interested") that counts only as the point of its sentence: nothing more
 *   specific after it ("not interested in the paid one") and no contrast ("… but the guide sounds great").
 */

export const OPT_OUT_LANGUAGES = ['en', 'es', 'pt', 'fr', 'de'] as const;
export type OptOutLanguage = (typeof OPT_OUT_LANGUAGES)[number];
export type PhraseKind = 'command' | 'request' | 'soft';

export interface OptOutPhrase {
  language: OptOutLanguage;
  kind: PhraseKind;
  phrase: string;
  pattern: string;
  /** A negation right before it flips it ("don't stop messaging me"). */
  negatable?: boolean;
  /** A subject before it makes it a statement ("you don't message me anymore"). */
  needsNoSubject?: boolean;
  /** Counts in any question ("how do I unsubscribe?"). */
  asQuestion?: boolean;
}

const p = (
  language: OptOutLanguage,
  kind: PhraseKind,
  phrase: string,
  pattern = phrase,
  extra: Partial<OptOutPhrase> = {},
): OptOutPhrase => ({ language, kind, phrase, pattern, ...extra });
const negatable = { negatable: true };

const ME =
  '(?:messaging|msging|messaging|texting|dming|dmming|dm ing|contacting|spamming|bothering|pinging|hitting up|harassing|tagging|adding) me';
const SENDING =
  'sending (?:me )?(?:these|this|those|that|messages|msgs|dms|stuff|things|links|your|all this)|sending me';
const ES_VERBS =
  '(?:escribas|escriban|escriba|mandes|manden|mande|envies|envien|envie|contactes|contacten|contacte|molestes|molesten|moleste|hables|spamees)';
const PT_VERBS =
  '(?:mande|mandem|manda|envie|enviem|escreva|escrevam|chame|chamem|contate|contatem|contacte|incomode|incomodem|perturbe)';
const FR_VERBS =
  '(?:mecris|mecrivez|menvoie|menvoies|menvoyez|me contacte|me contactez|me derange|me derangez|me spamme|me spammez)';
/** A short polite question asks us, not about stopping in general: "can u stop?", "¿puedes parar?". */
const ASK_EN = '(?:(?:can|could|would|will) (?:you|u|ya) )?';

const EN: OptOutPhrase[] = [
  p('en', 'command', 'stop', `${ASK_EN}(?:stop|stop it|stop this|stop that|stop all|stopall|stop now)`),
  p('en', 'command', 'unsubscribe', '(?:unsubscribe|unsub|unsubscribe me)'),
  p('en', 'command', 'opt out', '(?:opt out|optout|opt me out)'),
  p('en', 'command', 'remove me', `${ASK_EN}remove me`),
  p('en', 'command', 'no more', 'no more'),
  p('en', 'command', 'go away', 'go away'),
  p(
    'en',
    'request',
    'stop messaging me',
    `stop (?:${ME}|${SENDING}|writing (?:to )?me|with (?:the|these|your|all the) (?:messages|dms|msgs|spam))`,
    negatable,
  ),
  p('en', 'request', 'stop spamming', 'stop (?:the )?spam(?:ming)?', negatable),
  p(
    'en',
    'request',
    "don't message me",
    '(?:dont|do not|not|never) (?:ever )?(?:message|msg|dm|text|contact|write|write to|email|spam|bother|ping|hit up|add|tag) me',
    { needsNoSubject: true },
  ),
  p(
    'en',
    'request',
    "don't want messages",
    '(?:dont|do not) want (?:to (?:receive|get) )?(?:any )?(?:more |these |your )?(?:messages|msgs|dms|texts)',
  ),
  p('en', 'request', 'no more messages', 'no more (?:messages|msgs|dms|texts|spam|emails|of this|of these|of your)'),
  p(
    'en',
    'request',
    'unsubscribe me',
    '(?:unsubscribe me|unsubscribe from (?:this|these|your|ur|the list|this list|that)|(?:i want|i wanna|id like|i would like|i need|please) to unsubscribe|please unsubscribe)',
  ),
  p(
    'en',
    'request',
    'how do I unsubscribe',
    'how (?:do|can) i (?:unsubscribe|opt out)(?: from (?:this|these|you|your|ur|the list|this list|it))?$',
    { asQuestion: true },
  ),
  p(
    'en',
    'request',
    'remove me from your list',
    '(?:remove|delete|take|get) me (?:from|off|out of) (?:your|ur|this|the|that|whatever|any|all|all your|these) (?:list|lists|mailing list|email list|dm list|contacts|contact list|broadcast|broadcast list|group|database)',
    negatable,
  ),
  p('en', 'request', 'leave me alone', 'leave me alone'),
  p('en', 'request', 'opt me out', '(?:opt me out|(?:i want|i wanna|id like|i would like) to opt out)'),
  p(
    'en',
    'request',
    'I will report you',
    '(?:(?:i will|ill|im going to|im gonna|gonna|i am going to) (?:report|block)|reporting|blocking|reported) (?:you|u|this account|your account)',
  ),
  p('en', 'request', 'this is spam', 'this is (?:spam|harassment)'),
  p('en', 'request', 'f off', '(?:fuck|piss|f) off'),
  p('en', 'soft', 'not interested', '(?:(?:im|i am) )?not interested|(?:i have )?no interest'),
];

const ES: OptOutPhrase[] = [
  p(
    'es',
    'command',
    'para',
    '(?:para|basta|detente|alto|no mas|(?:puedes|podes|podrias|puede|podria|pueden) (?:parar|detenerte))',
  ),
  p('es', 'command', 'darme de baja', '(?:baja|darme de baja|dame de baja|desuscribir|desuscribirme)'),
  p('es', 'request', 'no me escribas más', `no me ${ES_VERBS}(?: mas| nunca)?`),
  p(
    'es',
    'request',
    'deja de escribirme',
    '(?:deja|dejen|deje|dejar|para|paren|pare|parar) de (?:escribirme|mandarme|enviarme|molestarme|contactarme|spamearme|mensajearme|mandar mensajes|enviar mensajes)',
    negatable,
  ),
  p(
    'es',
    'request',
    'no quiero más mensajes',
    `(?:no quiero (?:recibir )?(?:mas )?(?:mensajes|msjs|dms)|no quiero que me ${ES_VERBS})`,
  ),
  p(
    'es',
    'request',
    'no me vuelvas a escribir',
    '(?:no me (?:vuelvas|vuelvan|vuelva) a (?:escribir|contactar|mandar|enviar|molestar)|no (?:vuelvas|vuelvan|vuelva) a (?:escribirme|contactarme|mandarme|molestarme)|favor de no (?:escribirme|contactarme|mandarme|molestarme))',
  ),
  p('es', 'request', 'no más mensajes', '(?:no mas mensajes|ningun mensaje mas|basta de mensajes)'),
  p(
    'es',
    'request',
    'sácame de tu lista',
    '(?:sacame|quitame|borrame|eliminame|saquenme|quitenme|borrenme) de (?:tu|la|su|esta|tus|vuestra) (?:lista|listas|base de datos|contactos)',
  ),
  p('es', 'request', 'darme de baja', '(?:dame|darme|denme) de baja|desuscribirme'),
  p('es', 'request', 'déjame en paz', '(?:dejame|dejenme|deja me) en paz'),
  p('es', 'soft', 'no me interesa', 'no me interesan?|no estoy interesad[oa]|no tengo (?:ningun )?interes'),
];

const PT: OptOutPhrase[] = [
  p(
    'pt',
    'command',
    'pare',
    '(?:pare|parem|chega|para com isso|pare com isso|sair|(?:(?:voce|vc|tu) )?(?:pode|podes|podia|poderia) parar(?: com isso)?)',
  ),
  p('pt', 'command', 'descadastrar', '(?:descadastrar|descadastre|descadastra)(?: me)?'),
  p('pt', 'request', 'não me mande mais', `nao me ${PT_VERBS}(?: mais| nunca)?`),
  p(
    'pt',
    'request',
    'pare de me mandar',
    '(?:pare|para|parem) de (?:me (?:mandar|enviar|escrever|chamar|incomodar|perturbar|contatar|contactar|encher)|mandar (?:mensagens|mensagem|msg))',
    negatable,
  ),
  p(
    'pt',
    'request',
    'não quero mais mensagens',
    '(?:nao quero (?:receber )?mais (?:mensagens|msg|msgs|nada disso)|nao quero (?:mais )?receber (?:mensagens|isso|essas mensagens|suas mensagens))',
  ),
  p(
    'pt',
    'request',
    'não entre mais em contato',
    '(?:nao (?:entre|entrem) (?:mais em contato(?: comigo)?|em contato comigo)|nao quero (?:mais )?ser (?:contatad|contactad)[oa]|nao me (?:procure|procurem) mais)',
  ),
  p('pt', 'request', 'chega de mensagens', '(?:chega de (?:mensagens|msg|spam)|sem mais mensagens)'),
  p(
    'pt',
    'request',
    'me tira da lista',
    '(?:me (?:tira|tire|remove|remova|exclui|exclua|retira|retire)|(?:tira|tire|remove|remova|exclui|exclua|retira|retire) me) da (?:sua |tua )?lista',
  ),
  p('pt', 'request', 'me deixa em paz', '(?:me (?:deixa|deixe)|(?:deixa|deixe) me) em paz'),
  p(
    'pt',
    'request',
    'descadastrar',
    '(?:quero (?:me )?descadastrar|cancelar (?:a )?(?:minha )?inscricao|quero sair da lista)',
  ),
  p(
    'pt',
    'soft',
    'não tenho interesse',
    'nao tenho (?:nenhum )?interesse|nao estou interessad[oa]|nao me interessa|sem interesse',
  ),
];

const FR: OptOutPhrase[] = [
  p(
    'fr',
    'command',
    'arrête',
    '(?:arrete|arretez|arrete ca|ca suffit|plus de messages|(?:tu peux|peux tu|vous pouvez|pouvez vous|tu pourrais|pourrais tu|pourriez vous) arreter(?: ca)?)',
  ),
  p(
    'fr',
    'command',
    'désabonne-moi',
    '(?:desabonner|desabonne moi|desabonnez moi|desinscrire|desinscris moi|desinscrivez moi)',
  ),
  p(
    'fr',
    'request',
    "arrête de m'écrire",
    '(?:arrete|arretez) (?:de (?:mecrire|menvoyer|me contacter|me spammer|me harceler|me deranger)|(?:tes|vos|les) (?:messages|dm|dms|mails))',
    negatable,
  ),
  p('fr', 'request', "ne m'écris plus", `(?:ne ${FR_VERBS} plus|${FR_VERBS} plus(?! souvent| tard| que| de))`),
  p(
    'fr',
    'request',
    'merci de ne plus me contacter',
    // The infinitive is an instruction only when it opens the sentence or follows a polite opener:
    // "tu as décidé de ne plus m'écrire" reports, "merci de ne plus m'écrire" asks.
    '(?:^|(?:merci|priere|veuillez|svp|stp|je vous (?:prie|demande)|je te (?:prie|demande)) (?:de )?)ne (?:plus|plus jamais|jamais plus) (?:me contacter|mecrire|menvoyer|me deranger|me spammer|me harceler|me relancer|mappeler|me solliciter)',
  ),
  p(
    'fr',
    'request',
    'je ne veux plus de messages',
    '(?:je ne veux|je veux) plus (?:de messages|recevoir|de dm|de tes messages|de vos messages|que tu mecrives|que vous mecriviez)',
  ),
  p(
    'fr',
    'request',
    'laisse-moi tranquille',
    '(?:laisse|laissez) moi tranquille|(?:fous|fiche|foutez|fichez) moi la paix',
  ),
  p(
    'fr',
    'request',
    'retire-moi de ta liste',
    '(?:(?:desabonne|desabonnez|desinscris|desinscrivez) moi|(?:retire|retirez|enleve|enlevez|supprime|supprimez) moi de (?:ta|votre|la|cette) liste|je veux me desabonner)',
  ),
  p('fr', 'soft', 'pas intéressé', 'pas interessee?s?|(?:ca|cela) ne minteresse pas|ca minteresse pas|aucun interet'),
];

const DE: OptOutPhrase[] = [
  p(
    'de',
    'command',
    'hör auf',
    '(?:stopp|hor auf|hoer auf|hort auf|horen sie auf|aufhoren|aufhoeren|lass das|lass es|schluss|hor auf damit|(?:kannst du|konnen sie|konntest du|konnten sie|konnt ihr|wurdest du|wurden sie) (?:damit )?(?:aufhoren|aufhoeren))',
  ),
  p('de', 'command', 'abmelden', '(?:abmelden|austragen)'),
  p(
    'de',
    'request',
    'hör auf, mir zu schreiben',
    '(?:hor|hoer|hort|horen sie) auf (?:mir |mich )?(?:zu schreiben|zu kontaktieren|anzuschreiben|zu nerven|zu spammen|nachrichten zu (?:schicken|senden))',
  ),
  p(
    'de',
    'request',
    'schreib mir nicht mehr',
    '(?:schreib|schreibt|schreiben sie) mir (?:bitte )?(?:nicht mehr|nie wieder|keine nachrichten mehr)|(?:kontaktier|kontaktiere|kontaktiert|kontaktieren sie) mich nicht mehr',
  ),
  p(
    'de',
    'request',
    'bitte nicht mehr kontaktieren',
    // As with the French infinitive: only opening the sentence or after "bitte" ("ich kann dir nicht mehr schreiben" is news).
    '(?:^|bitte )(?:(?:mich|mir) (?:bitte )?)?(?:nicht mehr|nie wieder|nie mehr) (?:kontaktieren|anschreiben|schreiben|anrufen|nerven|zuspammen)|(?:^|ich (?:will|mochte|moechte) )(?:nicht mehr|nie wieder) (?:kontaktiert|angeschrieben) werden',
  ),
  p(
    'de',
    'request',
    'keine Nachrichten mehr',
    '(?:(?:ich will|ich mochte|ich moechte|will) )?keine (?:weiteren )?(?:nachrichten|dms|werbung|mails) mehr',
  ),
  p('de', 'request', 'lass mich in Ruhe', '(?:lass|lasst|lassen sie) mich (?:bitte |doch )?in ruhe'),
  p(
    'de',
    'request',
    'nimm mich von der Liste',
    '(?:nimm|nehmt|nehmen sie|entfern|entferne|entfernt|entfernen sie|streich|streiche) mich (?:aus|von) (?:der|deiner|eurer|ihrer|dieser) (?:liste|verteilerliste|kontaktliste)|(?:melde|meldet|melden sie) mich ab|trag mich aus',
  ),
  p(
    'de',
    'soft',
    'kein Interesse',
    '(?:(?:ich habe|hab|habe) )?kein interesse|nicht interessiert|interessiert mich nicht',
  ),
];

export const OPT_OUT_PHRASES: readonly OptOutPhrase[] = [...EN, ...ES, ...PT, ...FR, ...DE];
