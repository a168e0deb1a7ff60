'use strict';
/**
 * npm run bench:queue: the trigger and sending benchmarks in n8n's queue mode (dev/n8n/queueTopology.js:
 * a throwaway Postgres cluster and Redis, n8n main + 1 worker + 2 webhook processes, the packed
 * tarball installed as a community package), figures printed, never a pass/fail.
 *
 *  A. Trigger in queue mode: the core Webhook node (POST, respond immediately) vs Truecaller Trigger
 *     v2 (Secret Key credential, dedup on, 10,000 ids remembered) vs True Pulse Trigger v2, each
 *     alone in a workflow of the same topology. N distinct valid events (2,000), 20 connections,
 *     round robin over both webhook processes: one autocannon per process, each with half the events
 *     and half the connections, at once. Both webhook processes are restarted before each trigger
 *     and warmed up with 100 uncounted events. Then the executions in Postgres: total, and distinct
 *     event ids found in their data (every event started exactly once when both equal N).
 *  C. The cross-process window: 50 new events sent at once to webhook process 1 and the same 50
 *     to process 2 0.1, 0.5, 1 and 2 s later, to the Truecaller Trigger v2; runs started per case
 *     (50 when every copy was caught).
 *  B. Sending: 10,000 campaigns through Send Verified Campaign (Requests per Second 100,
 *     Concurrency 20) to the sandbox playing Truecaller (100 req/s, 429 + Retry-After past it, 20 ms
 *     latency), run on the worker, then the same workflow on a single-process n8n (SQLite, defaults,
 *     LocalN8n). Delivered and duplicates counted at the sandbox; peak RSS of the process that ran
 *     the execution (the worker; the single process).
 *
 * Bounded: fixed counts, a time limit per load and per execution, and a hard limit on the whole run
 * (--limit-minutes, default 45) after which everything started is killed by PID. `--help` lists
 * the options.
 */
const os = require('os');
const path = require('path');

const {
	RATE_WORKFLOW,
	REMEMBERED,
	TRIGGERS,
	benchCredentials,
	loadTrigger,
	rateLimitedSendWorkflow,
	receiversFor,
	rememberedAnswer,
	runAndSampleRss,
	workflowOfTrigger,
	parseBenchOptions,
	envOptions,
	triggerIds,
} = require('./support/bench');
const { createSandbox } = require('../dev/sandbox/sandbox');
const { ensureHost } = require('../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../dev/n8n/n8nServer');
const { QueueTopology } = require('../dev/n8n/queueTopology');

const HELP = `Usage: npm run bench:queue -- [options]

  --n8n-version <v>    n8n host (default 2.41.1)
  --only <list>        triggers,sending,window (or A,B,C; default triggers,sending)
  --triggers <list>    of A: webhook,tc2,tp2 (default), webhookauth (the core Webhook node with a
                       Header Auth credential), tc2nodedup, tc2r0,tp2r0,tc2r100k,tp2r100k
                       (0 or 100,000 ids remembered instead of 10,000); webhook always runs
  --env NAME=VALUE     n8n environment of every process (repeatable), e.g.
                       N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, DB_POSTGRESDB_POOL_SIZE=10
  --pg-stats           Postgres statement timings per trigger (pg_stat_statements): where the
                       database time of one event goes
  --events <n>         events per trigger in A (default 2000)
  --connections <n>    connections in A, split over both webhook processes (default 20)
  --campaigns <n>      campaigns per run in B (default 10000)
  --limit-minutes <n>  hard limit on the whole run (default 45)`;

function parseArgs(argv) {
	const options = parseBenchOptions(
		argv,
		{
			'n8n-version': '2.41.1',
			only: 'triggers,sending',
			events: 2000,
			connections: 20,
			campaigns: 10000,
			'limit-minutes': 45,
			triggers: 'webhook,tc2,tp2',
			env: [],
			'pg-stats': false,
		},
		HELP,
	);
	options.env = envOptions(options.env);
	options.triggers = triggerIds(options.triggers);
	const names = { a: 'triggers', b: 'sending', c: 'window' };
	options.only = new Set(
		options.only.split(',').map((name) => names[name.trim().toLowerCase()] ?? name.trim()),
	);
	return options;
}

const OPTIONS = parseArgs(process.argv.slice(2));
/** Ports of this benchmark only (the queue suite uses 5810-5839), all on 127.0.0.1. */
const PORTS = {
	main: 5850,
	webhooks: [5851, 5852],
	workerHealth: 5853,
	brokers: { main: 5861, webhook1: 5862, webhook2: 5863, worker: 5864, cli: 5865 },
	cli: 5866,
	sandbox: 5880,
	postgres: 5893,
	redis: 6393,
};
/** The single-process n8n of B (task broker +1000, CLI +7). */
const SINGLE_PORT = 5890;
const WARM_UP_EVENTS = 100;
const LOAD_LIMIT_MS = 8 * 60 * 1000;
const DRAIN_LIMIT_MS = 8 * 60 * 1000;
const SEND_LIMIT_MS = 8 * 60 * 1000;
const SANDBOX_LIMITS = { rateLimitPerSecond: 100, latencyMs: 20, record: false };
const PENDING = ['new', 'running', 'waiting', 'unknown'];
const BENCHED = TRIGGERS.filter((t) => OPTIONS.triggers.has(t.id)).map((trigger) => ({
	...trigger,
	workflow: workflowOfTrigger(trigger),
}));

const log = (message) => console.log(`[bench:queue] ${message}`);
const thousands = (n) => n.toLocaleString('en-US');
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * Waits until the workflow has at least `target` executions in Postgres and none pending, then 2 s
 * more for any extra one; at most `limitMs`. Returns the counts and when the target was reached.
 */
async function waitForExecutions(topology, workflowId, target, limitMs) {
	const deadline = Date.now() + limitMs;
	let reachedAt;
	for (;;) {
		const byStatus = topology.executionStatuses(workflowId);
		const total = sum(byStatus);
		const pending = PENDING.reduce((n, status) => n + (byStatus[status] ?? 0), 0);
		if (total >= target && pending === 0) {
			if (!reachedAt) reachedAt = Date.now();
			else if (Date.now() - reachedAt >= 2000) return { total, byStatus, reachedAt };
		} else reachedAt = undefined;
		if (Date.now() > deadline) return { total, byStatus, reachedAt: Date.now(), timedOut: true };
		await sleep(500);
	}
}

const lastExecutionId = (topology, workflowId) =>
	Number(
		topology.psql(
			`SELECT coalesce(max(id), 0) FROM execution_entity WHERE "workflowId" = '${workflowId}'`,
		)[0][0],
	);

/** Executions after `afterId` whose data holds an event id of `prefix`, and how many distinct ids. */
function eventIdsInExecutions(topology, workflowId, afterId, prefix) {
	const [[executions, distinct]] = topology.psql(
		`SELECT count(*), count(DISTINCT m[1]) FROM execution_entity e
		 JOIN execution_data d ON d."executionId" = e.id
		 CROSS JOIN LATERAL regexp_matches(d.data, '(${prefix}-[0-9]+-[0-9]+)') m
		 WHERE e."workflowId" = '${workflowId}' AND e.id > ${afterId}`,
	);
	return { withId: Number(executions), distinct: Number(distinct) };
}

/** pg_stat_statements loaded, and lock waits logged, for --pg-stats. */
const PG_STATS_SETTINGS = [
	'-c shared_preload_libraries=pg_stat_statements',
	'-c pg_stat_statements.track=all',
	'-c log_lock_waits=on',
	'-c deadlock_timeout=10ms',
];

/**
 * The database's share of one event: every statement since the last reset (the load and the
 * worker's runs), grouped by its first words, with calls and milliseconds per event.
 */
function statementTimings(topology, events) {
	const rows = topology.psql(
		`SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 70), calls, total_exec_time
		 FROM pg_stat_statements
		 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		 ORDER BY total_exec_time DESC LIMIT 12`,
	);
	return rows.map(([query, calls, total]) => ({
		query,
		callsPerEvent: Number((Number(calls) / events).toFixed(2)),
		msPerEvent: Number((Number(total) / events).toFixed(3)),
		msPerCall: Number((Number(total) / Number(calls)).toFixed(3)),
	}));
}

async function benchTrigger(topology, trigger, paths) {
	const workflowId = trigger.workflow.id;
	log(`A. ${trigger.label}: restarting both webhook processes, ${WARM_UP_EVENTS} warm-up events`);
	await topology.restartWebhooks(paths);
	const already = sum(topology.executionStatuses(workflowId));
	await loadTrigger(topology.webhookUrls, trigger, {
		amount: WARM_UP_EVENTS,
		connections: OPTIONS.connections,
		limitMs: LOAD_LIMIT_MS,
	});
	await waitForExecutions(topology, workflowId, already + WARM_UP_EVENTS, DRAIN_LIMIT_MS);
	const statusesBefore = topology.executionStatuses(workflowId);
	const before = sum(statusesBefore);
	const afterId = lastExecutionId(topology, workflowId);
	log(
		`A. ${trigger.label}: ${thousands(OPTIONS.events)} events, ${OPTIONS.connections} connections over ${topology.webhookUrls.join(' and ')}`,
	);
	const loadAverage = os.loadavg()[0];
	if (OPTIONS.pgStats) topology.psql('SELECT pg_stat_statements_reset()');
	const load = await loadTrigger(topology.webhookUrls, trigger, {
		amount: OPTIONS.events,
		connections: OPTIONS.connections,
		limitMs: LOAD_LIMIT_MS,
	});
	const loadEnded = Date.now();
	const settled = await waitForExecutions(
		topology,
		workflowId,
		before + OPTIONS.events,
		DRAIN_LIMIT_MS,
	);
	const prefix = /^(bench-[a-z0-9]+)-/.exec(
		trigger.body(0).event_id ?? trigger.body(0).tpCallID,
	)[1];
	const statements = OPTIONS.pgStats ? statementTimings(topology, load.sent) : undefined;
	const ids = eventIdsInExecutions(topology, workflowId, afterId, prefix);
	const drainSeconds = Math.max(0, (settled.reachedAt - loadEnded) / 1000);
	const row = {
		trigger: trigger.label,
		sent: load.sent,
		rps: load.rps,
		p50: load.p50,
		p99: load.p99,
		non2xx: load.non2xx,
		executions: settled.total - before,
		distinctIds: ids.distinct,
		executionsWithId: ids.withId,
		drainSeconds,
		// Events through to finished executions: the load's time plus the worker's backlog after it.
		endToEndRps: load.sent / (load.seconds + drainSeconds),
		loadAverage,
		statements,
		staticDataBytes: Number(
			topology.psql(
				`SELECT coalesce(pg_column_size("staticData"), 0) FROM workflow_entity WHERE id = '${workflowId}'`,
			)[0][0],
		),
		statuses: JSON.stringify(
			Object.fromEntries(
				Object.entries(settled.byStatus).map(([status, n]) => [
					status,
					n - (statusesBefore[status] ?? 0),
				]),
			),
		),
		note: [
			load.stoppedAtLimit ? 'load stopped at its time limit' : '',
			settled.timedOut ? 'executions did not settle in time' : '',
		]
			.filter(Boolean)
			.join('; '),
	};
	log(`   ${JSON.stringify({ ...row, statements: undefined })}`);
	if (statements) {
		console.log(`\nDatabase time per event, ${trigger.label} (pg_stat_statements, load and runs):`);
		console.table(statements);
	}
	return row;
}

const WINDOW_DELAYS = [0.1, 0.5, 1, 2];
const WINDOW_BURST = 50;

async function postEvent(url, body) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	await response.text();
	return response.status;
}

async function crossProcessWindow(topology, trigger, paths) {
	await topology.restartWebhooks(paths);
	const rows = [];
	for (const delay of WINDOW_DELAYS) {
		const workflowId = trigger.workflow.id;
		const before = sum(topology.executionStatuses(workflowId));
		const bodies = Array.from({ length: WINDOW_BURST }, (_, i) => trigger.body(i));
		const [first, second] = topology.webhookUrls.map(
			(base) => `${base}/webhook/${trigger.path}${trigger.query}`,
		);
		const loadAverage = os.loadavg()[0];
		const firstAnswers = Promise.all(bodies.map((body) => postEvent(first, body)));
		await sleep(delay * 1000);
		const answers = [
			...(await Promise.all(bodies.map((body) => postEvent(second, body)))),
			...(await firstAnswers),
		];
		const settled = await waitForExecutions(
			topology,
			workflowId,
			before + WINDOW_BURST,
			DRAIN_LIMIT_MS,
		);
		const row = {
			delaySeconds: delay,
			sent: WINDOW_BURST * 2,
			non200: answers.filter((status) => status !== 200).length,
			runs: settled.total - before,
			expected: WINDOW_BURST,
			loadAverage,
		};
		log(`C. ${JSON.stringify(row)}`);
		rows.push(row);
	}
	return rows;
}

function printWindow(rows, label) {
	console.log(
		`\nC. Cross-process window, ${label}: ${WINDOW_BURST} new events to webhook process 1, the same to process 2 after the delay (n8n ${OPTIONS.n8nVersion})\n`,
	);
	console.log('| copies sent after | runs started | expected | non-200 answers | load average |');
	console.log('| --- | --- | --- | --- | --- |');
	for (const r of rows)
		console.log(
			`| ${r.delaySeconds} s | ${r.runs} | ${r.expected} | ${r.non200} | ${fixed(r.loadAverage)} |`,
		);
}

/** One send of `receivers` through the rate-limited workflow; the figures counted at the sandbox. */
async function benchSend(sandbox, label, { webhookBase, api, pid }, receivers) {
	sandbox.reset(SANDBOX_LIMITS);
	log(`B. ${label}: ${thousands(receivers.length)} campaigns at 100 req/s...`);
	const loadAverage = os.loadavg()[0];
	const run = await runAndSampleRss({
		webhookUrl: `${webhookBase}/webhook/${RATE_WORKFLOW.path}`,
		body: { receivers },
		api,
		workflowId: RATE_WORKFLOW.id,
		pid,
		limitMs: SEND_LIMIT_MS,
	});
	await sleep(1000);
	const row = {
		run: label,
		status: run.status,
		wallSeconds: run.seconds,
		postToEndSeconds: run.postToSeenSeconds,
		delivered: sandbox.acceptedReceivers.size,
		duplicates: sandbox.counters.duplicateAccepts,
		answered429: sandbox.counters.rejected429,
		requests: sandbox.counters.campaigns,
		rps: sandbox.counters.campaigns / run.seconds,
		peakRssMb: run.peakRssMb,
		extraRssMb: run.peakRssMb - run.baselineRssMb,
		loadAverage,
	};
	log(`   ${JSON.stringify(row)}`);
	return row;
}

async function sendOnSingleProcess(host, tarball, sandbox, receivers) {
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', `bench-queue-single-${OPTIONS.n8nVersion}`),
		port: SINGLE_PORT,
		fresh: true,
		processGroup: true,
	});
	const killNow = () => {
		try {
			if (n8n.process?.exitCode === null) process.kill(-n8n.process.pid, 'SIGKILL');
		} catch {
			// gone
		}
	};
	process.on('exit', killNow);
	try {
		n8n.installPackage(tarball);
		n8n.importCredentials(benchCredentials(sandbox));
		n8n.importWorkflows([rateLimitedSendWorkflow()]);
		n8n.publish([RATE_WORKFLOW.id]);
		await n8n.start(log);
		await n8n.setupOwner();
		await n8n.waitForWebhook(RATE_WORKFLOW.path, log);
		return await benchSend(
			sandbox,
			'single process (SQLite)',
			{ webhookBase: n8n.baseUrl, api: n8n, pid: n8n.process.pid },
			receivers,
		);
	} finally {
		await n8n.stop();
		process.off('exit', killNow);
	}
}

const fixed = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function printTriggers(rows) {
	const base = rows.find((r) => r.trigger === 'core Webhook');
	console.log(
		`\nA. Trigger in queue mode, ${thousands(OPTIONS.events)} distinct events, ${OPTIONS.connections} connections round robin over 2 webhook processes (n8n ${OPTIONS.n8nVersion})\n`,
	);
	console.log(
		'| trigger | req/s | p50 ms | p99 ms | req/s vs Webhook | p99 vs Webhook | non-2xx | executions | distinct event ids in them | all finished after the last answer | events/s to finished executions | vs Webhook | load average at start |',
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of rows)
		console.log(
			`| ${r.trigger} | ${fixed(r.rps)} | ${r.p50} | ${r.p99} | ${fixed(r.rps / base.rps, 2)} | ${fixed(r.p99 / base.p99, 2)} | ${r.non2xx} | ${thousands(r.executions)} of ${thousands(r.sent)} | ${thousands(r.distinctIds)} | ${fixed(r.drainSeconds)} s | ${fixed(r.endToEndRps)} | ${fixed(r.endToEndRps / base.endToEndRps, 2)} | ${fixed(r.loadAverage)} |`,
		);
}

function printSends(rows, campaigns) {
	console.log(
		`\nB. Sending ${thousands(campaigns)} campaigns at 100 req/s (floor ${campaigns / 100} s), one run each (n8n ${OPTIONS.n8nVersion})\n`,
	);
	console.log(
		'| run | status | wall s | vs floor | delivered | duplicates | 429 answers | req/s | peak RSS MB | extra RSS MB | load average at start |',
	);
	console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const r of rows)
		console.log(
			`| ${r.run} | ${r.status} | ${fixed(r.wallSeconds)} | ${fixed(r.wallSeconds / (campaigns / 100), 2)}x | ${thousands(r.delivered)} | ${r.duplicates} | ${r.answered429} | ${fixed(r.rps, 0)} | ${fixed(r.peakRssMb, 0)} | ${fixed(r.extraRssMb, 0)} | ${fixed(r.loadAverage)} |`,
		);
}

async function main() {
	if (OPTIONS.help) {
		console.log(HELP);
		return;
	}
	const started = Date.now();
	setTimeout(
		() => {
			// process.exit runs the topology's exit handler, which kills every process it started by PID.
			console.error(
				`[bench:queue] hard limit of ${OPTIONS.limitMinutes} minutes reached; stopping`,
			);
			process.exit(2);
		},
		OPTIONS.limitMinutes * 60 * 1000,
	).unref();
	const host = ensureHost(OPTIONS.n8nVersion);
	const tarball = packPackage(log);
	const sandbox = createSandbox({
		orgId: 'bench-org',
		token: 'bench-token',
		port: PORTS.sandbox,
		record: false,
	});
	await sandbox.listen();
	const topology = new QueueTopology(host, {
		dir: path.join(ROOT, '.n8n-local', `bench-queue-${OPTIONS.n8nVersion}`),
		tarball,
		ports: PORTS,
		log,
		env: OPTIONS.env,
		postgresSettings: OPTIONS.pgStats ? PG_STATS_SETTINGS : [],
	});
	const workflows = [...BENCHED.map((t) => t.workflow), rateLimitedSendWorkflow()];
	const paths = BENCHED.map((t) => t.path);
	const receivers = receiversFor(OPTIONS.campaigns, 0);
	const triggerRows = [];
	const sendRows = [];
	let windowRows = [];
	const windowTrigger = BENCHED.find((t) => t.id === 'tc2');
	try {
		log(`n8n ${OPTIONS.n8nVersion} in queue mode: main ${PORTS.main}, webhooks ${PORTS.webhooks}`);
		await topology.start({
			credentials: benchCredentials(sandbox),
			workflows,
			webhookPaths: [...paths, RATE_WORKFLOW.path],
		});
		log(`topology up: ${JSON.stringify(topology.timings)}, n8n env ${JSON.stringify(OPTIONS.env)}`);
		if (OPTIONS.pgStats) topology.psql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
		const tc2 = BENCHED.find((t) => t.id === 'tc2');
		for (const base of topology.webhookUrls)
			log(
				`Truecaller Trigger v2 at ${base} answers an id of the ${thousands(REMEMBERED)} pre-seeded: ${await rememberedAnswer(base, tc2)}`,
			);
		if (OPTIONS.only.has('triggers'))
			for (const trigger of BENCHED) triggerRows.push(await benchTrigger(topology, trigger, paths));
		if (OPTIONS.only.has('window') && windowTrigger)
			windowRows = await crossProcessWindow(topology, windowTrigger, paths);
		if (OPTIONS.only.has('sending'))
			sendRows.push(
				await benchSend(
					sandbox,
					'queue mode: on the worker (Postgres)',
					{
						webhookBase: topology.webhookUrls[0],
						api: topology.main,
						pid: topology.worker.process.pid,
					},
					receivers,
				),
			);
	} finally {
		await topology.stop();
	}
	try {
		if (OPTIONS.only.has('sending'))
			sendRows.push(await sendOnSingleProcess(host, tarball, sandbox, receivers));
	} finally {
		await sandbox.close();
	}
	if (triggerRows.length > 0) printTriggers(triggerRows);
	if (sendRows.length > 0) printSends(sendRows, OPTIONS.campaigns);
	if (windowRows.length > 0) printWindow(windowRows, windowTrigger.label);
	log(`done in ${((Date.now() - started) / 60000).toFixed(1)} minutes`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
