/**
 * Real-looking inbound DMs and what a person reading them would note down about the writer: what
 * they are building (b), their friction (f), what a win would be (w), and the fit signals (s: the
 * product keywords of fit-signals.ts, by their labels, in the words noted down). Written by hand
 * before comparing with the engine; a row the engine gets wrong stays as a person would have it.
 * Conventions: a value is the writer's words after the phrase, as written, up to the end of the
 * clause, without fillers ("currently", "lol", "right now", "last week"); friction drops the verb the
 * phrase carries ("still figuring out pricing" → "pricing"); a signal counts in any of the five
 * languages ("clientes" is "clients", "tunnel de vente" is "sales").
 */

export interface LearnRow {
  text: string;
  b?: string;
  f?: string;
  w?: string;
  s?: string[];
}

export const LEARN_TABLE: readonly LearnRow[] = [
  // English, self-descriptions
  {
    text: 'I am building a small app for gyms, still figuring out pricing',
    b: 'a small app for gyms',
    f: 'pricing',
    s: ['pricing'],
  },
  { text: "I'm building a CRM for dentists, any tips?", b: 'a CRM for dentists' },
  { text: 'Currently building a newsletter for indie hackers 🚀', b: 'a newsletter for indie hackers' },
  {
    text: "we're building an automation tool for real estate agents",
    b: 'an automation tool for real estate agents',
    s: ['automation'],
  },
  { text: 'Im working on a meal planning app for busy parents rn', b: 'a meal planning app for busy parents' },
  { text: 'hey! I just launched a Notion template shop last week', b: 'a Notion template shop' },
  { text: 'My startup is basically Calendly for tattoo artists', b: 'Calendly for tattoo artists' },
  {
    text: 'my agency is a two person video editing studio in Lisbon',
    b: 'a two person video editing studio in Lisbon',
  },
  { text: "I'm launching a podcast about remote work next month!", b: 'a podcast about remote work' },
  { text: "I'm building myapp.io for gyms and struggling with onboarding", b: 'myapp.io for gyms', f: 'onboarding' },
  { text: "I've been struggling with posting consistently", f: 'posting consistently', s: ['posting', 'consistency'] },
  { text: 'Honestly the hardest part is staying consistent', f: 'staying consistent', s: ['consistency'] },
  {
    text: 'My biggest problem is automating my DMs, I reply to everything manually',
    f: 'automating my DMs',
    s: ['automation', 'DMs'],
  },
  { text: 'stuck on my landing page copy tbh', f: 'my landing page copy' },
  { text: "I can't figure out how to get my first 10 clients", f: 'how to get my first 10 clients', s: ['clients'] },
  { text: 'having a hard time finding leads for my bakery', f: 'finding leads for my bakery', s: ['leads'] },
  { text: "I don't know how to price my coaching offer", f: 'price my coaching offer', s: ['offer'] },
  { text: 'My goal is to hit 10k MRR by June', w: 'hit 10k MRR by June' },
  { text: 'A win would be landing 5 new clients a month', w: 'landing 5 new clients a month', s: ['clients'] },
  { text: "I'd love to grow to 10k followers this year lol", w: 'grow to 10k followers this year' },
  { text: 'I want to quit my job and go full time on my channel', w: 'quit my job and go full time on my channel' },
  { text: 'my dream is a studio where I can film every day', w: 'a studio where I can film every day' },
  { text: "I'm hoping to turn my reels into a real business", w: 'turn my reels into a real business', s: ['reels'] },
  {
    text: "I'm building a booking tool for barbers. Still figuring out the sales side. My goal is 50 paying shops",
    b: 'a booking tool for barbers',
    f: 'the sales side',
    w: '50 paying shops',
    s: ['sales'],
  },
  {
    text: 'we are creating a course on content strategy for small brands',
    b: 'a course on content strategy for small brands',
    s: ['content'],
  },
  { text: 'I am developing a Chrome extension for recruiters', b: 'a Chrome extension for recruiters' },
  {
    text: 'stuck with a repetitive workflow every morning, kinda burnt out',
    f: 'a repetitive workflow every morning',
    s: ['repetitive tasks', 'workflow'],
  },
  { text: 'our main challenge is revenue, we have users but no sales', f: 'revenue', s: ['revenue'] },
  // Spanish
  {
    text: 'Estoy construyendo una app para gimnasios y me cuesta conseguir clientes',
    b: 'una app para gimnasios',
    f: 'conseguir clientes',
    s: ['clients'],
  },
  { text: 'estamos creando una marca de ropa sostenible', b: 'una marca de ropa sostenible' },
  { text: 'Estoy trabajando en un podcast sobre finanzas personales', b: 'un podcast sobre finanzas personales' },
  {
    text: 'tengo problemas con la automatización de mis DMs',
    f: 'la automatización de mis DMs',
    s: ['automation', 'DMs'],
  },
  { text: 'Me cuesta mucho ser constante con el contenido', f: 'ser constante con el contenido', s: ['content'] },
  { text: 'Mi meta es llegar a 5000 seguidores este año', w: 'llegar a 5000 seguidores este año' },
  { text: 'mi objetivo es vivir de mi canal', w: 'vivir de mi canal' },
  { text: 'Mi negocio es una panadería online en Bogotá', b: 'una panadería online en Bogotá' },
  { text: 'mi mayor problema es encontrar clientes nuevos', f: 'encontrar clientes nuevos', s: ['clients'] },
  { text: 'estoy atascado con el precio de mi curso', f: 'el precio de mi curso', s: ['pricing'] },
  // Portuguese
  {
    text: 'Estou construindo um app de treino, estou com dificuldade em conseguir clientes',
    b: 'um app de treino',
    f: 'conseguir clientes',
    s: ['clients'],
  },
  { text: 'estou criando uma comunidade para designers iniciantes', b: 'uma comunidade para designers iniciantes' },
  { text: 'Tô trabalhando num curso de edição de vídeo', b: 'curso de edição de vídeo' },
  {
    text: 'tenho dificuldade com a precificação dos meus serviços',
    f: 'a precificação dos meus serviços',
    s: ['pricing'],
  },
  { text: 'Meu objetivo é largar o emprego até dezembro', w: 'largar o emprego até dezembro' },
  { text: 'meu maior problema é responder DMs o dia todo', f: 'responder DMs o dia todo', s: ['DMs'] },
  { text: 'minha empresa é uma agência de social media em Recife', b: 'uma agência de social media em Recife' },
  { text: 'estou com dificuldades para postar todo dia', f: 'postar todo dia', s: ['posting'] },
  // French
  {
    text: 'Je développe une appli pour les restaurants, mon objectif est 100 clients',
    b: 'une appli pour les restaurants',
    w: '100 clients',
    s: ['clients'],
  },
  { text: 'je travaille sur une newsletter pour les freelances', b: 'une newsletter pour les freelances' },
  { text: "j'ai du mal à trouver des clients", f: 'trouver des clients', s: ['clients'] },
  { text: "J'ai du mal avec la régularité sur Instagram", f: 'la régularité sur Instagram' },
  { text: 'je galère avec mon tunnel de vente', f: 'mon tunnel de vente', s: ['sales'] },
  { text: "Mon objectif c'est de vivre de ma chaîne YouTube", w: 'vivre de ma chaîne YouTube' },
  { text: 'on construit un outil de facturation pour les artisans', b: 'un outil de facturation pour les artisans' },
  { text: 'ma startup est une marketplace de cours de yoga', b: 'une marketplace de cours de yoga' },
  { text: 'mon plus gros problème est le manque de temps', f: 'le manque de temps' },
  // German
  {
    text: 'Ich baue gerade eine App für Fitnessstudios, mein Ziel ist es, 1000 Nutzer zu haben',
    b: 'eine App für Fitnessstudios',
    w: '1000 Nutzer zu haben',
  },
  {
    text: 'Wir entwickeln ein Tool für Zahnärzte und haben Probleme mit dem Marketing',
    b: 'ein Tool für Zahnärzte',
    f: 'dem Marketing',
  },
  {
    text: 'ich kämpfe mit der Automatisierung meiner DMs',
    f: 'der Automatisierung meiner DMs',
    s: ['automation', 'DMs'],
  },
  { text: 'mein Startup ist eine Plattform für Yogalehrer', b: 'eine Plattform für Yogalehrer' },
  { text: 'Ich arbeite an einem Onlinekurs über Fotografie', b: 'einem Onlinekurs über Fotografie' },
  { text: 'Mein Ziel ist 10k Follower bis Sommer', w: '10k Follower bis Sommer' },
  { text: 'ich tue mich schwer mit regelmäßigem Posten', f: 'regelmäßigem Posten', s: ['posting'] },
  { text: 'Momentan entwickle ich eine Budget-App für Studenten', b: 'eine Budget-App für Studenten' },
  // Nothing to learn: questions, third parties, negation, quotes, talk about us, small talk
  { text: 'Hey! Loved your last video' },
  { text: 'How did you get started with editing?' },
  { text: 'What camera do you use?' },
  { text: 'are you building an app?' },
  { text: "I'm stuck on pricing?" },
  { text: 'What are you working on these days?' },
  { text: 'my friend is building a CRM' },
  { text: 'my friend is building a CRM and struggling with sales' },
  { text: 'My cofounder says we are building too slowly' },
  { text: "I'm not building the bakery app anymore" },
  { text: 'I am no longer working on the agency' },
  { text: 'he said "I\'m building a bot" and left lol' },
  { text: 'I want to know what camera you use' },
  { text: "I'd love to collab with you sometime" },
  { text: 'I want to thank you for the tips!' },
  { text: 'Working on it!' },
  { text: 'my app is down again' },
  { text: 'Sounds good!' },
  { text: 'ok' },
  { text: 'lol' },
  { text: 'thanks' },
  { text: 'Haha true' },
  { text: 'Sure, send it over' },
  { text: 'Busy week, will reply properly soon' },
  { text: 'That tip about hooks worked, views doubled' },
  { text: 'Would love your take on my landing page' },
  { text: '¿Estás construyendo algo nuevo?' },
  { text: 'Mi hermano está construyendo una app' },
  { text: 'ya no estoy trabajando en ese proyecto' },
  { text: 'Você está criando um curso novo?' },
  { text: 'não estou construindo nada agora' },
  { text: 'Tu travailles sur quoi en ce moment ?' },
  { text: 'mon ami développe une appli' },
  { text: 'Woran arbeitest du gerade?' },
  { text: 'Ich baue keine Apps mehr' },
  { text: 'Mein Bruder hat Probleme mit seinem Shop' },
  { text: 'Are you struggling with pricing too?' },
  { text: 'stop 😂' },
  { text: '🔥🔥🔥' },
  { text: 'Can we talk next week?' },
  { text: 'My clients love your videos' },
  { text: "what's your goal with the channel?" },
  // Written after the engine was tuned on the rows above, and not changed after: its real agreement
  { text: 'yo! we are making a free budgeting app for students', b: 'a free budgeting app for students' },
  {
    text: 'Been building a Shopify plugin for florists for about a year now',
    b: 'a Shopify plugin for florists for about a year',
  },
  {
    text: "Right now I'm struggling with getting replies from cold emails",
    f: 'getting replies from cold emails',
    s: ['replying to messages'],
  },
  { text: 'Not gonna lie, my biggest struggle is ideas. I run out every week', f: 'ideas', s: ['ideas'] },
  {
    text: 'My main goal is to get 3 retainer clients before summer',
    w: 'get 3 retainer clients before summer',
    s: ['clients'],
  },
  { text: "I'm trying to figure out what to post lol" },
  {
    text: 'I run a small yoga studio and we are stuck on pricing our memberships',
    f: 'pricing our memberships',
    s: ['pricing'],
  },
  { text: 'we are launching our second cookbook in March 🎉', b: 'our second cookbook in March' },
  { text: 'Love this! I am working on something similar for vets', b: 'something similar for vets' },
  { text: 'did you ever struggle with burnout?' },
  { text: 'My sister is making a documentary about surfers' },
  { text: 'I want to be honest, I did not watch the whole thing' },
  {
    text: 'i want to post 3 reels a week without burning out',
    w: 'post 3 reels a week without burning out',
    s: ['reels', 'burnout'],
  },
  {
    text: 'Estamos desarrollando un SaaS para clínicas dentales, pero nos cuesta vender',
    b: 'un SaaS para clínicas dentales',
  },
  { text: 'Mi objetivo principal es facturar 10 mil al mes', w: 'facturar 10 mil al mes' },
  { text: '¿Cómo haces para ser constante?' },
  {
    text: 'Estou desenvolvendo uma plataforma de aulas de violão. Meu sonho é viver disso',
    b: 'uma plataforma de aulas de violão',
    w: 'viver disso',
  },
  { text: 'Minha meta é chegar a 20 mil seguidores', w: 'chegar a 20 mil seguidores' },
  {
    text: 'Je lance une marque de cosmétiques bio, je bloque sur le packaging',
    b: 'une marque de cosmétiques bio',
    f: 'le packaging',
  },
  { text: "Notre objectif est d'ouvrir une deuxième boutique", w: "d'ouvrir une deuxième boutique" },
  { text: "Je ne développe plus l'appli, trop de boulot" },
  {
    text: 'Wir bauen einen Onlineshop für Kaffee und kämpfen mit den Versandkosten',
    b: 'einen Onlineshop für Kaffee',
    f: 'den Versandkosten',
  },
  { text: 'Unser Ziel ist es, nächstes Jahr profitabel zu sein', w: 'nächstes Jahr profitabel zu sein' },
  { text: 'Hast du Probleme mit deinem Algorithmus?' },
  { text: 'Meine Kunden haben Probleme mit der Terminbuchung' },
];
