import type { TableSpec } from '@wuhan/topology';
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * The one table of the single-table design, as the topology declares it: string keys, the GSIs (projecting keys
 * and the few attributes listings filter on; readers hydrate items from the table), the TTL attribute and the stream the relay
 * reads. On-demand, point-in-time recovery, deletion protection, kept when the stack is deleted; encrypted with
 * the AWS-managed key (no key to administer; a customer key adds cost and nothing this data needs today).
 */
export class SingleTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, spec: TableSpec) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      encryption: TableEncryption.AWS_MANAGED,
      stream: StreamViewType[spec.stream],
      timeToLiveAttribute: spec.ttlAttribute,
    });
    for (const gsi of spec.gsis) {
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.name,
        partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
        ...(gsi.projection.type === 'INCLUDE'
          ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...gsi.projection.nonKeyAttributes] }
          : { projectionType: ProjectionType.KEYS_ONLY }),
      });
    }
  }
}
