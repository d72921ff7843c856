// Held-out learned-fact rows written blind (see intents-heldout-table.ts for why). A value is the
// object a person states about themselves, copied as they wrote it without the verb; questions,
// other people, negations and quotes teach nothing. Do not relabel after seeing the output.
type Field = 'what_theyre_building' | 'current_friction' | 'their_definition_of_win';
type LearnRow = { text: string; facts: { field: Field; value: string }[] };

const b = (value: string) => ({ field: 'what_theyre_building' as const, value });
const f = (value: string) => ({ field: 'current_friction' as const, value });
const w = (value: string) => ({ field: 'their_definition_of_win' as const, value });

const TEACHES: LearnRow[] = [
  { text: "I'm building a small app for gyms", facts: [b('a small app for gyms')] },
  { text: 'hey! so im working on a podcast about indie game dev', facts: [b('a podcast about indie game dev')] },
  { text: "honestly I'm struggling with getting consistent leads", facts: [f('getting consistent leads')] },
  { text: 'my goal is 10 paying clients by march', facts: [w('10 paying clients by march')] },
  {
    text: "I'm building a Notion template shop and still figuring out pricing",
    facts: [b('a notion template shop'), f('pricing')],
  },
  { text: "We're building a CRM for dentists", facts: [b('a crm for dentists')] },
  { text: 'The hardest part for me is staying consistent with posting', facts: [f('staying consistent with posting')] },
  { text: 'for me a win would be quitting my 9-5', facts: [w('quitting my 9-5')] },
  {
    text: "Hey!! Loved the video. So I'm building a newsletter for nurses, it's been slow, my biggest struggle is growth honestly",
    facts: [b('a newsletter for nurses'), f('growth')],
  },
  {
    text: 'Currently building an AI tool for real estate agents, struggling with onboarding',
    facts: [b('an ai tool for real estate agents'), f('onboarding')],
  },
  { text: 'the dream is $5k a month in recurring revenue', facts: [w('$5k a month in recurring revenue')] },
  { text: 'estoy creando una app para restaurantes', facts: [b('una app para restaurantes')] },
  { text: 'mi meta es conseguir 20 clientes', facts: [w('conseguir 20 clientes')] },
  { text: 'mi mayor problema es el precio', facts: [f('el precio')] },
  {
    text: 'Estoy construyendo una tienda online de ropa y lo que más me cuesta es conseguir tráfico',
    facts: [b('una tienda online de ropa'), f('conseguir tráfico')],
  },
  { text: 'mi objetivo es vivir de mis cursos', facts: [w('vivir de mis cursos')] },
  { text: 'tô criando um app pra academias', facts: [b('um app pra academias')] },
  { text: 'minha meta é ter 10 clientes pagantes', facts: [w('ter 10 clientes pagantes')] },
  { text: 'minha maior dificuldade é a precificação', facts: [f('a precificação')] },
  { text: 'estou desenvolvendo uma plataforma de cursos online', facts: [b('uma plataforma de cursos online')] },
  { text: 'pra mim sucesso seria largar meu emprego', facts: [w('largar meu emprego')] },
  { text: 'je construis une appli pour les salles de sport', facts: [b('une appli pour les salles de sport')] },
  { text: "mon objectif c'est 10 clients payants", facts: [w('10 clients payants')] },
  { text: 'je galère avec la prospection', facts: [f('la prospection')] },
  { text: 'je lance une newsletter sur la finance perso', facts: [b('une newsletter sur la finance perso')] },
  { text: "mon plus gros problème c'est le temps", facts: [f('le temps')] },
  { text: 'ich baue gerade eine App für Fitnessstudios', facts: [b('eine app für fitnessstudios')] },
  { text: 'mein Ziel sind 10 zahlende Kunden', facts: [w('10 zahlende kunden')] },
  { text: 'mein größtes Problem ist die Sichtbarkeit', facts: [f('die sichtbarkeit')] },
  { text: 'Wir entwickeln ein Tool für Handwerker', facts: [b('ein tool für handwerker')] },
  {
    text: 'Für mich wäre Erfolg, von meinem Podcast leben zu können',
    facts: [w('von meinem podcast leben zu können')],
  },
];

// Questions, other people, negations, quotes and plain replies: nothing to learn.
const TEACHES_NOTHING: LearnRow[] = [
  'what are you building these days?',
  'my brother is building an app for gyms',
  "I'm not building anything right now",
  "he said 'I'm building a SaaS' lol",
  'is your goal 10 clients?',
  'love the video!',
  'my cofounder struggles with pricing',
  "I'm not struggling with anything tbh",
  'are you struggling with pricing too?',
  "my client's goal is 50 leads a week",
  '¿qué estás construyendo?',
  'mi hermano está creando una app',
  'no estoy construyendo nada por ahora',
  '¿cuál es tu meta?',
  'mi socio dice que le cuesta el marketing',
  'o que você tá criando?',
  'meu amigo tá criando um app pra academias',
  'não estou construindo nada no momento',
  'adorei o vídeo',
  'tu construis quoi en ce moment ?',
  'ma sœur lance une newsletter',
  'je ne construis rien pour l’instant',
  'il m’a dit « je construis une appli »',
  'merci pour la vidéo',
  'was baust du gerade?',
  'mein Bruder baut eine App für Fitnessstudios',
  'ich baue gerade nichts',
  'cooles Video!',
  'Was ist dein Ziel?',
].map((text) => ({ text, facts: [] }));

export const LEARN_HELDOUT: LearnRow[] = [...TEACHES, ...TEACHES_NOTHING];
