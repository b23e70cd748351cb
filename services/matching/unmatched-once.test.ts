import {
  keys,
  type StoredProject,
  type TransactItem,
  TransactionRejected,
  withOptimisticRetry,
} from '@wuhan/aws';
import {
  type DomainEvent,
  defaultVersion,
  type EvaluationMeans,
  type OfferRecord,
  type PlatformProfile,
} from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { type OfferPorts, type OfferTrigger, offerProject } from './offer.js';
import { matchRowsPrefix, matchStateOf } from './store.js';

/**
 * Two offer decisions that both find nobody left for a kind tell staff once (`project.unmatched`): the decisions
 * read the same rows, then commit one after the other against a small in-memory copy of the project's partition
 * that checks each write's condition as DynamoDB would and applies the transaction whole or not at all. The
 * loser is decided again on fresh reads, as the consumer does (`withOptimisticRetry`).
 */

process.env.TABLE_NAME ??= 'main';
const now = new Date('2026-03-02T02:00:00.000Z');
const projectId = 'prj_u';

const means: EvaluationMeans = {
  demand: 8,
  disruptiveness: 9,
  producibility: 7,
  plan: 8,
  capability: 8,
  returns: 7,
  risk: 7,
  overall: 7.8,
};

const project = (stage: StoredProject['stage']) =>
  ({
    id: projectId,
    title: '量子精密测量仪',
    summary: '室温量子传感',
    techField: 'quantum',
    stage,
    leadOrganization: '武汉量子科技有限公司',
    district: 'hongshan',
    status: 'qualified',
    version: 3,
  }) as unknown as StoredProject;

const platform = (platformId: string, over: Partial<PlatformProfile> = {}): PlatformProfile => ({
  role: 'platform',
  id: `plt_${platformId}`,
  name: platformId,
  locale: 'zh-CN',
  platformId,
  kind: 'concept_verification_center',
  techFields: 'all',
  capacity: 5,
  district: 'hongshan',
  ...over,
});

type Item = Record<string, unknown>;

/**
 * The project's partition in memory. Conditions and updates are read in the small grammar matching's items use
 * (AND, OR, parentheses, attribute_(not_)exists, = <> < comparisons; SET); anything else fails the test loudly.
 * Writes outside the partition (platform places, deadlines) are not the race under test and are left out.
 */
class Partition {
  readonly items = new Map<string, Item>();
  readonly events: DomainEvent[] = [];

  put(item: Item) {
    this.items.set(String(item.sk), item);
  }

  rows(prefix: string): Item[] {
    return [...this.items.values()].filter((i) => String(i.sk).startsWith(prefix));
  }

  commit(writes: readonly TransactItem[], events: readonly DomainEvent[]) {
    const ours = writes.flatMap((w) => {
      const op = w.Put ?? w.Update ?? w.ConditionCheck;
      const key = w.Put ? { pk: w.Put.Item?.pk, sk: w.Put.Item?.sk } : (w.Update ?? w.ConditionCheck)?.Key;
      return op && key?.pk === keys.project(projectId).pk ? [{ w, op, sk: String(key.sk) }] : [];
    });
    const ok = ours.map(({ op, sk }) =>
      op.ConditionExpression === undefined
        ? true
        : holds(
            op.ConditionExpression,
            this.items.get(sk),
            op.ExpressionAttributeNames,
            op.ExpressionAttributeValues,
          ),
    );
    if (ok.includes(false)) {
      throw new TransactionRejected(
        ok.flatMap((held, i) => (held ? [] : [i])),
        ok.map((held) => (held ? 'None' : 'ConditionalCheckFailed')),
      );
    }
    for (const { w, sk } of ours) {
      if (w.Put?.Item) this.put({ ...w.Put.Item });
      if (w.Update) {
        const item = { ...(this.items.get(sk) ?? { ...w.Update.Key }) };
        applySet(
          item,
          w.Update.UpdateExpression ?? '',
          w.Update.ExpressionAttributeNames,
          w.Update.ExpressionAttributeValues,
        );
        this.items.set(sk, item);
      }
    }
    this.events.push(...events);
  }
}

type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

function operand(token: string, item: Item | undefined, names: Names, values: Values): unknown {
  if (token.startsWith(':')) {
    if (!values || !(token in values)) throw new Error(`No value ${token}`);
    return values[token];
  }
  const name = token.startsWith('#') ? names?.[token] : token;
  if (name === undefined) throw new Error(`No name ${token}`);
  return item?.[name];
}

/** A condition expression, evaluated on the item as it is now (undefined: no item). */
function holds(expression: string, item: Item | undefined, names: Names, values: Values): boolean {
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let at = 0;
  const next = () => tokens[at++];
  const peek = () => tokens[at];
  const primary = (): boolean => {
    const token = next();
    if (token === '(') {
      const value = disjunction();
      if (next() !== ')') throw new Error(`Unbalanced: ${expression}`);
      return value;
    }
    if (token === 'attribute_exists' || token === 'attribute_not_exists') {
      if (next() !== '(') throw new Error(`Expected ( in ${expression}`);
      const exists = operand(String(next()), item, names, values) !== undefined;
      if (next() !== ')') throw new Error(`Expected ) in ${expression}`);
      return token === 'attribute_exists' ? exists : !exists;
    }
    const left = operand(String(token), item, names, values);
    const op = next();
    const right = operand(String(next()), item, names, values);
    if (left === undefined) return false;
    if (op === '=') return left === right;
    if (op === '<>') return left !== right;
    if (op === '<') return Number(left) < Number(right);
    throw new Error(`Unsupported operator ${op} in ${expression}`);
  };
  const conjunction = (): boolean => {
    let value = primary();
    while (peek() === 'AND') {
      next();
      value = primary() && value;
    }
    return value;
  };
  const disjunction = (): boolean => {
    let value = conjunction();
    while (peek() === 'OR') {
      next();
      value = conjunction() || value;
    }
    return value;
  };
  const value = disjunction();
  if (at !== tokens.length) throw new Error(`Unread tokens in ${expression}`);
  return value;
}

function applySet(item: Item, expression: string, names: Names, values: Values) {
  if (!expression.startsWith('SET ')) throw new Error(`Unsupported update ${expression}`);
  for (const assignment of expression.slice(4).split(',')) {
    const [target, source] = assignment.split('=').map((s) => s.trim());
    const name = target?.startsWith('#') ? names?.[target] : target;
    if (!name || !source) throw new Error(`Unsupported assignment ${assignment}`);
    item[name] = operand(source, item, names, values);
  }
}

/** Ports over the partition; every decision's first read waits until `readers` decisions have read. */
function racingPorts(
  partition: Partition,
  state: { project: StoredProject; platforms: PlatformProfile[] },
  readers: number,
) {
  let reads = 0;
  let allRead: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    allRead = resolve;
  });
  const ports: OfferPorts = {
    tableName: 'main',
    now,
    getProject: async () => state.project,
    matchState: async (id) => {
      const rows = structuredClone(partition.rows(matchRowsPrefix));
      reads += 1;
      if (reads === readers) allRead();
      await gate;
      return matchStateOf(id, rows);
    },
    platforms: async () => state.platforms,
    platformsWithQueue: state.platforms.map((p) => p.platformId),
    parameters: async () => defaultVersion('matching', new Date('2025-01-25T00:00:00Z')),
    commissioner: async () => undefined,
    commit: async (writes, events) => partition.commit(writes, events),
  };
  return ports;
}

const decide = (trigger: OfferTrigger, ports: OfferPorts) =>
  withOptimisticRetry(() => offerProject(trigger, ports), { sleep: async () => {} });

const qualified: OfferTrigger = { kind: 'qualified', projectId, means, correlationId: 'corr-u' };

const unmatchedKinds = (events: readonly DomainEvent[]) =>
  events.flatMap((e) => (e.type === 'project.unmatched' ? [e.data.kinds] : []));

function offerRow(over: Partial<OfferRecord>): Item {
  const offer: OfferRecord = {
    matchId: 'mat_1',
    projectId,
    platformId: 'cvc-a',
    platformProfileId: 'plt_cvc-a',
    kind: 'concept_verification_center',
    stage: 'gestation',
    state: 'offered',
    offeredAt: '2026-02-01T00:00:00.000Z',
    respondBy: '2026-02-11',
    means,
    explanation: { ranked: [], excluded: [], parameterVersion: 1 },
    ...over,
  };
  return { ...keys.offer(projectId, offer.matchId), entity: 'offer', ...offer };
}

describe('project.unmatched is told once when two decisions find nobody left (matching)', () => {
  it('two qualifications of a gestation project with no centre, decided at once: one event', async () => {
    const partition = new Partition();
    // A pilot platform serves no gestation project: nobody is left for the centre kind.
    const ports = racingPorts(
      partition,
      { project: project('gestation'), platforms: [platform('pilot', { kind: 'pilot_platform' })] },
      2,
    );
    const outcomes = await Promise.all([
      decide({ ...qualified, correlationId: 'first' }, ports),
      decide({ ...qualified, correlationId: 'second' }, ports),
    ]);

    expect(unmatchedKinds(partition.events)).toEqual([['concept_verification_center']]);
    // The loser decided again, found staff told and wrote nothing.
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['nothing_to_do', 'offered']);
  });

  it('a growth project: one qualification offers a kind and finds none of the other, its duplicate at once tells nothing', async () => {
    const partition = new Partition();
    const ports = racingPorts(
      partition,
      { project: project('growth'), platforms: [platform('fund', { kind: 'finance' })] },
      2,
    );
    await Promise.all([decide(qualified, ports), decide({ ...qualified, correlationId: 'dup' }, ports)]);

    expect(unmatchedKinds(partition.events)).toEqual([['landing_park']]);
    // Still one offer per kind: the offer guard is untouched.
    expect(partition.events.filter((e) => e.type === 'match.offered')).toHaveLength(1);
  });

  it('an expiry with nobody left, then the qualification heard again: the expiry tells staff, the qualification does not', async () => {
    const partition = new Partition();
    partition.put(offerRow({ state: 'offered' }));
    partition.put({ ...keys.offerCount(projectId), entity: 'offer-count', offersMade: 1 });
    const state = { project: project('gestation'), platforms: [platform('cvc-a', { openOffers: 1 })] };

    await decide(
      { kind: 'expired', projectId, matchId: 'mat_1', correlationId: 'exp' },
      racingPorts(partition, state, 1),
    );
    await decide(qualified, racingPorts(partition, state, 1));

    expect(partition.events.map((e) => e.type)).toEqual(['match.expired', 'project.unmatched']);
  });

  it('a decline and the qualification heard again, decided at once: one event', async () => {
    // The API recorded the decline and freed the place; the decline's decision and the same qualification under
    // another event id both find no other centre, on the same reads.
    const partition = new Partition();
    partition.put(offerRow({ state: 'declined' }));
    partition.put({ ...keys.offerCount(projectId), entity: 'offer-count', offersMade: 1 });
    const ports = racingPorts(
      partition,
      { project: project('gestation'), platforms: [platform('cvc-a')] },
      2,
    );

    await Promise.all([
      decide({ kind: 'declined', projectId, matchId: 'mat_1', correlationId: 'dec' }, ports),
      decide(qualified, ports),
    ]);

    expect(unmatchedKinds(partition.events)).toEqual([['concept_verification_center']]);
  });

  it('a later round of the same kind is told again: the next centre offered, expired, nobody left', async () => {
    const partition = new Partition();
    // Told at round 0 (no centre then); a centre was added and offered since, and its offer expired.
    partition.put(offerRow({ state: 'offered' }));
    partition.put({
      ...keys.offerCount(projectId),
      entity: 'offer-count',
      offersMade: 1,
      unmatched_concept_verification_center: 0,
    });
    const state = { project: project('gestation'), platforms: [platform('cvc-a', { openOffers: 1 })] };

    await decide(
      { kind: 'expired', projectId, matchId: 'mat_1', correlationId: 'exp' },
      racingPorts(partition, state, 1),
    );

    expect(unmatchedKinds(partition.events)).toEqual([['concept_verification_center']]);
    expect(partition.items.get('OFFERCOUNT')).toMatchObject({ unmatched_concept_verification_center: 1 });
  });
});

describe("a project's match state, read in one Query (pure)", () => {
  it('reads the offers and the unmatched marks from the rows sharing the prefix, each by its exact key', () => {
    expect(keys.offerPrefix.startsWith(matchRowsPrefix)).toBe(true);
    expect(keys.offerCount(projectId).sk.startsWith(matchRowsPrefix)).toBe(true);
    const state = matchStateOf(projectId, [
      offerRow({ matchId: 'mat_1' }),
      { ...keys.offerCount(projectId), entity: 'offer-count', offersMade: 1, unmatched_landing_park: 2 },
    ]);
    expect(state.offers.map((o) => o.matchId)).toEqual(['mat_1']);
    expect(state.unmatchedTold).toEqual({ landing_park: 2 });
  });
});
