import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { type Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterAlarmsProps {
  /** Receives the alarm emails (the subscription must be confirmed once from the inbox). */
  opsEmail: string;
  /**
   * How often SQS's queue depth is looked at; SQS publishes its metrics every few minutes anyway.
   * @default Duration.minutes(5)
   */
  period?: Duration;
}

/**
 * What the account may do with the topic key, spelled out (CDK's default is `kms:*`). Administration includes
 * PutKeyPolicy, so the key can never be locked out; the account's IAM policies decide who uses these.
 */
const KEY_ADMINISTRATION = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:PutKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:EnableKeyRotation',
  'kms:DisableKeyRotation',
  'kms:ListKeyRotations',
  'kms:RotateKeyOnDemand',
  'kms:EnableKey',
  'kms:DisableKey',
  'kms:UpdateKeyDescription',
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:CreateGrant',
  'kms:ListGrants',
  'kms:RevokeGrant',
  'kms:RetireGrant',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
];
const KEY_USE = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey'];

/**
 * The operations alarm (issue 4, item 6): any message in a dead-letter queue emails the operations address.
 * The topic is encrypted with a customer-managed key, because CloudWatch cannot publish to a topic encrypted
 * with the AWS-managed `alias/aws/sns` key (its key policy cannot be extended to the CloudWatch service).
 */
export class DeadLetterAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: DeadLetterAlarmsProps) {
    super(scope, id);
    this.period = props.period ?? Duration.minutes(5);
    const stack = Stack.of(this);
    const key = new Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the operations alarm topic',
      // An explicit policy replaces CDK's default `kms:*` for the account: no Allow in the template names a
      // wildcard action, and the account keeps exactly what managing the key needs (IAM delegates from there).
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountManagesAndUsesTheKey',
            principals: [new AccountRootPrincipal()],
            actions: [...KEY_ADMINISTRATION, ...KEY_USE],
            resources: ['*'],
          }),
          // CloudWatch may use the key only for this account's alarms (no confused deputy).
          new PolicyStatement({
            sid: 'CloudWatchPublishesAlarms',
            principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'aws:SourceAccount': stack.account },
              ArnLike: {
                'aws:SourceArn': stack.formatArn({
                  service: 'cloudwatch',
                  resource: 'alarm',
                  resourceName: '*',
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                }),
              },
            },
          }),
        ],
      }),
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Dead-letter queue alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.opsEmail));
  }

  /**
   * Alarms as soon as the queue holds one visible message; `label` names the queue in the alarm's description.
   * `description` replaces the dead-letter wording, for a queue that holds only what needs a person.
   */
  watch(label: string, deadLetterQueue: IQueue, description?: string): Alarm {
    const alarm = deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: this.period, statistic: 'Maximum' })
      .createAlarm(this, `${label}Alarm`, {
        alarmDescription:
          description ??
          `A message reached the dead-letter queue of ${label}: it failed every retry and needs a person (inspect it, fix the cause, redrive it).`,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // An empty queue publishes no datapoints for a while; that is the healthy state, not an unknown one.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
