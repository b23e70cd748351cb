import type { FunctionSpec, Topology } from '@wuhan/topology';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { inspectTargets, isTableWrite, sendTargets } from './topology-checks.js';

export interface AccessResources {
  tableArn: string;
  /** Queue by topology name. */
  queues: ReadonlyMap<string, IQueue>;
  /** SES identity ARNs a mail function may send from; empty when mail goes out over SMTP instead. */
  sesIdentityArns: readonly string[];
}

function queueArns(queues: ReadonlyMap<string, IQueue>, names: readonly string[]): string[] {
  return names.map((name) => {
    const queue = queues.get(name);
    if (!queue) throw new Error(`No queue ${name} was created for the topology`);
    return queue.queueArn;
  });
}

/**
 * Every partition key of the request must start with one of `prefixes`. A table write always has exactly one
 * leading key (in a transaction, each item action is authorised on its own), so `ForAllValues` cannot pass
 * vacuously here; an empty list is refused at synth by the topology checks, never turned into "no condition".
 */
export function leadingKeys(prefixes: readonly string[]): Record<string, unknown> {
  if (prefixes.length === 0) throw new Error('A LeadingKeys condition needs at least one prefix');
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
  };
}

/**
 * Exactly what the topology declares a function may touch, as IAM statements: its table actions (on the table,
 * and on its indexes when it queries), SendMessage on its own queues, GetQueueAttributes on the queues it
 * inspects, SES SendEmail from the mail identity. Table writes only on the partition-key prefixes the function
 * owns (`dynamodb:LeadingKeys`), reads too where the topology limits them (the authorizer). Explicit statements
 * rather than `grantReadWriteData` and friends, which grant whole families of actions; the template test checks
 * these action lists one by one.
 */
export function accessStatements(
  topology: Topology,
  fn: FunctionSpec,
  resources: AccessResources,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const { table, sendEmail } = fn.access;
  const reads = table.filter((action) => !isTableWrite(action));
  const writes = table.filter(isTableWrite);
  if (reads.length > 0) {
    const queriesIndexes = reads.includes('dynamodb:Query');
    statements.push(
      new PolicyStatement({
        sid: 'TableRead',
        actions: reads,
        resources: queriesIndexes
          ? [resources.tableArn, `${resources.tableArn}/index/*`]
          : [resources.tableArn],
        ...(fn.access.readKeys ? { conditions: leadingKeys(fn.access.readKeys) } : {}),
      }),
    );
  }
  if (writes.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'TableWrite',
        actions: writes,
        // GSIs are read-only: writes name the table alone.
        resources: [resources.tableArn],
        conditions: leadingKeys(fn.access.writeKeys ?? []),
      }),
    );
  }
  const sendTo = sendTargets(topology, fn).map((q) => q.name);
  if (sendTo.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'SendToQueues',
        actions: ['sqs:SendMessage'],
        resources: queueArns(resources.queues, sendTo),
      }),
    );
  }
  const inspect = inspectTargets(topology, fn).map((q) => q.name);
  if (inspect.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'InspectQueues',
        actions: ['sqs:GetQueueAttributes'],
        resources: queueArns(resources.queues, inspect),
      }),
    );
  }
  if (sendEmail && resources.sesIdentityArns.length > 0) {
    statements.push(
      new PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendEmail'],
        resources: [...resources.sesIdentityArns],
      }),
    );
  }
  return statements;
}
