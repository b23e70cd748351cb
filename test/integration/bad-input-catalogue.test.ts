import { allOperations, routeOf } from '@wuhan/contract';
import type { LocalStack } from '@wuhan/local-stack';
import { api, credentialFor, scanTable, secondStack } from '@wuhan/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as z from 'zod';

/**
 * The bad-input catalogue (issue 12): for every write operation of the contract, malformed requests of every
 * class — wrong content types, broken JSON, wrong top-level shapes, deep nesting, oversize bodies, unknown
 * fields, each declared field with the wrong type, an over-long or control-character string, injection strings
 * — each answered with a 4xx problem+json, never a 5xx, and the table unchanged, compared whole before and after.
 * A stack of its own (shared emulators, no throttling), so nothing else writes to its table meanwhile.
 */
const shared = inject('stack');
let stack: LocalStack;

beforeAll(async () => {
  stack = await secondStack(shared);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

interface Bad {
  name: string;
  body: string | Buffer;
  contentType?: string;
}

const injections = [
  "'; DROP TABLE projects; --",
  '<script>alert(1)</script>',
  '{{7*7}}<%= 7*7 %>',
  '../../../../etc/passwd',
  '\u0000\u0007',
  '\uFFFF',
];

/** Malformed bodies for one operation, from its body schema's declared properties. */
function catalogue(bodySchema: z.core.$ZodType | undefined): Bad[] {
  const json = (value: unknown) => JSON.stringify(value);
  const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
  const bads: Bad[] = [
    { name: 'text/plain', body: 'hello', contentType: 'text/plain' },
    { name: 'form-encoded', body: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    { name: 'malformed JSON', body: '{"title": "unterminated' },
    { name: 'trailing comma', body: '{"a":1,}' },
    { name: 'a JSON array', body: '[]' },
    { name: 'JSON null', body: 'null' },
    { name: 'a JSON string', body: '"text"' },
    { name: 'deep nesting', body: deep },
    { name: 'over 256 KB', body: json({ padding: 'x'.repeat(300 * 1024) }) },
    { name: 'unknown field only', body: json({ zzzUnknownField: 1 }) },
  ];
  if (!bodySchema) return bads;
  const schema = z.toJSONSchema(bodySchema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string }>;
    oneOf?: { properties?: Record<string, { type?: string }> }[];
    anyOf?: { properties?: Record<string, { type?: string }> }[];
  };
  const properties = {
    ...schema.properties,
    ...Object.assign({}, ...(schema.oneOf ?? schema.anyOf ?? []).map((variant) => variant.properties ?? {})),
  } as Record<string, { type?: string }>;
  for (const [field, property] of Object.entries(properties)) {
    const wrong = property.type === 'string' ? 12345 : property.type === 'array' ? 'not-a-list' : ['wrong'];
    bads.push({ name: `${field}: wrong type`, body: json({ [field]: wrong }) });
    bads.push({ name: `${field}: over-long`, body: json({ [field]: 'x'.repeat(20_000) }) });
    bads.push({ name: `${field}: an object`, body: json({ [field]: { nested: { deeper: true } } }) });
    for (const injection of injections.slice(0, 2))
      bads.push({
        name: `${field}: injection ${injection.slice(0, 12)}`,
        body: json({ [field]: injection }),
      });
  }
  for (const injection of injections)
    bads.push({
      name: `unknown field with ${JSON.stringify(injection)}`,
      body: json({ [injection]: injection }),
    });
  return bads;
}

/** A syntactically valid path parameter naming nothing that exists. */
function wellFormed(path: string, name: string): string {
  const ulid = '0'.repeat(26);
  if (name === 'keyId') return `key_${ulid}`;
  if (name === 'set') return 'evaluation';
  if (name === 'creditCode') return '91440300708461136T';
  if (path.startsWith('/v1/projects/')) return `prj_${ulid}`;
  if (path.startsWith('/v1/nominations/')) return `nom_${ulid}`;
  if (path.startsWith('/v1/matches/')) return `mat_${ulid}`;
  if (path.startsWith('/v1/subsidy-claims/')) return `sbc_${ulid}`;
  return `nobody-${ulid}`;
}

describe('the bad-input catalogue, generated from the contract', () => {
  it('answers every malformed request to every write operation with a 4xx problem, and writes nothing', async () => {
    const before = await scanTable(stack.info);
    const writes = Object.entries(allOperations()).filter(([key]) => !key.startsWith('GET '));
    let sent = 0;
    const failures: string[] = [];
    for (const [key, op] of writes) {
      const { method, path } = routeOf(key);
      const role = op.roles === 'public' ? 'staff' : (op.roles[0] ?? 'staff');
      const client = api(stack.info, credentialFor(stack.credentials, role).key, {
        contractFrom: shared.apiUrl,
      });
      // Well-formed ids of nothing that exists, so the body is what is wrong (an id `x` is a 400 by itself).
      const concrete = path.replace(/\{([^}]+)\}/g, (_m, name: string) => wellFormed(path, name));
      for (const bad of catalogue(op.body)) {
        sent++;
        const answer = await client
          .request(method, concrete, bad.body, { 'content-type': bad.contentType ?? 'application/json' })
          .catch((error: unknown) => ({ status: -1, headers: {}, text: String(error) }));
        const problem = (answer.headers as Record<string, string>)['content-type']?.startsWith(
          'application/problem+json',
        );
        if (answer.status < 400 || answer.status >= 500 || !problem)
          failures.push(`${key} ${bad.name}: ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(150);
    const after = await scanTable(stack.info);
    const byKey = (items: Record<string, unknown>[]) =>
      items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
    expect(byKey(after)).toEqual(byKey(before));
  }, 240_000);

  it('never answers a 5xx to arbitrary JSON bodies (property-based, every write operation)', async () => {
    const writes = Object.entries(allOperations()).filter(([key]) => !key.startsWith('GET '));
    const serverErrors: string[] = [];
    for (const [key, op] of writes) {
      const { method, path } = routeOf(key);
      const role = op.roles === 'public' ? 'staff' : (op.roles[0] ?? 'staff');
      const client = api(stack.info, credentialFor(stack.credentials, role).key, {
        contractFrom: shared.apiUrl,
      });
      const concrete = path.replace(/\{([^}]+)\}/g, (_m, name: string) => wellFormed(path, name));
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
          const answer = await client.request(method, concrete, JSON.stringify(body), {
            'content-type': 'application/json',
          });
          if (answer.status >= 500)
            serverErrors.push(`${key}: ${answer.status} for ${JSON.stringify(body).slice(0, 200)}`);
          return answer.status < 500;
        }),
        { numRuns: 15, seed: 20261130 },
      );
    }
    expect(serverErrors).toEqual([]);
  }, 240_000);
});
