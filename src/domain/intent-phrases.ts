/**
 * The phrases behind each intent (intents.ts), English, Spanish, Portuguese, French and German side
 * by side: a reply mixes them often enough. Patterns are written over folded words (lower case, no
 * accents, no apostrophes, punctuation as spaces: "ça m'intéresse" is "ca minteresse", "später"
 * "spater") and run word-bounded. Literal alternatives and optional single words only, never a
 * quantifier over a repeated group, so a match costs time linear in the message.
 * The opt-out phrases are not here: opt-out.ts (issue 14's rule) decides those, first.
 */

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

/** Asks something by its words alone, with or without "?": price, "quick question", "wondering if". */
export const QUESTION_PHRASES = phrases(`
  # en
  how (?:much|mutch|mcuh); hw much; how many; whats the (?:price|cost|catch|deal|link)
  what (?:does it|do you|would it|will it) (?:cost|charge); what do you charge; price for
  quick question; i have a question; i (?:was )?wonder(?:ing)? (?:if|how|what|whether|when)
  curious (?:if|how|what|whether|about the price); any chance
  # es
  cuanto (?:cuesta|cuestan|sale|vale|cobras|cobran|es|seria); que precio; cual es el precio
  una pregunta; tengo una (?:duda|pregunta)
  # pt
  quanto (?:custa|custam|sai|e|fica|cobra|seria); qual (?:o|e o) (?:valor|preco); uma pergunta
  tenho uma (?:duvida|pergunta)
  # fr
  combien; quel est le prix; quel prix; cest quoi le prix; une question; petite question
  # de
  wie ?viel; was kostet; was kosten; eine frage; kurze frage
`);

/**
 * Opens a question without "?" ("is it free", "cuánto tarda"): a sentence opening so, unless it
 * ends in "!" or opens an exclamation ("what a video", "how cool is that", "que lindo").
 */
export const QUESTION_OPENERS = phrases(`
  how; what; whats; when; where; which; who; why; can (?:you|u|i|we); could (?:you|u|i|we)
  do (?:you|u|i|we); does (?:it|this|that); is (?:it|this|that|there); are (?:you|u|there|they)
  will (?:it|you|this); would (?:it|you|this); should i; como (?:funciona|es|e|faco|hago|se)
  que (?:es|incluye|hay|tal|inclui|e); o que (?:e|vem|inclui); cuando; donde; quando; onde; puedes
  tienes; tem como; voce tem; comment; quand; pourquoi; quel; quelle; est ce que; cest quoi; tu as
  vous avez; wie; was ist; wann; warum; welche; gibt es; kannst du; hast du; ist das; kann ich
`);

/** Words before an opener that leave it one: "hmm what would I need", "wait who is this", "ok so how". */
export const LEADING = new Set('hmm hm wait ok okay so and also btw oh hey hi um lol haha y e et und also'.split(' '));

/** The second word that makes an opener an exclamation: "what a reel", "how cool", "que lindo". */
export const EXCLAIMING = new Set(
  `a an cool nice awesome great amazing fun sweet lovely beautiful crazy wild good bom bueno bien lindo linda
   genial legal massa incrivel top chulo guay bonito bonita geil toll cool super schon`.split(/\s+/),
);

export const NOT_NOW_PHRASES = phrases(`
  # en
  not (?:now|right now|rn|yet|today|this week|this month|at the moment|at this time|the right time)
  maybe (?:later|next (?:week|month|time|year)|another time|down the road); later maybe
  (?:im |i am )?(?:too |so |super |really |very )?(?:busy|swamped)(?: (?:this week|this month|rn|right now|at the moment|atm|today|these days))?
  bad timing; (?:another|some other) time; next (?:week|month|year|quarter)
  after (?:the holidays|my launch|the launch|christmas|summer); circle back; check back
  (?:hit|ping|ask|message) me (?:later|next week|next month|in a few weeks); remind me
  in a few (?:weeks|months|days); no time (?:right now|rn|atm|this week|at the moment)
  (?:cant|cannot) (?:right now|rn|atm|this week|at the moment); (?:ill|i will|let me) think about it
  (?:ill|i will) get back to you; not ready; no budget (?:right now|rn|atm|yet)
  # es
  (?:ahora|ahorita|ahora mismo|por ahora|de momento|por el momento) no; todavia no; aun no
  (?:quizas|tal vez|quiza) (?:mas tarde|despues|luego|otro dia); mas tarde; otro (?:dia|momento)
  (?:la )?(?:proxima semana|semana que viene|mes que viene|proximo mes)
  (?:estoy )?(?:muy )?(?:ocupad[oa]|liad[oa]); no tengo tiempo; lo (?:voy a )?pienso; lo voy a pensar
  (?:te|les) aviso
  # pt
  (?:agora|por enquanto|no momento) nao; ainda nao; talvez (?:depois|mais tarde|outro dia); mais tarde
  outro dia; (?:semana|mes) que vem; proxim[ao] (?:semana|mes)
  (?:to|tou|estou|ando) (?:muito |mt )?(?:ocupad[oa]|corrid[oa]); sem tempo; nao tenho tempo
  vou pensar; te (?:falo|aviso) depois
  # fr
  pas (?:maintenant|pour linstant|encore|tout de suite|en ce moment|cette semaine)
  (?:peut etre )?plus tard; une autre fois; (?:la )?semaine prochaine; (?:le )?mois prochain
  (?:je suis |suis )?(?:trop |tres |super )?(?:occupee?|debordee?|charrette); pas le temps
  (?:je vais|laisse moi) (?:y )?reflechir; je (?:te|vous) redis; je reviens vers (?:toi|vous)
  # de
  (?:gerade|grad|grade|jetzt|im moment|momentan|derzeit|aktuell|diese woche) (?:noch )?nicht
  noch nicht; vielleicht (?:spater|nachste woche|ein andermal); spater; ein andermal; nachste woche
  nachsten monat; keine zeit; (?:zu )?viel zu tun; (?:bin )?(?:gerade )?(?:beschaftigt|im stress)
  ich (?:uberlege|denk|denke) (?:es mir|mal|daruber nach); ich melde mich
`);

export const INTERESTED_PHRASES = phrases(`
  # en
  (?:im|i am|very|super|def|definitely|really) (?:interested|intrested|intersted); interested
  intrested; sounds (?:great|good|amazing|awesome|interesting|perfect|fun|cool|like a plan)
  love (?:it|this|that|to); (?:i|id) (?:would )?love (?:it|that|to|one|a copy|the guide|the link)
  send (?:it|it over|me|the link|them|the guide|over|the details|the info)
  yes (?:please|pls|plz|send|i want|id love); please do; count me in
  (?:im|i am) (?:in|down|keen|game); sign me up; lets (?:do it|go|talk|chat|hop on a call|set it up)
  i (?:want|need) (?:it|this|in|that|one); need this; tell me more
  (?:i want|id like|keen) to (?:know|hear|learn) more; where do i sign; this is exactly what i need
  # es
  me interesa; estoy interesad[oa]; me (?:encanta|encantaria|apunto)
  suena (?:genial|bien|interesante|increible|perfecto)
  (?:mandamelo|enviamelo|pasamelo|mandame|enviame|pasame)
  si (?:por favor|porfa|porfavor|claro|quiero); claro que si; cuenta conmigo; (?:lo|la) quiero
  quiero (?:saber mas|mas info|el|la|uno|una)
  # pt
  tenho interesse; estou interessad[oa]; (?:me )?interessa; (?:adorei|amei)
  (?:me )?(?:manda|mande|envia|envie)(?: sim| ai| pra mim| o link)?; pode mandar; sim por favor
  (?:eu )?quero(?: sim| saber mais| muito)?; to dentro; tou dentro; estou dentro
  parece (?:otimo|incrivel|bom|interessante)
  # fr
  ca minteresse; je suis (?:interessee?|partante?|chaud|chaude|dedans); interessee?; avec plaisir
  oui (?:stp|svp|sil te plait|sil vous plait|je veux|carrement|volontiers)
  envoie(?: moi| le| la| ca)?; envoyez(?: moi| le)?; je veux bien; ca me dit; jadore; trop bien
  # de
  (?:ich )?bin dabei; interessiert mich; (?:ich )?(?:habe|hab|hatte) interesse
  klingt (?:gut|super|spannend|toll|interessant|perfekt|mega)
  schick(?: mal| mir| es mir| gerne| ruber); ja (?:bitte|gerne|gern); sehr gerne; auf jeden fall
  immer her damit
`);

/** A whole reply that is only a yes ("yes!!", "sure", "claro", "bien sûr", "na klar"): interested. */
export const SHORT_YES = phrases(`
  yes; yess; yeah; yea; yep; yup; ya; sure; sure thing; absolutely; definitely; totally; ofc
  of course; for sure; why not; hell yes; hell yeah; si; claro; por supuesto; dale; obvio; de una; sim
  com certeza; bora; pode ser; oui; ouais; carrement; bien sur; volontiers; grave; ja; klar; na klar
  gerne; gern; unbedingt
`);

/** A whole reply that is only "later": not now. */
export const SHORT_LATER = phrases(`later; luego; despues; depois; spater`);

/** Words around a short reply that say nothing by themselves: "yes please!!", "ja bitte", "oui merci". */
export const SHORT_FILLERS = new Set(
  `please pls plz thanks thank you ty thx omg wow oh hey hi haha hahaha lol man bro dude
   por favor porfa gracias obrigado obrigada valeu svp stp merci bitte danke`.split(/\s+/),
);

/** Before a phrase these make it the opposite: "not interested in the paid one", "no me interesa". */
export const NEGATIONS = new Set(
  `not no dont never cant wont didnt isnt nunca jamas nao sem ne pas jamais nicht kein keine nie`.split(/\s+/),
);

/** Sarcasm or dismissal: "oh great, another guru 🙄", "sure, whatever". Then nothing reads as interest. */
export const DISMISSIVE = phrases(`yeah right; whatever; as if; nice try; sure jan; ya claro; lol no`);
export const DISMISSIVE_EMOJI = /[\u{1F644}\u{1F612}\u{1F44E}\u{1F971}\u{1F921}\u{1F595}]/u;

/** Emoji that say "yes, want it" on their own or next to a word or two: 🔥 🙌 😍 🤩 💯 🚀 ❤️ 🥳 👏 🥰 🤝 🙋. */
export const INTERESTED_EMOJI =
  /[\u{1F525}\u{1F64C}\u{1F60D}\u{1F929}\u{1F4AF}\u{1F680}\u{2764}\u{1F496}\u{1F495}\u{1F63B}\u{1F973}\u{1F44F}\u{1F970}\u{1F91D}\u{1F64B}]/u;
/** ❓❔ alone ask something. */
export const QUESTION_EMOJI = /[\u{2753}\u{2754}]/u;
