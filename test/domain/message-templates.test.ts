import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateTextProblem } from '../../src/domain/message-templates';

// What a stored template may say: checked once when saved, so a DM naming it fails only on what
// the DM itself brings (a missing variable), never on the template's own syntax.

describe('a template text', () => {
  it('is fine with any variable names, fallbacks and plain text', () => {
    assert.equal(templateTextProblem('Hi {{first_name|there}}, {{topic}} is out: {{ video_url }}'), null);
    assert.equal(templateTextProblem('Just words, no placeholders'), null);
    assert.equal(templateTextProblem('x'.repeat(1000)), null, '1000 characters fit');
  });

  it('names a malformed or unclosed placeholder', () => {
    assert.equal(templateTextProblem('Hi {{first name}}'), 'invalid template placeholders: {{first name}}');
    assert.equal(templateTextProblem('Hi {{first_name'), 'invalid template placeholders: {{first_name');
    assert.equal(templateTextProblem('Hi {{}}'), 'invalid template placeholders: {{}}');
  });

  it('refuses an empty or overlong text', () => {
    assert.equal(templateTextProblem(' \n '), 'the template text is empty');
    assert.equal(templateTextProblem('x'.repeat(1001)), 'the template text is longer than 1000 characters');
  });
});
