import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { config, documentClient, keys, queryAll } from '@wuhan/aws';
import { type ProgrammeTarget, programmeTargetIds, type TargetContribution } from '@wuhan/domain';
import * as z from '@wuhan/domain/zod';

/**
 * What counts towards the §一 targets: one item per counted thing (`pk TARGET#<target>, sk <countedId>`). Counting
 * is a put that only the first arrival makes, so a redelivered event, a project qualified again after a
 * re-evaluation or an enterprise recorded twice counts once, for the day it first counted.
 */
export async function recordContribution(contribution: TargetContribution): Promise<'counted' | 'already'> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: config().tableName,
        Item: {
          ...keys.targetContribution(contribution.target, contribution.countedId),
          entity: 'target-contribution',
          ...contribution,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'counted';
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return 'already';
    throw error;
  }
}

const storedContribution = z.object({
  target: z.enum(programmeTargetIds),
  countedId: z.string(),
  projectId: z.string(),
  year: z.number().check(z.int()),
  at: z.string(),
});

/** Everything counted towards one target (hundreds at most over the programme: one partition, read whole). */
export async function contributionsTo(target: ProgrammeTarget): Promise<TargetContribution[]> {
  const items = await queryAll({
    partitionAttribute: 'pk',
    partitionValue: keys.targetContribution(target, '').pk,
    consistentRead: true,
  });
  return items.map((item) => storedContribution.parse(item));
}
