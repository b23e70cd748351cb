import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  consumerPrincipalSchema,
  isPlaceholderPrincipal,
  type PlatformConfig,
  platformSetProblems,
} from '@wuhan/domain';
import type { Node } from 'constructs';
import * as z from 'zod';

/**
 * Who may touch the platform queues in a deployment (issue 10 point 2). The repository's config/platforms.json
 * names placeholder readers; the real ones differ per environment, so a deployment gives them as context:
 *
 *   -c stage=production                                   refuse any placeholder reader (default: development)
 *   -c platform-principals=config/platform-principals.production.json   a file { "<platformId>": "<principal>" }
 *   -c platform-principals='{"cvc-whu":"arn:aws:iam::123456789012:role/queue-reader"}'   or the object inline
 *   -c queue-operators=arn:aws:iam::123456789012:role/ops-redrive[,…]   roles that may redrive platform DLQs
 *
 * (`platform-principals` may also be an object in cdk.json's context.) A platform left out keeps the file's
 * principal. Everything is checked at synth: an unknown platformId, a malformed principal, two platforms one
 * reader, or (in production) a placeholder stops the synth with the reason.
 */

export const stageIds = ['development', 'production'] as const;
export type Stage = (typeof stageIds)[number];

export interface PlatformAccess {
  stage: Stage;
  /** platformId → the account or role that may read that platform's queue and its DLQ. */
  readers: ReadonlyMap<string, string>;
  /** Role ARNs allowed to read the platform DLQs to redrive them (staff operations); none by default. */
  queueOperators: readonly string[];
  /** platformIds still read by a placeholder principal (allowed outside production, with a synth warning). */
  placeholders: readonly string[];
}

/** An IAM role ARN, for operators: a role, so each redrive is attributable (no account-wide exemption). */
const roleArn = z
  .string()
  .regex(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'An IAM role ARN');

export class PlatformAccessError extends Error {
  override name = 'PlatformAccessError';
}

function contextOverrides(node: Node, cwd: string): unknown {
  const value: unknown = node.tryGetContext('platform-principals');
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'object') return value;
  if (typeof value !== 'string')
    throw new PlatformAccessError('Context value platform-principals must be a file path or JSON object');
  const text = value.trim().startsWith('{') ? value : readFileSync(resolve(cwd, value), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PlatformAccessError(`platform-principals is not a JSON object: ${(error as Error).message}`);
  }
}

export function readPlatformAccess(
  node: Node,
  platforms: readonly PlatformConfig[],
  cwd: string = process.cwd(),
): PlatformAccess {
  const stageValue: unknown = node.tryGetContext('stage') ?? 'development';
  const stage = z.enum(stageIds).safeParse(stageValue);
  if (!stage.success) {
    throw new PlatformAccessError(
      `Context value stage must be ${stageIds.join(' or ')}, got "${String(stageValue)}"`,
    );
  }

  const overrides = z.record(z.string(), consumerPrincipalSchema).safeParse(contextOverrides(node, cwd));
  if (!overrides.success) {
    throw new PlatformAccessError(`platform-principals: ${z.prettifyError(overrides.error)}`);
  }
  const configured = new Set(platforms.map((p) => p.platformId));
  const unknown = Object.keys(overrides.data).filter((id) => !configured.has(id));
  if (unknown.length > 0) {
    throw new PlatformAccessError(
      `platform-principals names platforms that config/platforms.json does not: ${unknown.join(', ')}`,
    );
  }
  const effective = platforms.map((p) => ({
    platformId: p.platformId,
    consumerPrincipal: overrides.data[p.platformId] ?? p.consumerPrincipal,
  }));
  const problems = platformSetProblems(effective);
  if (problems.length > 0) throw new PlatformAccessError(`Platform readers: ${problems.join('; ')}`);
  const placeholders = effective
    .filter((p) => isPlaceholderPrincipal(p.consumerPrincipal))
    .map((p) => p.platformId);
  if (stage.data === 'production' && placeholders.length > 0) {
    throw new PlatformAccessError(
      `A production stage needs each platform's real reader; still the repository's placeholder: ` +
        `${placeholders.join(', ')}. Give them with -c platform-principals=<file or JSON> (README, Deploy).`,
    );
  }

  const operatorsValue: unknown = node.tryGetContext('queue-operators') ?? '';
  if (typeof operatorsValue !== 'string')
    throw new PlatformAccessError('Context value queue-operators must be a string');
  const operators = z.array(roleArn).safeParse(
    operatorsValue
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  if (!operators.success)
    throw new PlatformAccessError(`queue-operators: ${z.prettifyError(operators.error)}`);
  const readers = new Set(effective.map((p) => p.consumerPrincipal));
  const readerOperators = operators.data.filter((arn) => readers.has(arn));
  if (readerOperators.length > 0) {
    throw new PlatformAccessError(
      `queue-operators must not be platform readers (they would read every platform's DLQ): ${readerOperators.join(', ')}`,
    );
  }

  return {
    stage: stage.data,
    readers: new Map(effective.map((p) => [p.platformId, p.consumerPrincipal])),
    queueOperators: operators.data,
    placeholders,
  };
}
