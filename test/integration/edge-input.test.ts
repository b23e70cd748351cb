import { readInbox, type StoredEmail, waitFor } from '@wuhan/testing';
import { describe, expect, inject, it } from 'vitest';
import { expectProblem, intakeClients, itemsMentioning, marker, nomination } from './intake-helpers.js';

/**
 * Issue 12, defects 2 and 8: what the edge accepts, end to end. Astral characters (a CJK Extension B name, an
 * emoji) are real text and must reach email through the relay and the local SQS emulator, which refused them;
 * noncharacters, lone surrogates, duplicate and prototype keys, credentials in URLs and invisible titles are
 * refused with a problem naming the field, and nothing is stored.
 */
const stack = inject('stack');
const credentials = inject('credentials');
const { staff, partnerA, partnerB } = intakeClients(stack, credentials);

/** Emails whose subject carries this test's marker (every nomination subject names the project's title). */
async function emailsMarked(mark: string): Promise<StoredEmail[]> {
  return (await readInbox(stack)).filter((e) => e.subject.includes(mark));
}

async function waitForEmails(mark: string): Promise<StoredEmail[]> {
  return waitFor(
    async () => {
      const found = await emailsMarked(mark);
      return found.length > 0 ? found : undefined;
    },
    { timeoutMs: 45_000, intervalMs: 250, description: `emails about ${mark}` },
  );
}

const json = { 'content-type': 'application/json' };

describe('the edge decides per character class (issue 12, defect 2)', () => {
  it('accepts a title with a CJK Extension B character and an emoji, and its emails arrive', async () => {
    const mark = marker();
    const title = `𠀀 柔性显示 🚀 ${mark}`;
    const accepted = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { title, teamLead: { name: '𠀀明', email: 'liming@hust.edu.cn' } }),
    );
    expect(accepted.status, accepted.text).toBe(202);
    const emails = await waitForEmails(mark);
    expect(emails.every((e) => e.subject.includes(title))).toBe(true);
  });

  it.each([
    ['U+FFFF', '\uFFFF'],
    ['U+FFFE', '\uFFFE'],
    ['U+FDD0', '\uFDD0'],
    ['a lone surrogate', '\uD800'],
  ])('refuses %s in a title with 400 naming body.title, and stores nothing', async (_name, character) => {
    const mark = marker();
    const refused = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { title: `标题${character} ${mark}` }),
    );
    expectProblem(refused, 400, 'body.title');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });
});

describe('inputs that should not pass (issue 12, defect 8)', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a word joiner and a left-to-right mark', '\u2060\u200E'],
    ['Hangul fillers', '\u3164\u3164'],
  ])('refuses a title of only %s as blank', async (_name, title) => {
    const mark = marker();
    const refused = await partnerA.post('/v1/nominations', nomination(mark, { title }));
    expectProblem(refused, 400, 'body.title');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('makes a zero-width space or a Cyrillic look-alike the same project, not another', async () => {
    const mark = marker();
    const first = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { title: `Quantum sensor ${mark}` }),
    );
    expect(first.status, first.text).toBe(202);
    const variant = await partnerB.post(
      '/v1/nominations',
      nomination(mark, { title: `Qu\u0430ntum\u200B sensor ${mark}` }),
    );
    expect(variant.status, variant.text).toBe(202);
    expect(variant.json.projectId).toBe(first.json.projectId);
    expect(variant.json.recommendations).toBe(2);
  });

  it('strips a right-to-left override from email subjects', async () => {
    const mark = marker();
    const accepted = await partnerA.post(
      '/v1/nominations',
      nomination(mark, { title: `显示\u202Efdp.exe ${mark}` }),
    );
    expect(accepted.status, accepted.text).toBe(202);
    const emails = await waitForEmails(mark);
    for (const email of emails) {
      expect(email.subject).toContain(`显示fdp.exe ${mark}`);
      expect(email.subject).not.toMatch(/\p{Bidi_Control}/u);
    }
  });

  it('refuses an attachment URL carrying credentials', async () => {
    const mark = marker();
    const refused = await partnerA.post(
      '/v1/nominations',
      nomination(mark, {
        attachments: [{ name: '计划书.pdf', url: 'https://user:secret@example.cn/a.pdf' }],
      }),
    );
    expectProblem(refused, 400, 'body.attachments.0.url');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it('refuses a duplicate key, naming it, and stores nothing', async () => {
    const mark = marker();
    const body = JSON.stringify(nomination(mark)).replace(/^\{/, `{"title":"另一个标题 ${mark}",`);
    const refused = await partnerA.post('/v1/nominations', body, json);
    expectProblem(refused, 400, 'body.title');
    expect(await itemsMentioning(stack, mark)).toEqual([]);
  });

  it.each(['__proto__', 'constructor'])(
    'refuses %s in a body, naming it, and stores nothing',
    async (key) => {
      const mark = marker();
      const body = JSON.stringify(nomination(mark)).replace(
        /\}$/,
        `,"${key}":{"sourceChannel":"public_call"}}`,
      );
      const refused = await partnerA.post('/v1/nominations', body, json);
      expectProblem(refused, 400, `body.${key}`);
      expect(await itemsMentioning(stack, mark)).toEqual([]);
    },
  );

  it('refuses __proto__ in a preferences body, which once overwrote them with {}', async () => {
    const refused = await staff.put(
      '/v1/notification-preferences',
      '{"__proto__":{"modes":{"project.nominated":"digest"}}}',
      json,
    );
    expectProblem(refused, 400, 'body.__proto__');
  });

  it('answers a malformed % escape in a path with 400 from the local API Gateway', async () => {
    const response = await fetch(`${stack.apiUrl}/v1/projects/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'Bad Request' });
  });
});
