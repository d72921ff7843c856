import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstNameOf } from '../../src/domain/first-name';

/**
 * `{{first_name}}` is a person's first name or null (the template's fallback then applies): never a
 * handle, a brand or a business. Each row: display name, handle, what a DM may call them.
 */
const TABLE: [displayName: string | null, username: string | null, expected: string | null][] = [
  // People, in the five languages the CRM reads.
  ['Mateo Sharma', 'mateo.sharma', 'Mateo'],
  ['Lucía Gómez', 'lucia.gz', 'Lucía'],
  ['José María Pérez', 'jm.perez', 'José'],
  ['Zoë Müller', 'zoe_m', 'Zoë'],
  ['Jürgen Groß', 'jgross', 'Jürgen'],
  ['François Lefèvre', 'flefevre', 'François'],
  ['Hélène Dubois', null, 'Hélène'],
  ['João Gonçalves', 'joao.g', 'João'],
  ['Conceição Araújo', 'ceicao', 'Conceição'],
  ['Amara Okafor', 'amara.codes', 'Amara'],
  // Inner apostrophes and hyphens belong to the name.
  ["D'Angelo Russo", 'dangelo', "D'Angelo"],
  ['Jean-Luc Picard', 'jl', 'Jean-Luc'],
  ['jean-luc picard', 'jl', 'Jean-Luc'],
  ['McKenzie Hart', 'mck', 'McKenzie'],
  // Lower-case names are capitalised; a single given name is enough.
  ['mateo sharma', 'm.sharma', 'Mateo'],
  ['Mateo', 'mateo.sharma', 'Mateo'],
  ['  Mateo   Sharma  ', 'ms', 'Mateo'],
  // Emoji and symbols around the name are decoration.
  ['🌸 Lucía Gómez', 'lucia', 'Lucía'],
  ['Lucía 🌸✨', 'lucia', 'Lucía'],
  ['Luci\u0301a Go\u0301mez', 'lucia', 'Lucía'], // accents as combining marks
  ['👩🏽‍💻 Amara | Dev', 'amara.codes', 'Amara'],
  ['Ana 🇧🇷', 'ana.br', 'Ana'],
  ['Sam, coach', 'sam', 'Sam'],
  ['Ana Silva | ana.codes', 'ana.codes', 'Ana'],
  ['Sam 92', 'sam92', 'Sam'],
  ['92 Sam', 'sam92', null],
  // The handle, or something shaped like one, is never a name.
  ['amara.codes', 'amara.codes', null],
  ['Amara.Codes', 'amara.codes', null],
  ['@amara.codes', 'amara.codes', null],
  ['mateo', 'mateo', null],
  ['sam_92', 'sam92', null],
  ['lucia.gomez', 'other', null],
  ['hi@lucia.com', 'lucia', null],
  // Brands and businesses.
  ['The Gym Co', 'thegymco', null],
  ['Glow Studio', 'glow', null],
  ['Acme Inc', 'acme', null],
  ['Berlin Fitness GmbH', 'bf', null],
  ['Nike Official', 'nike', null],
  ['Sunset Media', 'sunset', null],
  ['NIKE', 'nike_us', null],
  ['GYMSHARK', 'gymshark', null],
  ['The Daily Grind', 'dailygrind', null],
  ['Dr Ana Silva', 'drana', null],
  // Too short, too long, nothing left, or a script without a first word to take.
  ['J', 'j.smith', null],
  ['J Smith', 'js', null],
  ['J. Smith', 'js', null],
  ['A' + 'b'.repeat(20), 'long', null],
  ['Abcdefghijklmnopqrst Smith', 'twenty', 'Abcdefghijklmnopqrst'],
  ['🌸✨', 'flowers', null],
  ['', 'amara.codes', null],
  ['   ', 'amara.codes', null],
  [null, 'amara.codes', null],
  [null, null, null],
  ['王伟', 'wangwei', null],
  ['Алексей Петров', 'alexei', null],
];

describe('firstNameOf', () => {
  for (const [displayName, username, expected] of TABLE)
    it(`${JSON.stringify(displayName)} (@${username}) → ${JSON.stringify(expected)}`, () => {
      assert.equal(firstNameOf(displayName, username), expected);
    });

  it('the table covers people, handles, brands, emoji and single letters', () => {
    assert.ok(TABLE.length >= 30);
    assert.ok(TABLE.filter(([, , e]) => e !== null).length >= 15);
    assert.ok(TABLE.filter(([, , e]) => e === null).length >= 15);
  });
});
