/**
 * `npm run bench [-- --quick] [-- --n 500 --concurrency 20]`: the storage ceiling, the pipeline, cold starts and
 * the cost of one nomination, measured side by side in one run on a fresh local stack. Prints a progress line
 * (stderr), a summary table (stdout) and writes bench/results.json. Never part of `npm test`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoProfiles, repositoryRoot, startLocalStack } from '@wuhan/local-stack';
import { topology } from '@wuhan/topology';
import { measureCeiling } from './ceiling.js';
import { measureTopologyColdStarts } from './cold-start.js';
import { compareFigures, comparisonTable, defaultTolerances, readResults, saveBaseline } from './compare.js';
import { costModel, gbSeconds } from './cost.js';
import { floorStages, measureFloor } from './floor.js';
import { measureLifecycle } from './lifecycle.js';
import { installMeters, Meter, meterDynamoDb } from './meter.js';
import { nomination } from './nominations.js';
import { awaitQuiet, awaitStaffEmails, MailWatcher, pipelineResult, postNominations } from './pipeline.js';
import { prices } from './prices.js';
import { Progress } from './progress.js';
import { type Figure, Report } from './report.js';
import { sleep, summarize } from './stats.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    n: { type: 'string' },
    concurrency: { type: 'string', default: '20' },
    'cold-start-runs': { type: 'string', default: '5' },
    sequential: { type: 'string', default: '10' },
    /** Nominations posted at once, alone, for notification's full batches (issue 13: ≤ 0.5 s per batch of 10; 20 so that at least one batch is usually full). */
    burst: { type: 'string', default: '20' },
    /** Projects taken through the second path (nomination → assignment → 3 reviews → outcome → offer). */
    lifecycle: { type: 'string' },
    'lifecycle-concurrency': { type: 'string', default: '5' },
    out: { type: 'string', default: 'bench/results.json' },
    /** Print each figure beside this stored run's, as a ratio (bench/compare.ts). */
    compare: { type: 'string' },
    /** Compare the results already in --out with --compare, without running anything. */
    'compare-only': { type: 'boolean', default: false },
    /** Also store this run's results as the baseline (--baseline, default bench/baseline.json). */
    'save-baseline': { type: 'boolean', default: false },
    baseline: { type: 'string', default: 'bench/baseline.json' },
    /** Relative change flagged for sizes, writes and cost; and for timings. */
    tolerance: { type: 'string', default: String(defaultTolerances.counts) },
    'time-tolerance': { type: 'string', default: String(defaultTolerances.timings) },
  },
});
const tolerances = { counts: Number(args.tolerance), timings: Number(args['time-tolerance']) };
const printComparison = (figures: readonly Figure[]) => {
  if (!args.compare) return;
  const baseline = readResults(resolve(repositoryRoot, args.compare));
  process.stdout.write(
    `${comparisonTable(compareFigures(figures, baseline.figures, tolerances), baseline, tolerances)}\n`,
  );
};
if (args['compare-only']) {
  if (!args.compare) throw new Error('--compare-only needs --compare <baseline.json>');
  const current = readResults(resolve(repositoryRoot, args.out));
  printComparison(current.figures.map((f) => ({ ...f, value: f.value ?? Number.NaN })));
  process.exit(0);
}
const n = Number(args.n ?? (args.quick ? 50 : 500));
const concurrency = Number(args.concurrency);
const coldStartRuns = Number(args['cold-start-runs']);
const sequential = Number(args.sequential);
const burst = Number(args.burst);
const lifecycleProjects = Number(args.lifecycle ?? (args.quick ? 5 : 50));
const lifecycleConcurrency = Number(args['lifecycle-concurrency']);
if (
  ![n, concurrency, coldStartRuns, sequential, burst].every((v) => Number.isInteger(v) && v >= 0) ||
  n < 1
) {
  throw new Error(
    '--n, --concurrency, --cold-start-runs, --sequential and --burst take whole numbers (n ≥ 1)',
  );
}

const root = repositoryRoot;
const progress = new Progress();
const report = new Report();
const runId = Date.now().toString(36).toUpperCase();
const workDir = mkdtempSync(join(tmpdir(), 'wuhan-bench-'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

// ── 3. Cold start (first: no stack running beside the child processes) ───────────────────────────────────────
const { results: cold, missing } = await measureTopologyColdStarts({
  root,
  workDir: join(workDir, 'bundles'),
  runs: coldStartRuns,
  onProgress: (line) => progress.update(`[${elapsed()}] ${line}`),
});
progress.done(`[${elapsed()}] cold start: ${cold.length} bundles measured`);

// ── The local stack, metered ──────────────────────────────────────────────────────────────────────────────────
const meter = new Meter();
installMeters(meter);
// The handlers log JSON to stdout and Powertools Metrics would print EMF there too: keep stdout for the table.
// (On AWS both go to CloudWatch; the INFO logs' CPU is left out of the durations measured here.)
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
  warn(...args);
};
progress.update(`[${elapsed()}] starting the local stack`, true);
const stack = await startLocalStack({
  ports: { api: 0, dynamodb: 0, sqs: 0, ses: 0 },
  throttle: false,
  anonymousThrottle: false,
  runSchedules: false,
  namePrefix: `bench-${runId.toLowerCase()}`,
  log: (line) => progress.done(`[local-stack] ${line}`),
});
try {
  // The shared clients read the emulators' endpoints from process.env, which the stack has just set.
  const { dynamodb } = await import('@wuhan/aws');
  meterDynamoDb(dynamodb, meter);

  const profiles = demoProfiles(topology.platforms);
  const staff = new Set(
    profiles.flatMap((p) => (p.role === 'staff' && p.email ? [p.email.toLowerCase()] : [])),
  );
  const districts = [...new Set(profiles.flatMap((p) => (p.role === 'commissioner' ? [p.district] : [])))];
  const partners = stack.credentials.keys.filter((k) => k.role === 'partner');
  if (partners.length === 0) throw new Error('The local stack seeded no partner keys');
  const make = (i: number) => nomination(runId, i, districts);

  // ── 1. Storage ceiling ──────────────────────────────────────────────────────────────────────────────────────
  const ceilingPuts = Math.max(1000, 2 * n);
  const ceiling = await measureCeiling({
    endpoint: stack.info.dynamodbEndpoint,
    region: stack.info.region,
    table: topology.table,
    tableName: `bench-${runId.toLowerCase()}-ceiling`,
    puts: ceilingPuts,
    concurrency,
    sample: make,
    onProgress: (line) => progress.update(`[${elapsed()}] ${line}`),
  });
  progress.done(
    `[${elapsed()}] ceiling: ${ceiling.putsPerSecond.toFixed(0)} PutItem/s, p99 ${ceiling.latencyMs.p99.toFixed(1)} ms`,
  );

  // ── 1b. The POST path's floor: its DynamoDB requests raw, in the handlers' order, at the same concurrency ────
  const floor = await measureFloor({
    endpoint: stack.info.dynamodbEndpoint,
    region: stack.info.region,
    table: topology.table,
    tableName: `bench-${runId.toLowerCase()}-floor`,
    posts: Math.max(500, n),
    concurrency,
    districts,
    sample: make,
    onProgress: (line) => progress.update(`[${elapsed()}] ${line}`),
  });
  progress.done(
    `[${elapsed()}] floor: POST path's requests raw, p50 ${floor.latencyMs.p50.toFixed(1)} ms, p99 ${floor.latencyMs.p99.toFixed(1)} ms`,
  );

  // ── 2b. The second path: a nomination through evaluation to a platform offer (before the pipeline, so its
  // trailing work is over when the pipeline's meter starts) ──────────────────────────────────────────────────
  const staffKey = stack.credentials.keys.find((k) => k.role === 'staff')?.key;
  if (!staffKey) throw new Error('The local stack seeded no staff key');
  meter.reset();
  const lifecycle =
    lifecycleProjects > 0
      ? await measureLifecycle({
          info: stack.info,
          staffKey,
          partners,
          runId,
          projects: lifecycleProjects,
          concurrency: lifecycleConcurrency,
          timeoutMs: 60_000,
          onProgress: (line) => progress.update(`[${elapsed()}] ${line}`),
        })
      : undefined;
  // The notifications about the last offers, then nothing more: the writes counted are the projects' own.
  await sleep(3000);
  const lifecycleTotals = meter.totals();
  const lifecycleWrites = [...meter.dynamo.entries()].reduce((byFn, [key, s]) => {
    const fn = key.split(':')[0] ?? key;
    byFn.set(fn, (byFn.get(fn) ?? 0) + s.itemWrites);
    return byFn;
  }, new Map<string, number>());
  if (lifecycle)
    progress.done(
      `[${elapsed()}] lifecycle: ${lifecycle.completed}/${lifecycle.projects} offered in ${lifecycle.seconds.toFixed(0)} s`,
    );

  // ── 2. Pipeline ─────────────────────────────────────────────────────────────────────────────────────────────
  const watcher = new MailWatcher(`${stack.info.sesEndpoint}/store`, runId, staff);
  watcher.start();
  const post = (first: number, count: number, c: number, label: string) =>
    postNominations({
      apiUrl: stack.info.apiUrl,
      partners,
      runId,
      first,
      count,
      concurrency: c,
      make,
      onPosted: () =>
        progress.update(
          `[${elapsed()}] ${label}: posted … staff emails ${watcher.staffArrival.size}, emails ${watcher.totalEmails}`,
        ),
    });
  const failIfRejected = (outcomes: { status: number }[], label: string) => {
    const bad = outcomes.filter((o) => o.status !== 202);
    if (bad.length > 0)
      throw new Error(`${label}: ${bad.length} nominations were not accepted (status ${bad[0]?.status})`);
  };

  // Warm-up: one nomination loads every handler module (tsx compiles them on first import), then a sequential
  // phase measures each invocation unloaded, as each runs in its own execution environment on Lambda.
  const warm = await post(1_000_000 - 1, 1, 1, 'warm-up');
  failIfRejected(warm, 'warm-up');
  await awaitStaffEmails(watcher, [1_000_000 - 1], Date.now() + 60_000, () => undefined);
  await awaitQuiet(watcher, 1500, Date.now() + 30_000);
  meter.reset();
  const seq = sequential > 0 ? await post(1_000_000, sequential, 1, 'sequential') : [];
  failIfRejected(seq, 'sequential phase');
  await awaitStaffEmails(
    watcher,
    seq.map((o) => o.index),
    Date.now() + 60_000,
    () => undefined,
  );
  await awaitQuiet(watcher, 1500, Date.now() + 30_000);
  const unloaded = new Map(
    [...meter.invocations].map(([k, v]) => [k, { ...v, durationsMs: [...v.durationsMs] }]),
  );
  const unloadedPost = summarize(seq.map((o) => o.latencyMs));
  meter.reset();

  // A burst: `burst` nominations posted at once with nothing else running, so the notification consumer gets
  // full batches without the load phase's contention (under load its durations include waiting for the other
  // requests' CPU on this machine's 2 cores). Its invocations here answer "per batch of 10" directly.
  const burstOutcomes = burst > 0 ? await post(2_000_000, burst, burst, 'burst') : [];
  failIfRejected(burstOutcomes, 'burst');
  await awaitStaffEmails(
    watcher,
    burstOutcomes.map((o) => o.index),
    Date.now() + 60_000,
    () => undefined,
  );
  await awaitQuiet(watcher, 1500, Date.now() + 30_000);
  const burstNotification = meter.invocations.get('notification');
  meter.reset();

  const emailsBefore = watcher.totalEmails;
  const outcomes = await post(0, n, concurrency, 'pipeline');
  const acceptedIdx = outcomes.filter((o) => o.status === 202).map((o) => o.index);
  // Deadline: generous for the SES send rate (several emails per nomination at the configured rate).
  const deadline = Date.now() + 60_000 + n * 600;
  const complete = await awaitStaffEmails(watcher, acceptedIdx, deadline, (arrived) =>
    progress.update(
      `[${elapsed()}] pipeline: staff emails ${arrived}/${acceptedIdx.length}, emails ${watcher.totalEmails}`,
    ),
  );
  await awaitQuiet(watcher, 3000, deadline + 30_000);
  await watcher.stop();
  const pipeline = pipelineResult(outcomes, watcher, !complete);
  progress.done(
    `[${elapsed()}] pipeline: ${pipeline.accepted}/${n} accepted, ${pipeline.emailsArrived} staff emails, ${watcher.totalEmails - emailsBefore} emails`,
  );
  const totals = meter.totals();
  const accepted = Math.max(1, pipeline.accepted);
  const itemWritesPerNomination = totals.itemWrites / accepted;
  const wruPerNomination = totals.writeUnits / accepted;

  // ── 4. Cost ─────────────────────────────────────────────────────────────────────────────────────────────────
  const cost = costModel({
    meter,
    nominations: accepted,
    apiRequests: n,
    emails: pipeline.totalEmails,
    functions: topology.functions,
  });

  // ── Report ──────────────────────────────────────────────────────────────────────────────────────────────────
  report.section(`Storage ceiling (DynamoDB Local PutItem, concurrency ${concurrency})`);
  report.add(
    'ceiling.putItem.throughput',
    ceiling.putsPerSecond,
    'items/s',
    `${ceiling.puts} puts in ${ceiling.seconds.toFixed(1)} s`,
  );
  report.add('ceiling.putItem.p50', ceiling.latencyMs.p50, 'ms');
  report.add('ceiling.putItem.p95', ceiling.latencyMs.p95, 'ms');
  report.add('ceiling.putItem.p99', ceiling.latencyMs.p99, 'ms');
  report.add(
    'ceiling.item.size',
    ceiling.itemBytes,
    'bytes',
    `JSON of a project-like item; ${ceiling.writeUnitsPerPut.toFixed(2)} WRU per put (table + 3 GSIs)`,
  );

  report.section(
    `POST path floor (its ${floor.requests} DynamoDB requests raw, ${floor.roundTrips} in sequence, concurrency ${concurrency})`,
  );
  report.add(
    'floor.post.p50',
    floor.latencyMs.p50,
    'ms',
    `${floor.posts} paths in ${floor.seconds.toFixed(1)} s`,
  );
  report.add('floor.post.p95', floor.latencyMs.p95, 'ms');
  report.add('floor.post.p99', floor.latencyMs.p99, 'ms', floorStages.join(' → '));
  floor.stageMs.forEach((stage, s) => {
    report.add(`floor.stage${s + 1}.p50`, stage.p50, 'ms', floorStages[s]);
    report.add(`floor.stage${s + 1}.p99`, stage.p99, 'ms');
  });
  report.add(
    'floor.transaction.wru',
    floor.transactionWriteUnits,
    'WRU',
    "the floor's 7-item transaction (intake's own is in dynamodb.intake:TransactWriteItems)",
  );

  report.section(
    `Pipeline (N=${n}, concurrency ${concurrency}, ${partners.length} partners, districts ${districts.join('/')})`,
  );
  report.add('pipeline.accepted', pipeline.accepted, 'nominations', JSON.stringify(pipeline.rejected));
  report.add(
    'pipeline.accepted.throughput',
    pipeline.acceptedPerSecond,
    'nominations/s',
    `${pipeline.postSeconds.toFixed(1)} s of POSTs`,
  );
  report.add('pipeline.post.p50', pipeline.postLatencyMs.p50, 'ms');
  report.add('pipeline.post.p95', pipeline.postLatencyMs.p95, 'ms');
  report.add('pipeline.post.p99', pipeline.postLatencyMs.p99, 'ms');
  report.add(
    'pipeline.post.unloaded.p50',
    unloadedPost.p50,
    'ms',
    `${sequential} sequential POSTs before the load`,
  );
  report.add(
    'pipeline.e2e.arrived',
    pipeline.emailsArrived,
    'staff emails',
    `of ${pipeline.accepted}${pipeline.timedOut ? ' (deadline hit)' : ''}`,
  );
  report.add(
    'pipeline.e2e.p50',
    pipeline.endToEndMs.p50,
    'ms',
    `POST → first staff email in the SES store (±${watcher.intervalMs} ms poll)`,
  );
  report.add('pipeline.e2e.p95', pipeline.endToEndMs.p95, 'ms');
  report.add('pipeline.e2e.p99', pipeline.endToEndMs.p99, 'ms');
  report.add(
    'pipeline.e2e.throughput',
    pipeline.deliveredPerSecond,
    'nominations/s',
    `first POST → last staff email ${pipeline.endToEndSeconds.toFixed(1)} s`,
  );
  report.add(
    'pipeline.emails.perNomination',
    pipeline.totalEmails / accepted,
    'emails',
    `${pipeline.totalEmails} emails`,
  );
  report.add(
    'pipeline.itemWrites.perNomination',
    itemWritesPerNomination,
    'item writes',
    `all functions; ${totals.dynamoRequests} DynamoDB requests, ${totals.withoutCapacity} without ConsumedCapacity`,
  );
  report.add(
    'pipeline.wru.perNomination',
    wruPerNomination,
    'WRU',
    'from ConsumedCapacity (transactional writes count 2 per KB)',
  );
  report.add('pipeline.rru.perNomination', totals.readUnits / accepted, 'RRU');
  const expected = ceiling.putsPerSecond / itemWritesPerNomination;
  report.add(
    'ratio.efficiency',
    pipeline.acceptedPerSecond / expected,
    'ratio',
    `accepted/s ÷ (ceiling ${ceiling.putsPerSecond.toFixed(0)}/s ÷ ${itemWritesPerNomination.toFixed(2)} item writes) = ${pipeline.acceptedPerSecond.toFixed(1)} ÷ ${expected.toFixed(1)}`,
  );
  report.add(
    'ratio.efficiency.endToEnd',
    pipeline.deliveredPerSecond / expected,
    'ratio',
    'the same with delivered (staff email) per second',
  );
  report.add('ratio.postP99.putItemP99', pipeline.postLatencyMs.p99 / ceiling.latencyMs.p99, 'ratio');
  // Issue 13's POST goal: the POST holds intake's transaction and two more sequential requests, so the
  // transaction's own p99 under the same load, as intake's client saw it, bounds what the POST can reach.
  const transaction = meter.dynamo.get('intake:TransactWriteItems');
  if (transaction && transaction.latenciesMs.length > 0) {
    const p99 = summarize(transaction.latenciesMs).p99;
    report.add(
      'ratio.transactionP99.putItemP99',
      p99 / ceiling.latencyMs.p99,
      'ratio',
      `intake's own TransactWriteItems in the pipeline's load, p99 ${p99.toFixed(0)} ms as its client saw it; the POST waits for it and two more requests in sequence`,
    );
  }
  report.add(
    'ratio.floorP99.putItemP99',
    floor.latencyMs.p99 / ceiling.latencyMs.p99,
    'ratio',
    "what the POST path's round trips alone cost on this machine",
  );
  report.add(
    'ratio.postP99.floorP99',
    pipeline.postLatencyMs.p99 / floor.latencyMs.p99,
    'ratio',
    'what the functions, API Gateway and the local stack add above those round trips',
  );

  if (lifecycle) {
    const completed = Math.max(1, lifecycle.completed);
    report.section(
      `Second path: nomination → screening → panel of 3 → 3 reviews → qualified → offer on a platform queue (${lifecycle.projects} projects, concurrency ${lifecycleConcurrency})`,
    );
    report.add(
      'lifecycle.completed',
      lifecycle.completed,
      'projects',
      `of ${lifecycle.projects} in ${lifecycle.seconds.toFixed(1)} s${Object.keys(lifecycle.failures).length ? `; failed: ${JSON.stringify(lifecycle.failures)}` : ''}${lifecycle.widened.length ? `; platforms staff widened to the bench's field: ${lifecycle.widened.join(', ')}` : ''}`,
    );
    for (const [stage, s, what] of [
      ['assigned', lifecycle.assignedMs, 'POST → panel of three (screening passed in between)'],
      ['outcome', lifecycle.outcomeMs, 'third review answered → project qualified'],
      ['offer', lifecycle.offerMs, 'qualified → match.offered on the platform queue'],
      ['total', lifecycle.totalMs, 'POST → match.offered on the platform queue'],
    ] as const) {
      report.add(`lifecycle.${stage}.p50`, s.p50, 'ms', what);
      report.add(`lifecycle.${stage}.p95`, s.p95, 'ms');
      report.add(`lifecycle.${stage}.p99`, s.p99, 'ms');
    }
    report.add(
      'lifecycle.itemWrites.perProject',
      lifecycleTotals.itemWrites / completed,
      'per project',
      `item writes, all functions; ${[...lifecycleWrites.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([fn, w]) => `${fn} ${(w / completed).toFixed(1)}`)
        .join(', ')}`,
    );
    report.add('lifecycle.wru.perProject', lifecycleTotals.writeUnits / completed, 'per project', 'WRU');
    report.add('lifecycle.rru.perProject', lifecycleTotals.readUnits / completed, 'per project', 'RRU');
    report.add(
      'lifecycle.invocations.perProject',
      lifecycleTotals.invocations / completed,
      'per project',
      'Lambda invocations, all functions',
    );
  }

  report.section('Where the writes and reads go (per nomination, measured phase)');
  for (const [key, s] of [...meter.dynamo.entries()].sort()) {
    report.add(
      `dynamodb.${key}`,
      s.requests / accepted,
      'requests',
      `${(s.itemWrites / accepted).toFixed(2)} item writes, ${(s.writeUnits / accepted).toFixed(2)} WRU, ${(s.readUnits / accepted).toFixed(2)} RRU${s.failed ? `, ${s.failed} failed` : ''}${s.latenciesMs.length ? `; p50 ${summarize(s.latenciesMs).p50.toFixed(0)} ms, p99 ${summarize(s.latenciesMs).p99.toFixed(0)} ms` : ''}`,
    );
  }
  for (const [key, s] of [...meter.sqs.entries()].sort()) {
    report.add(
      `sqs.${key}`,
      s.requests / accepted,
      'requests',
      `${s.messages} messages, ${s.billedRequests} billed requests in all`,
    );
  }
  report.add(
    'sqs.emptyReceives',
    meter.emptyReceives,
    'requests',
    'idle long polls in the measured phase (1 s waits locally; 20 s on AWS): a fixed cost, not priced per nomination',
  );
  if (burstNotification && burstNotification.count > 0) {
    const { durationsMs, batchSizes } = burstNotification;
    const largest = Math.max(...batchSizes);
    report.add(
      'lambda.notification.burst.maxMs',
      Math.max(...durationsMs),
      'ms',
      `${burst} nominations posted at once, nothing else running: ${durationsMs.length} invocations of ${batchSizes.join(', ')} records, ${durationsMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
    );
    report.add(
      'lambda.notification.burst.largestBatch',
      largest,
      'records',
      `the largest batch in the burst took ${(durationsMs[batchSizes.indexOf(largest)] ?? Number.NaN).toFixed(0)} ms`,
    );
  }
  for (const [name, s] of [...meter.invocations.entries()].sort()) {
    const d = summarize(s.durationsMs);
    const u = unloaded.get(name);
    const ud = u ? summarize(u.durationsMs) : undefined;
    report.add(
      `lambda.${name}.invocations`,
      s.count / accepted,
      'per nomination',
      `duration p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms under load${ud ? `; unloaded p50 ${ud.p50.toFixed(1)} ms (${u?.count} inv.)` : ''}`,
    );
  }

  report.section(
    `Cold start (bundled as the CDK stack bundles; fresh Node 24 process; median of ${coldStartRuns})`,
  );
  const hello = cold[0];
  for (const c of cold) {
    const key = c.name.split(' ')[0];
    report.add(
      `coldStart.${key}.bundle`,
      c.bundleBytes,
      'bytes',
      c === hello
        ? 'minified ESM + source map comment'
        : `largest: ${c.topInputs
            .slice(0, 3)
            .map((t) => `${t.path.replace(/^node_modules\//, '')} ${(t.bytes / 1024).toFixed(0)} KB`)
            .join(', ')}`,
    );
    report.add(
      `coldStart.${key}.init`,
      c.initMs,
      'ms',
      `import of the bundle with --enable-source-maps; without: ${c.initNoSourceMapsMs.toFixed(1)} ms; whole process ${c.processMs.toFixed(0)} ms`,
    );
    if (hello && c !== hello) {
      report.add(
        `coldStart.${key}.ratio`,
        c.pairedRatio ?? c.initMs / hello.initMs,
        'ratio',
        `init ÷ hello-world init, median of ${coldStartRuns} paired runs (the hello-world imported just before each); unpaired ${(c.initMs / hello.initMs).toFixed(2)}; bundle ${(c.bundleBytes / hello.bundleBytes).toFixed(1)}× the bytes`,
      );
    }
  }
  if (missing.length)
    report.add('coldStart.missing', missing.length, 'functions', `no entry yet: ${missing.join(', ')}`);

  report.section(`Cost per 1000 nominations (us-east-1 list prices of ${prices.takenOn}, bench/prices.ts)`);
  for (const line of cost.lines) {
    report.add(
      `cost.${line.item}`,
      line.usdPer1000,
      'USD/1000',
      `${line.perNomination.toPrecision(3)} ${line.unit} per nomination`,
    );
  }
  const unloadedLambdaUsd =
    ([...unloaded.entries()].reduce((a, [name, s]) => {
      const memory = topology.functions.find((f) => f.name === name)?.memoryMb ?? 128;
      return a + gbSeconds(s.durationsMs, memory);
    }, 0) /
      Math.max(1, sequential)) *
    1000 *
    prices.lambda.usdPerGbSecondArm64;
  report.add(
    'cost.lambdaDuration.unloaded',
    unloadedLambdaUsd,
    'USD/1000',
    `Lambda duration priced from the ${sequential} sequential nominations (one at a time, as separate execution environments would run them)`,
  );
  report.add('cost.total', cost.usdPer1000, 'USD/1000', 'with email');
  report.add(
    'cost.total.withoutEmail',
    cost.usdPer1000WithoutEmail,
    'USD/1000',
    'the same without the SES charges',
  );

  report.write(resolve(root, args.out), {
    runId,
    startedAt: new Date(started).toISOString(),
    node: process.version,
    options: {
      n,
      concurrency,
      quick: args.quick,
      coldStartRuns,
      sequential,
      lifecycleProjects,
      lifecycleConcurrency,
    },
    prices: { takenOn: prices.takenOn, region: prices.region },
  });
  progress.done(`[${elapsed()}] done; ${args.out} written`);
  process.stdout.write(`${report.table()}\n`);
  printComparison(report.figures);
  if (args['save-baseline']) {
    saveBaseline(resolve(root, args.out), resolve(root, args.baseline));
    progress.done(`[${elapsed()}] baseline ${args.baseline} written`);
  }
} finally {
  await stack.stop();
  rmSync(workDir, { recursive: true, force: true });
}
