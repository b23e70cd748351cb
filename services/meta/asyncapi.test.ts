import { Parser } from '@asyncapi/parser';
import { buildAsyncApi, platformOfferMessage } from '@wuhan/contract';
import { describe, expect, it } from 'vitest';

describe('the platforms’ AsyncAPI document', () => {
  it('is valid AsyncAPI 3.0 (the official parser finds no error)', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApi()));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address()),
    ).toEqual(['platform-{platformId}']);
  });

  it('describes exactly the message matching writes: its example parses with the catalog’s schema', () => {
    const doc = buildAsyncApi() as {
      components: { messages: { matchOffered: { examples: { payload: unknown }[]; payload: unknown } } };
    };
    const [example] = doc.components.messages.matchOffered.examples;
    expect(platformOfferMessage.safeParse(example?.payload).success).toBe(true);
    expect(doc.components.messages.matchOffered.payload).toMatchObject({
      properties: { type: { const: 'match.offered' } },
    });
  });
});
