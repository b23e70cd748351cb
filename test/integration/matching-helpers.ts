import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Credentials, StackInfo } from '@wuhan/local-stack';
import { api, credentialFor, emailsTo, readPlatformQueue, testDocumentClient, waitFor } from '@wuhan/testing';
import { expect } from 'vitest';
import { nomination } from './intake-helpers.js';

/**
 * Shared by the matching integration files (matching, matching-platforms, duplicates): a qualified project, the
 * event the evaluation publishes with it, offers as staff list them, platform keys by platformId, and offers'
 * messages on platform queues (always through readPlatformQueue, which validates each against the published
 * schema). Parameterised by stack, so a second stack uses them too.
 */
export const means = {
  demand: 4.25,
  disruptiveness: 4.5,
  producibility: 3.5,
  plan: 4,
  capability: 4,
  returns: 3.75,
  risk: 3.5,
  overall: 3.93,
};

export type Stage = 'gestation' | 'sprouting' | 'growth';
/** A TRL inside each stage's range. */
const trlOf: Record<Stage, number> = { gestation: 2, sprouting: 5, growth: 8 };
type ApiClient = ReturnType<typeof api>;

export interface StoredOffer {
  matchId: string;
  projectId: string;
  platformId: string;
  kind: string;
  state: string;
  reason?: string;
  releaseReason?: string;
  explanation: { ranked: { platformId: string; rank: number }[]; excluded: { reason: string }[] };
}

export interface MatchingClients {
  info: StackInfo;
  staff: ApiClient;
  partner: ApiClient;
  /** The seeded key of the platform with this platformId (keys name their platformId). */
  platform(platformId: string): ApiClient;
  /** A seeded platform key of any other platform. */
  otherThan(platformId: string): ApiClient;
}

export function matchingClients(
  info: StackInfo,
  credentials: Credentials,
  options: { contractFrom?: string } = {},
): MatchingClients {
  const client = (key: string) => api(info, key, options);
  const platformKeys = credentials.keys.filter((k) => k.role === 'platform');
  const keyOf = (platformId: string) => {
    const key = platformKeys.find((k) => k.platformId === platformId);
    if (!key) throw new Error(`no seeded key for platform ${platformId}`);
    return key.key;
  };
  return {
    info,
    staff: client(credentialFor(credentials, 'staff').key),
    partner: client(credentialFor(credentials, 'partner').key),
    platform: (platformId) => client(keyOf(platformId)),
    otherThan: (platformId) => {
      const other = platformKeys.find((k) => k.platformId !== platformId);
      if (!other) throw new Error('only one seeded platform key');
      return client(other.key);
    },
  };
}

/** A project under review, then set as the evaluation's outcome leaves it (qualified, one version on). */
export async function qualifiedProject(clients: MatchingClients, mark: string, stage: Stage = 'gestation') {
  const created = await clients.partner.post(
    '/v1/nominations',
    nomination(mark, { techField: 'quantum', stage, trl: trlOf[stage] }),
  );
  expect(created.status, created.text).toBe(202);
  const projectId = created.json.projectId as string;
  const passed = await clients.staff.post(`/v1/projects/${projectId}/screening`, { decision: 'pass' });
  expect(passed.status, passed.text).toBe(200);
  await testDocumentClient(clients.info).send(
    new UpdateCommand({
      TableName: clients.info.tableName,
      Key: { pk: `PROJECT#${projectId}`, sk: 'PROJECT' },
      UpdateExpression: 'SET #status = :qualified, gsi2pk = :listing, #version = #version + :one',
      ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: {
        ':qualified': 'qualified',
        ':listing': 'PROJECTS#STATUS#qualified',
        ':one': 1,
      },
    }),
  );
  return { projectId, title: String(passed.json.title) };
}

/** The event the evaluation publishes with its outcome, as the relay would deliver it to matching's queue. */
export function qualifiedEvent(projectId: string, title: string, stage: Stage = 'gestation') {
  return {
    id: `evt_${randomUUID()}`,
    type: 'project.qualified',
    version: 1,
    occurredAt: new Date().toISOString(),
    correlationId: `matching-${projectId}`,
    actor: { role: 'system', id: 'evaluation' },
    subject: { kind: 'project', id: projectId },
    data: {
      projectId,
      title,
      district: 'east_lake_hitech',
      stage,
      techField: 'quantum',
      means,
      parameterVersion: 1,
      decidedBy: 'evaluation_outcome',
    },
  };
}

/** The project's offers once `ready` holds for them (staff's listing of the project). */
export async function offersWhen(
  clients: MatchingClients,
  projectId: string,
  ready: (offers: StoredOffer[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<StoredOffer[]> {
  return waitFor(
    async () => {
      const listed = await clients.staff.get(`/v1/matches?projectId=${projectId}`);
      expect(listed.status, listed.text).toBe(200);
      const items = listed.json.items as StoredOffer[];
      return ready(items) ? items : undefined;
    },
    { timeoutMs, intervalMs: 250, description: what },
  );
}

/** This offer's messages on a platform's queue (peeked, each validated against the published schema). */
export async function offerMessagesOn(info: StackInfo, platformId: string, matchId: string) {
  const read = await readPlatformQueue(info, platformId);
  return read.map((m) => m.body).filter((body) => body.data.matchId === matchId);
}

export async function arrivedOn(info: StackInfo, platformId: string, matchId: string) {
  return waitFor(
    async () => {
      const mine = await offerMessagesOn(info, platformId, matchId);
      return mine.length > 0 ? mine : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: `the offer on platform-${platformId}` },
  );
}

/** The project's commissioner, as staff read them: id and email address. */
export async function commissionerOf(clients: MatchingClients, projectId: string) {
  const project = await clients.staff.get(`/v1/projects/${projectId}`);
  const id = (project.json.project as { commissionerId?: string }).commissionerId;
  if (!id) throw new Error(`project ${projectId} has no commissioner`);
  const profile = await clients.staff.get(`/v1/commissioners/${id}`);
  expect(profile.status, profile.text).toBe(200);
  return { id, address: (profile.json.profile as { email: string }).email };
}

/** The emails the project's commissioner received that name this match (the match-answered template shows it). */
export async function commissionerMailsAbout(clients: MatchingClients, projectId: string, matchId: string) {
  const { address } = await commissionerOf(clients, projectId);
  return (await emailsTo(clients.info, address)).filter((mail) => (mail.body.text ?? '').includes(matchId));
}
