import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  renderTemplate,
  templateVariables,
  type RenderResult,
  type TemplateVariables,
} from '../../src/domain/templating';

const ok = (text: string): RenderResult => ({ ok: true, text });
const fail = (missing: string[], invalid: string[], message: string): RenderResult => ({
  ok: false,
  missing,
  invalid,
  message,
});

describe('renderTemplate', () => {
  const cases: [string, string, TemplateVariables, RenderResult][] = [
    ['no placeholders', 'Hey there, how are you?', {}, ok('Hey there, how are you?')],
    ['empty template', '', {}, ok('')],
    ['one variable', 'Hey {{name}}!', { name: 'Maya' }, ok('Hey Maya!')],
    ['spaces inside the braces', 'Hey {{ name }}!', { name: 'Maya' }, ok('Hey Maya!')],
    ['a repeated variable', '{{name}}, yes {{ name }}!', { name: 'Maya' }, ok('Maya, yes Maya!')],
    ['a number', 'You have {{count}} new ideas', { count: 3 }, ok('You have 3 new ideas')],
    ['zero is a value', '{{count}} left', { count: 0 }, ok('0 left')],
    ['the value is kept as given', 'Hey {{name}}!', { name: ' Maya ' }, ok('Hey  Maya !')],
    ['a value that looks like a replacement pattern', 'Hey {{name}}', { name: '$& $1 $$' }, ok('Hey $& $1 $$')],
    ['a value containing braces is not re-expanded', 'Hey {{name}}', { name: '{{other}}' }, ok('Hey {{other}}')],
    ['fallback used when missing', 'Hey {{name|there}}!', {}, ok('Hey there!')],
    ['fallback not used when present', 'Hey {{name|there}}!', { name: 'Maya' }, ok('Hey Maya!')],
    ['fallback with spaces and punctuation', 'Hey {{ name | my friend, ok? }}!', {}, ok('Hey my friend, ok?!')],
    ['empty fallback renders nothing', 'Hey{{name|}}!', { name: null }, ok('Hey!')],
    ['fallback for "undefined"', 'Hey {{name|there}}', { name: 'undefined' }, ok('Hey there')],
    ['fallback for " NULL "', 'Hey {{name|there}}', { name: ' NULL ' }, ok('Hey there')],
    ['fallback for whitespace only', 'Hey {{name|there}}', { name: ' \n\t' }, ok('Hey there')],
    ['a word containing null is a value', 'Hey {{name}}', { name: 'nullable' }, ok('Hey nullable')],
    [
      'unicode and emoji around placeholders',
      '✨ Héllo {{name}} 👋🏽 — ça va? {{emoji}}',
      { name: 'Zoë', emoji: '🌸' },
      ok('✨ Héllo Zoë 👋🏽 — ça va? 🌸'),
    ],
    ['text outside is kept byte for byte', 'a\r\n  b {{x}}\u00a0c\u200b', { x: 'y' }, ok('a\r\n  b y\u00a0c\u200b')],
    ['single braces are plain text', 'Hey {name} and }} and {', { name: 'x' }, ok('Hey {name} and }} and {')],
    [
      'missing',
      'Watch {{video_url}}, {{name}}',
      {},
      fail(['video_url', 'name'], [], 'missing template variables: video_url, name'),
    ],
    [
      'missing once even when repeated',
      '{{name}} {{name}}',
      {},
      fail(['name'], [], 'missing template variables: name'),
    ],
    [
      '"undefined", "null", empty and undefined count as missing',
      '{{a}}{{b}}{{c}}{{d}}{{e}}',
      { a: 'undefined', b: 'Null', c: '', d: undefined, e: null },
      fail(['a', 'b', 'c', 'd', 'e'], [], 'missing template variables: a, b, c, d, e'),
    ],
    [
      'NaN counts as missing',
      'You have {{count}}',
      { count: Number.NaN },
      fail(['count'], [], 'missing template variables: count'),
    ],
    [
      'inherited properties are not variables',
      '{{constructor}}',
      {},
      fail(['constructor'], [], 'missing template variables: constructor'),
    ],
    ['names are case-sensitive', '{{Name}}', { name: 'Maya' }, fail(['Name'], [], 'missing template variables: Name')],
    [
      'invalid names',
      'Hi {{1st}} {{first name}} {{}} {{ }} {{|x}}',
      {},
      fail(
        [],
        ['{{1st}}', '{{first name}}', '{{}}', '{{ }}', '{{|x}}'],
        'invalid template placeholders: {{1st}}, {{first name}}, {{}}, {{ }}, {{|x}}',
      ),
    ],
    [
      'a lone {{ with no closing',
      'Hi {{name, how are you',
      { name: 'x' },
      fail([], ['{{name, how are you'], 'invalid template placeholders: {{name, how are you'),
    ],
    [
      'a lone {{ named by 20 characters of its line, an emoji never cut in two',
      `Hi {{${'😀'.repeat(25)}\nnext {{name`,
      { name: 'x' },
      fail([], [`{{${'😀'.repeat(18)}`, '{{name'], `invalid template placeholders: {{${'😀'.repeat(18)}, {{name`),
    ],
    [
      'a half-closed placeholder',
      'Hi {{name} there',
      { name: 'x' },
      fail([], ['{{name} there'], 'invalid template placeholders: {{name} there'),
    ],
    [
      'missing and invalid together',
      '{{a}} {{-b}}',
      {},
      fail(['a'], ['{{-b}}'], 'missing template variables: a; invalid template placeholders: {{-b}}'),
    ],
  ];
  for (const [name, template, variables, expected] of cases) {
    it(name, () => assert.deepEqual(renderTemplate(template, variables), expected));
  }
});

describe('templateVariables', () => {
  const cases: [string, string[]][] = [
    ['no placeholders', []],
    ['{{b}} {{a}} {{ b }} {{c|x}}', ['b', 'a', 'c']],
    ['{{1x}} {{ok_1}} {{_u}}', ['ok_1', '_u']],
    ['{{name', []],
  ];
  for (const [template, expected] of cases) {
    it(JSON.stringify(template), () => assert.deepEqual(templateVariables(template), expected));
  }
});
