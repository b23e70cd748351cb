import { type ListingQuery, projectsListing } from '@wuhan/aws';
import { type FunctionSpec, functionSpec, topology } from '@wuhan/topology';
import { describe, expect, it } from 'vitest';
import { tableKeyProblems } from '../../../infra/topology-checks.js';
import { offersListing } from '../../../services/matching/store.js';
import { claimsListing } from '../../../services/subsidy/store.js';

/**
 * The GSIs project keys and a few attributes (issue 13), so a listing's filter, which DynamoDB evaluates on the
 * index, sees only what its index projects: a filter on anything else would match nothing, silently. Every
 * listing with every criterion it supports is checked here against the topology's projections.
 */

const reserved = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN']);

/** The attribute names a filter expression reads: `#name` placeholders resolved, and bare names. */
function filterAttributes(listing: ListingQuery): string[] {
  if (!listing.filter) return [];
  const { expression, names } = listing.filter;
  return [...expression.matchAll(/[#:]?[A-Za-z_][A-Za-z0-9_]*/g)]
    .map(([token]) => token)
    .filter((token) => !token.startsWith(':') && !reserved.has(token))
    .map((token) => (token.startsWith('#') ? (names[token] ?? token) : token));
}

function projected(indexName: string): readonly string[] {
  const gsi = topology.table.gsis.find((g) => g.name === indexName);
  if (!gsi) throw new Error(`no index ${indexName} in the topology`);
  return gsi.projection.type === 'INCLUDE' ? gsi.projection.nonKeyAttributes : [];
}

const listings: Record<string, ListingQuery> = {
  'projects by status, filtered by district, stage, field': projectsListing({
    status: 'qualified',
    district: 'wuchang',
    stage: 'growth',
    techField: 'quantum',
  }),
  'projects by district, filtered by stage, field': projectsListing({
    district: 'wuchang',
    stage: 'growth',
    techField: 'quantum',
  }),
  'every project, filtered by stage, field': projectsListing({ stage: 'growth', techField: 'quantum' }),
  "a platform's offers, filtered by state, kind": offersListing({
    platformId: 'cvc-a',
    state: 'offered',
    kind: 'finance',
  }),
  'every offer, filtered by state, kind': offersListing({ state: 'offered', kind: 'finance' }),
  "a fund manager's claims, filtered by status, type": claimsListing('fnd-1', {
    status: 'computed',
    subsidyType: 'equity_investment_reward',
  }),
  'every claim, filtered by status, type': claimsListing(undefined, {
    status: 'computed',
    subsidyType: 'equity_investment_reward',
  }),
};

describe('GSI projections', () => {
  it.each(Object.entries(listings))('%s: the filter reads only what its index projects', (_, listing) => {
    const attributes = filterAttributes(listing);
    expect(attributes.length).toBeGreaterThan(0);
    expect(attributes.filter((name) => !projected(listing.indexName).includes(name))).toEqual([]);
  });

  it('the filter check sees a filter on an attribute the index does not project', () => {
    const listing: ListingQuery = {
      ...projectsListing({ district: 'wuchang' }),
      filter: { expression: '#a = :a AND title = :t', names: { '#a': 'stage' }, values: {} },
    };
    expect(filterAttributes(listing)).toEqual(['stage', 'title']);
    expect(projected('gsi3')).not.toContain('title');
  });

  it('no index projects whole items, and none projects what a hot path updates on its own', () => {
    for (const gsi of topology.table.gsis) {
      expect(['KEYS_ONLY', 'INCLUDE'], gsi.name).toContain(gsi.projection.type);
      // Intake's counter ADDs and recommendation ADDs would otherwise rewrite every index copy of the item.
      for (const hot of ['openProjects', 'recommendationCount', 'updatedAt', 'version']) {
        expect(projected(gsi.name), `${gsi.name} projects ${hot}`).not.toContain(hot);
      }
    }
  });

  it('a function that may Query (and so read the indexes) may also BatchGetItem the items they list', () => {
    for (const fn of topology.functions) {
      if (fn.access.table.includes('dynamodb:Query'))
        expect(fn.access.table, fn.name).toContain('dynamodb:BatchGetItem');
    }
    const queryOnly = functionSpec('deadlines');
    const broken: FunctionSpec = {
      ...queryOnly,
      access: { ...queryOnly.access, table: ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'] },
    };
    expect(tableKeyProblems(broken)).toEqual([
      'function deadlines: may Query (the GSIs project keys only) but not BatchGetItem to read the items',
    ]);
  });
});
