import { describe, expect, it } from 'vitest';
import { jsonBodyFaults } from './json-body.js';

/** The fields named, checked against JSON.parse first so every case is JSON it accepts. */
function faults(text: string) {
  JSON.parse(text);
  return jsonBodyFaults(text).map(({ field, code }) => `${field} ${code}`);
}

describe('jsonBodyFaults (issue 12, defects 2 and 8)', () => {
  it('finds nothing in an ordinary body, escapes, astral characters and nesting included', () => {
    expect(
      faults(
        '{"title":"𠀀 \\ud840\\udc00 🚀 \\"q\\" \\\\","lead":{"email":"a@b.cn"},"list":[{"a":1},{"a":2}],"n":-1.5e3,"t":true,"z":null}',
      ),
    ).toEqual([]);
  });

  it('names a duplicate key by its path, also nested and inside arrays', () => {
    expect(faults('{"trl":3,"trl":7}')).toEqual(['body.trl duplicate_key']);
    expect(faults('{"teamLead":{"name":"a","name":"b"}}')).toEqual(['body.teamLead.name duplicate_key']);
    expect(faults('{"attachments":[{"url":"x"},{"url":"y","url":"z"}]}')).toEqual([
      'body.attachments.1.url duplicate_key',
    ]);
  });

  it('treats equal keys in sibling objects as no duplicates, and compares keys after unescaping', () => {
    expect(faults('{"a":{"x":1},"b":{"x":1}}')).toEqual([]);
    expect(faults('{"title":"a","\\u0074itle":"b"}')).toEqual(['body.title duplicate_key']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere', (key) => {
    expect(faults(`{"${key}":{}}`)).toEqual([`body.${key} forbidden_key`]);
    expect(faults(`{"preferences":{"channels":[{"${key}":{"admin":true}}]}}`)).toEqual([
      `body.preferences.channels.0.${key} forbidden_key`,
    ]);
  });

  it('refuses an escaped __proto__ too', () => {
    expect(faults('{"\\u005f_proto__":1}')).toEqual(['body.__proto__ forbidden_key']);
  });

  it('names each string holding a noncharacter or a lone surrogate, raw or escaped', () => {
    expect(faults('{"title":"a\uFFFF"}')).toEqual(['body.title noncharacter']);
    expect(faults('{"title":"a\\uffff"}')).toEqual(['body.title noncharacter']);
    expect(faults('{"title":"a\\ufdd0"}')).toEqual(['body.title noncharacter']);
    expect(faults('{"title":"a\\ud800b"}')).toEqual(['body.title lone-surrogate']);
    expect(faults('{"tags":["ok","\\udc00"]}')).toEqual(['body.tags.1 lone-surrogate']);
    expect(faults('{"a\\uffff":1}')).toEqual(['body.a\uFFFF noncharacter']);
    expect(faults('"\\ud800"')).toEqual(['body lone-surrogate']);
  });

  it('lists every fault, up to a bound', () => {
    expect(faults('{"a":1,"a":2,"b":"\\uffff"}')).toEqual(['body.a duplicate_key', 'body.b noncharacter']);
    const many = `{${Array.from({ length: 100 }, () => '"a":1').join(',')}}`;
    expect(jsonBodyFaults(many)).toHaveLength(20);
  });
});
