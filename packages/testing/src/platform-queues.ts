import type { Message } from '@aws-sdk/client-sqs';
import { platformOfferMessage } from '@wuhan/contract';
import type { StackInfo } from '@wuhan/local-stack';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { z } from 'zod';
import { receiveAll } from './queues.js';

/**
 * Every read of a platform's queue in the integration tests goes through here, and every message read is
 * checked against what the API publishes for platforms (issue 10, faults): the `match.offered` payload schema of
 * the served `GET /v1/asyncapi.json` (JSON Schema draft-7, as a platform's own validator would use it) and the
 * zod schema it is generated from. One message that fails either fails the test that read it, naming it.
 */
export type PlatformOfferMessage = z.output<typeof platformOfferMessage>;

export class PlatformMessageInvalid extends Error {
  override name = 'PlatformMessageInvalid';
}

type Info = Pick<StackInfo, 'apiUrl' | 'sqsEndpoint' | 'region' | 'platformQueues'>;

const validators = new Map<string, Promise<ValidateFunction>>();

/** The served AsyncAPI document's message payload schema, compiled once per API address. */
export function publishedOfferSchema(apiUrl: string): Promise<ValidateFunction> {
  let validator = validators.get(apiUrl);
  if (!validator) {
    validator = fetch(`${apiUrl}/v1/asyncapi.json`).then(async (response) => {
      if (response.status !== 200)
        throw new Error(
          `GET ${apiUrl}/v1/asyncapi.json answered ${response.status}: no schema to check against`,
        );
      const document = (await response.json()) as {
        components?: { messages?: { matchOffered?: { payload?: Record<string, unknown> } } };
      };
      const payload = document.components?.messages?.matchOffered?.payload;
      if (!payload) throw new Error('the AsyncAPI document has no matchOffered payload');
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv);
      return ajv.compile(payload);
    });
    validators.set(apiUrl, validator);
  }
  return validator;
}

/** Checks one body against both published schemas; throws naming the message and every problem. */
export async function checkPlatformMessage(
  apiUrl: string,
  body: unknown,
  label = 'a message',
): Promise<PlatformOfferMessage> {
  const validate = await publishedOfferSchema(apiUrl);
  const problems: string[] = [];
  if (!validate(body))
    problems.push(...(validate.errors ?? []).map((e) => `asyncapi ${e.instancePath || '/'} ${e.message}`));
  const parsed = platformOfferMessage.safeParse(body);
  if (!parsed.success)
    problems.push(...parsed.error.issues.map((i) => `zod ${i.path.join('.')}: ${i.message}`));
  if (problems.length > 0 || !parsed.success)
    throw new PlatformMessageInvalid(`${label} does not match the published schema: ${problems.join('; ')}`);
  return parsed.data;
}

export interface PlatformQueueMessage {
  message: Message;
  body: PlatformOfferMessage;
}

/**
 * What a platform's queue holds now, each message validated. Peeks by default (no delete), so tests that share
 * the queue find their own messages by id; `delete: true` drains what it read.
 */
export async function readPlatformQueue(
  info: Info,
  platformId: string,
  options: { delete?: boolean } = {},
): Promise<PlatformQueueMessage[]> {
  const url = info.platformQueues[platformId];
  if (!url) throw new Error(`the stack has no queue for platform ${platformId}`);
  const messages = await receiveAll(info, url, { delete: options.delete === true });
  const read: PlatformQueueMessage[] = [];
  for (const message of messages) {
    const label = `message ${message.MessageId} on platform-${platformId}`;
    let json: unknown;
    try {
      json = JSON.parse(message.Body ?? '');
    } catch {
      throw new PlatformMessageInvalid(`${label} is not JSON`);
    }
    read.push({ message, body: await checkPlatformMessage(info.apiUrl, json, label) });
  }
  return read;
}
