import { type DynamoDBDocumentClient, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type ApiKeyRecord, apiKeyItem, buildTransaction, keys, profileItem } from '@wuhan/aws';
import {
  defaultKeyExpiry,
  generateApiKey,
  type Locale,
  newEvent,
  newId,
  type StaffProfile,
  staffProfileSchema,
} from '@wuhan/domain';

export interface BootstrapInput {
  /** A client for the target table: the operator's AWS credentials, or the local stack's endpoint. */
  client: DynamoDBDocumentClient;
  tableName: string;
  name: string;
  /** The CLI always gives one; a test leaves it out so other test files' staff email counts stay as they are. */
  email?: string;
  language: Locale;
  /** Create another staff member even when one exists (e.g. every staff key was lost). */
  force?: boolean;
  now?: Date;
}

export interface Bootstrapped {
  staff: StaffProfile;
  keyId: string;
  /** When the key stops working unless rotated before (`POST /v1/keys/{keyId}/rotate`). */
  expiresAt: string;
  /** The plain key: printed once, stored nowhere but as its hash. */
  apiKey: string;
}

export class StaffAlreadyExists extends Error {
  override name = 'StaffAlreadyExists';
}

const actor = { role: 'system', id: 'admin-cli' } as const;

/**
 * Creates a staff member and their first API key, an administrator's (scope `admin`, a year's life), in a table that may have none: the only way into a freshly
 * deployed stack, since every route that creates people or keys needs a staff key. Written like the API writes
 * (one transaction with the `profile.created` and `apikey.issued` events in the outbox and the history), so the
 * audit trail shows who came first. Refuses when an active staff member exists unless `force` is set: from then
 * on staff create staff with keys over the API.
 */
export async function bootstrapStaff(input: BootstrapInput): Promise<Bootstrapped> {
  if (!input.force) {
    const existing = await input.client.send(
      new QueryCommand({
        TableName: input.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.profileListing('staff', '').gsi1pk },
        Limit: 1,
      }),
    );
    if ((existing.Items ?? []).length > 0) {
      throw new StaffAlreadyExists(
        'This table already has an active staff member; ask them for a key (POST /v1/keys), or pass --force',
      );
    }
  }
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const staff = staffProfileSchema.parse({
    role: 'staff',
    id: newId('stf', now),
    name: input.name,
    ...(input.email ? { email: input.email } : {}),
    locale: input.language,
    active: true,
    createdAt: at,
    updatedAt: at,
    version: 1,
  });
  const apiKey = generateApiKey();
  const record: ApiKeyRecord = {
    keyId: newId('key', now),
    role: 'staff',
    ownerId: staff.id,
    label: `bootstrap: ${staff.name}`,
    createdAt: at,
    createdBy: actor.id,
    expiresAt: defaultKeyExpiry(now).toISOString(),
    // The first staff member administers keys: without an admin nobody could issue a staff key.
    scopes: ['admin'],
  };
  const correlationId = `bootstrap-${record.keyId}`;
  const events = [
    newEvent({
      type: 'profile.created',
      actor,
      subject: { kind: 'staff', id: staff.id },
      data: { role: 'staff', profile: staff, keyId: record.keyId },
      correlationId,
      now,
    }),
    newEvent({
      type: 'apikey.issued',
      actor,
      subject: { kind: 'apikey', id: record.keyId },
      data: {
        role: 'staff',
        ownerId: staff.id,
        label: record.label,
        expiresAt: record.expiresAt,
        scopes: ['admin'],
      },
      correlationId,
      now,
    }),
  ];
  const onlyNew = (Item: Record<string, unknown>) => ({
    Put: { TableName: input.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  await input.client.send(
    new TransactWriteCommand(
      buildTransaction(
        input.tableName,
        [onlyNew(profileItem(staff)), onlyNew(apiKeyItem(apiKey, record))],
        events,
      ),
    ),
  );
  return { staff, keyId: record.keyId, expiresAt: record.expiresAt, apiKey };
}
