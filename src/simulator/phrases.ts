/**
 * Word and phrase banks for the generated inbox. Short texts ("ok", "lol") and texts that recur in a
 * thread are here on purpose: real threads have them, and the sync must not merge or drop them.
 */

export const FIRST_NAMES = [
  'Maya',
  'Leo',
  'Priya',
  'Jonas',
  'Amara',
  'Diego',
  'Hana',
  'Kofi',
  'Sofia',
  'Ravi',
  'Elena',
  'Malik',
  'Yuki',
  'Nora',
  'Tariq',
  'Ines',
  'Caleb',
  'Zara',
  'Mateo',
  'Aisha',
] as const;

export const LAST_NAMES = [
  'Okafor',
  'Lindqvist',
  'Sharma',
  'Moreau',
  'Castillo',
  'Nakamura',
  'Mensah',
  'Rossi',
  'Haddad',
  'Kim',
] as const;

export const HANDLE_WORDS = [
  'builds',
  'creates',
  'studio',
  'codes',
  'films',
  'makes',
  'designs',
  'writes',
  'coach',
  'labs',
] as const;

export const INBOUND_TEXTS = [
  'Hey! Loved your last video',
  'How did you get started with editing?',
  'What camera do you use?',
  'I am building a small app for gyms, still figuring out pricing',
  'Honestly the hardest part is staying consistent',
  'Would love your take on my landing page',
  'That tip about hooks worked, views doubled',
  'Sounds good!',
  'Haha true',
  'thanks',
  'ok',
  'lol',
  'yes',
  'Sure, send it over',
  'Busy week, will reply properly soon',
  // What people tell a creator about themselves, in their words (issue 23: the CRM learns from them).
  "I'm building an automation tool for real estate agents, still figuring out onboarding",
  'My biggest problem is DM automation, I reply to everything by hand',
  'Honestly struggling with my content strategy, I post whenever I remember',
  'Working on a productivity app for freelancers. My goal is 100 paying users',
  'Estoy construyendo una app de reservas para peluquerías',
  'Je travaille sur une newsletter pour les freelances',
] as const;

export const OUTBOUND_TEXTS = [
  'Hey, thanks for following! What are you working on right now?',
  'Appreciate you! What is the main thing you are building?',
  'That is awesome. What is the biggest bottleneck at the moment?',
  'Here is the checklist I mentioned, hope it helps',
  'Nice, keep me posted on how it goes',
  'Happy to take a look, send the link',
  'ok',
  'thanks',
  'Love that',
] as const;

/** Texts a thread may legitimately contain twice; sync dedup must keep both. */
export const REPEATABLE_TEXTS = ['ok', 'thanks', 'Sounds good!', 'lol'] as const;

export const REPLY_TEXTS = [
  'Just saw this, thank you!',
  'ok',
  'Yes! Still working on the pricing page',
  'thanks',
  'Can we talk next week?',
] as const;

export const BIOS = [
  'Building in public. Coffee first.',
  'Filmmaker and editor. DMs open.',
  'Helping gyms grow with simple software.',
  'Designer. Writing about tools I love.',
] as const;
