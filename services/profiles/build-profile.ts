import type { CreateBody, ManagedRole, ProfileKind, UpdateBody } from '@wuhan/contract';
import {
  commissionerProfileSchema as commissioner,
  expertProfileSchema as expert,
  fundManagerProfileSchema as fundManager,
  InvalidInputError,
  type ProfileOf,
  partnerProfileSchema as partner,
  platformProfileSchema as platform,
  UnprocessableError,
} from '@wuhan/domain';

/** A platform the configuration declares (config/platforms.json): the CDK makes its queue from this list. */
export interface ConfiguredPlatform {
  platformId: string;
  kind: string;
}

/**
 * Where the email of each kind goes: partners, platforms and fund managers give a contact address, which is
 * also the profile's `email` (what notification reads for every role).
 */
function mailbox(fields: Record<string, unknown>): { email?: string } {
  const address = fields.contactEmail ?? fields.email;
  return typeof address === 'string' ? { email: address } : {};
}

/**
 * A platform's queue (and who may read it) comes from configuration, not from this API: staff add and update
 * platform profiles for configured platformIds; an unknown platformId, or one configured with another kind, is
 * refused. (Matching also excludes a profile whose platformId has no queue, e.g. one dropped from the
 * configuration after its profile was created.)
 */
export function checkConfiguredPlatform(
  body: { platformId: string; kind: string },
  platforms: readonly ConfiguredPlatform[],
): void {
  const configured = platforms.find((p) => p.platformId === body.platformId);
  if (!configured) {
    throw new UnprocessableError(
      `No platform ${body.platformId} is configured: a platform's queue is created from the deployment's ` +
        `configuration (config/platforms.json), so add it there and deploy before creating its profile. ` +
        `Configured: ${platforms.map((p) => p.platformId).join(', ')}`,
      { field: 'body.platformId' },
    );
  }
  if (configured.kind !== body.kind) {
    throw new InvalidInputError(
      `Platform ${body.platformId} is configured as ${configured.kind}, not ${body.kind}`,
      'body.kind',
    );
  }
}

type Stamp = { id: string; now: Date };

/** The new profile of a kind from its create body (the key label is not part of the profile). */
export function newProfile<K extends ProfileKind>(
  kind: K,
  body: CreateBody<K>,
  stamp: Stamp,
): ProfileOf<ManagedRole> {
  const { keyLabel: _label, ...given } = body;
  const fields: Record<string, unknown> = { ...given };
  const at = stamp.now.toISOString();
  const lifecycle = { id: stamp.id, active: true, createdAt: at, updatedAt: at, version: 1 };
  return buildProfile(kind, { ...fields, ...mailbox(fields) }, lifecycle);
}

/** The profile after staff's changes, and the names of the fields whose value changed. */
export function changedProfile<K extends ProfileKind>(
  kind: K,
  current: ProfileOf<ManagedRole>,
  patch: UpdateBody<K>,
  now: Date,
): { next: ProfileOf<ManagedRole>; changed: string[] } {
  const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const merged = { ...current, ...given, ...mailbox({ ...current, ...given }) };
  const version = (current.version ?? 0) + 1;
  const next = buildProfile(kind, merged, { updatedAt: now.toISOString(), version });
  const before: Record<string, unknown> = { ...current };
  const after: Record<string, unknown> = { ...next };
  const changed = Object.keys(after).filter(
    (k) => k !== 'updatedAt' && k !== 'version' && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  return { next, changed };
}

/** Parses the assembled fields as the role's stored profile, so what is written is what readers parse. */
function buildProfile(
  kind: ProfileKind,
  fields: Record<string, unknown>,
  lifecycle: Record<string, unknown>,
): ProfileOf<ManagedRole> {
  const candidate = { ...fields, ...lifecycle };
  switch (kind) {
    case 'experts':
      return expert.parse({ ...candidate, role: 'expert' });
    case 'platforms':
      return platform.parse({
        ...candidate,
        role: 'platform',
        organization: fields.organization ?? fields.name,
      });
    case 'fund-managers':
      return fundManager.parse({
        ...candidate,
        role: 'fund_manager',
        organization: fields.organization ?? fields.name,
      });
    case 'commissioners':
      return commissioner.parse({ openProjects: 0, ...candidate, role: 'commissioner' });
    case 'partners':
      return partner.parse({
        ...candidate,
        role: 'partner',
        organization: fields.organization ?? fields.name,
      });
  }
}
