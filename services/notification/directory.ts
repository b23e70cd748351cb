import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { getProfile, keys, listProfiles } from '@wuhan/aws';
import type { Directory } from './ports.js';
import type { ProjectFacts } from './templates/types.js';

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/** Profiles through the shared profile store; the project and nomination items read directly by key. */
export function dynamoDirectory(client: DynamoDBDocumentClient, tableName: string): Directory {
  return {
    staff: () => listProfiles('staff'),
    profile: (role, id) => getProfile(role, id),
    async project(id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keys.project(id) }));
      if (!Item) return undefined;
      const facts: ProjectFacts = { id };
      for (const name of [
        'title',
        'district',
        'techField',
        'stage',
        'leadOrganization',
        'commissionerId',
      ] as const) {
        const value = text(Item[name]);
        if (value) facts[name] = value;
      }
      return facts;
    },
    async nominationPartner(nominationId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: keys.nomination(nominationId) }),
      );
      return Item?.submitterRole === 'partner' ? text(Item.submittedBy) : undefined;
    },
  };
}
