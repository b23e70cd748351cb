import { isAccountPrincipal, principalAccount } from '@wuhan/domain';
import {
  AccountPrincipal,
  AnyPrincipal,
  ArnPrincipal,
  Effect,
  type IPrincipal,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { SecureQueue } from './secure-queue.js';

/** What a platform does with its own queue: receive, delete once answered, extend its time, read the counts. */
export const PLATFORM_READ_ACTIONS = [
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibility',
  'sqs:GetQueueAttributes',
] as const;

export interface PlatformQueueAccess {
  /** The platform's reader: a 12-digit account (or its `:root` ARN) or an IAM role ARN. */
  reader: string;
  /** Roles that put messages on the queue (the relay, from the routing). */
  senders: readonly string[];
  /** Roles that read the queue's counts (the health report), nothing else. */
  inspectors: readonly string[];
  /** Roles of staff operations that may redrive the DLQ: read it, and send back to the queue. */
  operators: readonly string[];
  /** ARN patterns of the roles that deploy the stack: CloudFormation reads queue attributes on every update. */
  deployRoles: readonly string[];
}

function principalOf(reader: string): IPrincipal {
  return isAccountPrincipal(reader)
    ? new AccountPrincipal(principalAccount(reader))
    : new ArnPrincipal(reader);
}

/**
 * Denies the request unless its principal is the reader or one of `exempt`. `aws:PrincipalArn` is the role's
 * ARN for a role session (not the session's), so a role reader matches however it is assumed; an account
 * reader matches any principal of that account (conditions of one statement must all hold to deny).
 */
function unlessPrincipal(reader: string | undefined, exempt: readonly string[]) {
  if (reader && isAccountPrincipal(reader)) {
    return {
      StringNotEquals: { 'aws:PrincipalAccount': principalAccount(reader) },
      ...(exempt.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': [...exempt] } } : {}),
    };
  }
  const allowed = [...(reader ? [reader] : []), ...exempt];
  return allowed.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': allowed } } : undefined;
}

function deny(
  sid: string,
  actions: readonly string[],
  queue: IQueue,
  conditions: ReturnType<typeof unlessPrincipal>,
) {
  return new PolicyStatement({
    sid,
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: [...actions],
    resources: [queue.queueArn],
    ...(conditions ? { conditions } : {}),
  });
}

/**
 * A platform queue and its DLQ readable by that platform's principal only (issue 10 point 2). An Allow lets the
 * reader in (it is usually another account, which needs one); explicit Denies keep everyone else out, because a
 * principal of this account could otherwise read with nothing but an identity policy (an administrator's
 * `sqs:*`). Exempt, each for what it must do: the relay sends, the health report reads the counts,
 * CloudFormation reads attributes while deploying, and the queue operators redrive the DLQ. Nobody but the
 * reader (and, on the DLQ, the operators) may receive, delete or hide a message. An administrator can still
 * change the queue policy itself (not denied, and recorded in CloudTrail): the break-glass path.
 */
export function restrictPlatformQueue(queue: SecureQueue, access: PlatformQueueAccess): void {
  const [receive, remove, hide, attributes] = PLATFORM_READ_ACTIONS;
  const read = [receive, remove, hide];
  const reader = principalOf(access.reader);
  const allow = (target: IQueue) =>
    new PolicyStatement({
      sid: 'PlatformReads',
      principals: [reader],
      actions: [...PLATFORM_READ_ACTIONS],
      resources: [target.queueArn],
    });

  const source = queue.queue;
  source.addToResourcePolicy(allow(source));
  source.addToResourcePolicy(deny('DenyReadToOthers', read, source, unlessPrincipal(access.reader, [])));
  source.addToResourcePolicy(
    deny(
      'DenyAttributesToOthers',
      [attributes],
      source,
      unlessPrincipal(access.reader, [...access.inspectors, ...access.deployRoles]),
    ),
  );
  source.addToResourcePolicy(
    deny(
      'DenySendToOthers',
      ['sqs:SendMessage'],
      source,
      unlessPrincipal(undefined, [...access.senders, ...access.operators]),
    ),
  );

  const dlq = queue.deadLetterQueue;
  dlq.addToResourcePolicy(allow(dlq));
  dlq.addToResourcePolicy(
    deny('DenyReadToOthers', read, dlq, unlessPrincipal(access.reader, access.operators)),
  );
  dlq.addToResourcePolicy(
    deny(
      'DenyAttributesToOthers',
      [attributes],
      dlq,
      unlessPrincipal(access.reader, [...access.operators, ...access.deployRoles]),
    ),
  );
}
