import { eventEnvelopeSchema, exampleMatchOffered, matchOffered } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';

/**
 * What a platform receives on its own queue, as an AsyncAPI 3 document generated from the same zod schema the
 * matching function writes with (`match.offered` in the event catalog), so the two cannot drift. A platform's
 * queue carries the whole event envelope; its `data` is the offer.
 */
export const platformOfferMessage = z.extend(eventEnvelopeSchema, {
  type: z.literal('match.offered'),
  version: z.literal(1),
  data: matchOffered,
});

function jsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

export function buildAsyncApi(): Record<string, unknown> {
  const example = {
    // A fixed id (its time is occurredAt's): the document is generated at build time and compared with what the
    // contract produces (services/meta/documents.test.ts), so nothing in it may differ between two builds.
    id: 'evt_01KJP4C5800000000000000000',
    type: 'match.offered',
    version: 1,
    occurredAt: '2026-03-02T02:00:00.000Z',
    correlationId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    actor: { role: 'system', id: 'matching' },
    subject: { kind: 'project', id: 'prj_01JZ0000000000000000000000' },
    data: exampleMatchOffered(),
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: '武汉市颠覆性技术创新 — 平台对接消息 (platform offers)',
      version: '1.0.0',
      description:
        'Each platform (概念验证中心, 中试平台, 金融资源, 落地园区) reads matched projects from its own SQS queue, ' +
        '`platform-<platformId>`, which only it may read. Every message is one offer: answer it with ' +
        '`POST /v1/matches/{matchId}/decision` (`{"decision": "accepted" | "declined", "reason"?}`) before ' +
        '`respondBy` ends (Asia/Shanghai), or it expires ' +
        'and the next platform is offered the project. Messages are delivered at least once: de-duplicate on `id` ' +
        '(or `data.matchId`).',
    },
    defaultContentType: 'application/json',
    channels: {
      platformQueue: {
        address: 'platform-{platformId}',
        title: "A platform's own queue",
        parameters: { platformId: { description: 'The platform’s id (its profile’s `platformId`)' } },
        messages: { matchOffered: { $ref: '#/components/messages/matchOffered' } },
      },
    },
    operations: {
      receiveOffer: {
        action: 'receive',
        summary: 'A qualified project offered to this platform (§二(四), §二(六), §二(九))',
        channel: { $ref: '#/channels/platformQueue' },
        messages: [{ $ref: '#/channels/platformQueue/messages/matchOffered' }],
      },
    },
    components: {
      messages: {
        matchOffered: {
          name: 'match.offered',
          title: 'An offer of a qualified project',
          contentType: 'application/json',
          payload: jsonSchema(platformOfferMessage),
          examples: [{ name: 'gestation', payload: example }],
        },
      },
    },
  };
}
