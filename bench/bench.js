'use strict';
/**
 * npm run bench: the package side by side with n8n's own nodes, on one local n8n 2.41.1 host with
 * default settings, pairs in the same run, alternating, figures printed (never a pass/fail).
 *
 *  1. Trigger overhead: core Webhook node vs Truecaller Trigger (URL key, dedup on, 10,000 ids
 *     remembered) vs True Pulse Trigger; 2,000 distinct POSTs at 20 connections (autocannon).
 *  2. Sending under Truecaller's rate limit: sandbox allows 100 req/s (429 + Retry-After past it),
 *     20 ms latency; 10,000 receivers via Send Verified Campaign vs the core HTTP Request node with
 *     batching (10 per 100 ms) and retry on fail.
 *  3. Scale: 100,000 receivers in one execution to the sandbox without limit; wall time,
 *     throughput and the n8n process's peak RSS, ours vs HTTP Request.
 *  4. The in-process payload benchmark.
 *
 * Bounded: fixed request counts, per-run time limits, loopback only. BENCH_ROUNDS (default 2) sets
 * the rounds of benchmark 1; benchmarks 2 and 3 run BENCH_LONG_ROUNDS (default 1) rounds;
 * BENCH_ONLY (e.g. "1,4") picks benchmarks. n8n is restarted before every trigger measurement
 * (n8n 2.41's memory grows under concurrent webhooks, and one phase must not pay for another),
 * then warmed up with 100 requests that are not counted.
 *
 * One row of BENCHMARKS.md is one command: `npm run bench -- --n8n-version 2.8.4 --only triggers
 * --env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` (every --env applies to the whole n8n, so to both
 * sides of every ratio). `--help` lists the options.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const {
	RATE_WORKFLOW,
	TRIGGERS: ALL_TRIGGERS,
	benchCredentials,
	campaignNode,
	coreWebhookWorkflow,
	headerAuthWebhookWorkflow,
	loadTrigger,
	median,
	node,
	range,
	rateLimitedSendWorkflow,
	receiversFor,
	rememberedAnswer,
	runAndSampleRss,
	triggerWorkflow,
	webhook,
	workflowOfTrigger,
	workflow,
	parseBenchOptions,
	envOptions,
	triggerIds,
} = require('./support/bench');
const { createSandbox } = require('../dev/sandbox/sandbox');
const { ensureHost } = require('../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../dev/n8n/n8nServer');

const HELP = `Usage: npm run bench -- [options]

  --n8n-version <v>    n8n host (default 2.41.1)
  --env NAME=VALUE     n8n environment for this run (repeatable), e.g.
                       N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,
                       N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false,
                       N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true
  --only <list>        benchmarks: triggers,rate,scale,payload (or 1,2,3,4; default all)
  --triggers <list>    of benchmark 1: webhook,tc1,tc2,tp1,tp2 (default), webhookauth (the core
                       Webhook node with a Header Auth credential: n8n queries the database twice
                       more per execution for a node with a credential), tc2nodedup (a
                       diagnostic), tc2r0,tp2r0,tc2r100k,tp2r100k (version 2 with 0 or 100,000
                       ids remembered instead of 10,000); webhook always runs
  --rounds <n>         rounds of benchmark 1 (default 2)
  --requests <n>       POSTs per trigger and round (default 2000)
  --count-isolates     also count expression isolates taken per request (n8n 2.41 metrics)
  --port <n>           n8n port (default 5720; the CLI uses port+7, the task broker port+1000)`;

const BENCHMARKS = { triggers: '1', rate: '2', scale: '3', payload: '4' };

function parseArgs(argv) {
	const options = parseBenchOptions(
		argv,
		{
			'n8n-version': '2.41.1',
			env: [],
			only: process.env.BENCH_ONLY ?? '1,2,3,4',
			triggers: 'webhook,tc1,tc2,tp1,tp2',
			rounds: Number(process.env.BENCH_ROUNDS ?? 2),
			requests: Number(process.env.BENCH_TRIGGER_REQUESTS ?? 2000),
			'count-isolates': false,
			port: 5720,
		},
		HELP,
	);
	options.env = envOptions(options.env);
	options.only = new Set(
		options.only.split(',').map((name) => BENCHMARKS[name.trim()] ?? name.trim()),
	);
	options.triggers = triggerIds(options.triggers);
	return options;
}

const OPTIONS = parseArgs(process.argv.slice(2));
const ROUNDS = OPTIONS.rounds;
const LONG_ROUNDS = Number(process.env.BENCH_LONG_ROUNDS ?? 1);
const TRIGGER_REQUESTS = OPTIONS.requests;
const CONNECTIONS = 20;
const RATE_RECEIVERS = Number(process.env.BENCH_RATE_RECEIVERS ?? 10000);
const SCALE_RECEIVERS = Number(process.env.BENCH_SCALE_RECEIVERS ?? 100000);
const RUN_LIMIT_MS = 8 * 60 * 1000;

const ONLY = OPTIONS.only;
const WARM_UP_REQUESTS = 100;

const log = (message) => console.log(`[bench] ${message}`);

/**
 * The core HTTP Request node posting the same campaign per receiver, as a careful user would set it
 * up: the number prefixed to the 12-digit wire form, and under a rate limit batching to stay under
 * 100 req/s with retry on fail; without a limit, batches of 50 at once (its default, every item at
 * once, makes n8n drop connections at 20,000 items on this machine).
 */
function httpRequestNodes(sandbox, { careful }) {
	const batching = careful
		? { batchSize: 10, batchInterval: 100 }
		: { batchSize: 50, batchInterval: 0 };
	return [
		node('One item per receiver', 'n8n-nodes-base.splitOut', 1, 1, {
			fieldToSplitOut: 'body.receivers',
			options: { destinationFieldName: 'receiver' },
		}),
		node(
			'HTTP Request',
			'n8n-nodes-base.httpRequest',
			4.2,
			2,
			{
				method: 'POST',
				url: sandbox.campaignUrl,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'X-Org-ID', value: sandbox.orgId },
						{ name: 'X-Org-Token', value: sandbox.token },
					],
				},
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ profile: { campaign_id: 'bench', receiver_number: '91' + $json.receiver }, content: { display_unit: 'cid', template_style: '2', image_url: 'https://cdn.example.com/banner.png' } }) }}",
				options: { batching: { batch: batching } },
			},
			careful ? { retryOnFail: true, maxTries: 5, waitBetweenTries: 1000 } : {},
		),
	];
}

function benchWorkflows(sandbox) {
	return [
		coreWebhookWorkflow(),
		headerAuthWebhookWorkflow(),
		triggerWorkflow('tc', 1),
		triggerWorkflow('tc', 2),
		triggerWorkflow('tp', 1),
		triggerWorkflow('tp', 2),
		triggerWorkflow('tc', 2, false),
		...TRIGGERS.filter((t) => t.remembered !== undefined).map(workflowOfTrigger),
		rateLimitedSendWorkflow(),
		workflow('benchRateHttp001', 'Bench: rate limit, HTTP Request', [
			webhook('bench-rate-http'),
			...httpRequestNodes(sandbox, { careful: true }),
		]),
		workflow('benchScaleOurs01', 'Bench: scale, Send Verified Campaign', [
			webhook('bench-scale-ours'),
			campaignNode({ requestsPerSecond: 10000, concurrency: 50 }),
		]),
		workflow('benchScaleHttp01', 'Bench: scale, HTTP Request', [
			webhook('bench-scale-http'),
			...httpRequestNodes(sandbox, { careful: false }),
		]),
	];
}

const TRIGGERS = ALL_TRIGGERS.filter((t) => OPTIONS.triggers.has(t.id));

/** Isolates n8n 2.41 has taken so far (its metrics endpoint); undefined where not exposed. */
async function isolatesTaken(n8n) {
	if (!OPTIONS.countIsolates) return undefined;
	const text = await (await fetch(`${n8n.baseUrl}/metrics`)).text().catch(() => '');
	const line = /^n8n_expression_pool_acquired_total(?:\{[^}]*\})?\s+([\d.e+]+)$/m.exec(text);
	return line ? Number(line[1]) : undefined;
}

async function benchTriggers(n8n) {
	const results = Object.fromEntries(TRIGGERS.map((t) => [t.label, []]));
	for (let round = 0; round < ROUNDS; round++) {
		const order = TRIGGERS.map((_, i) => TRIGGERS[(i + round) % TRIGGERS.length]);
		for (const trigger of order) {
			await n8n.stop();
			await n8n.start();
			await n8n.waitForWebhook(trigger.path);
			await loadTrigger([n8n.baseUrl], trigger, {
				amount: WARM_UP_REQUESTS,
				connections: CONNECTIONS,
			});
			const isolatesBefore = await isolatesTaken(n8n);
			const figures = await loadTrigger([n8n.baseUrl], trigger, {
				amount: TRIGGER_REQUESTS,
				connections: CONNECTIONS,
			});
			const isolatesAfter = await isolatesTaken(n8n);
			if (isolatesBefore !== undefined && isolatesAfter !== undefined)
				figures.isolatesPerRequest = (isolatesAfter - isolatesBefore) / TRIGGER_REQUESTS;
			results[trigger.label].push(figures);
			log(
				`  round ${round + 1} ${trigger.label}: ${figures.rps.toFixed(1)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, non-2xx ${figures.non2xx}${figures.isolatesPerRequest === undefined ? '' : `, isolates per request ${figures.isolatesPerRequest.toFixed(2)}`}`,
			);
			await sleep(2000);
		}
	}
	const middle = (runs, field) => median(runs.map((r) => r[field]));
	const ratios = (rps, p99, label, suffix) => {
		const runs = results[label];
		return runs
			? {
					[`throughput${suffix}`]: (rps / middle(runs, 'rps')).toFixed(2),
					[`p99${suffix}`]: (p99 / middle(runs, 'p99')).toFixed(2),
				}
			: {};
	};
	// The core Webhook node with a credential pays n8n's per-execution credential checks too.
	const withCredential = ALL_TRIGGERS.find((t) => t.id === 'webhookauth').label;
	const rows = TRIGGERS.map(({ label }) => {
		const runs = results[label];
		const rps = middle(runs, 'rps');
		const p99 = middle(runs, 'p99');
		return {
			label,
			rps: `${rps.toFixed(1)} (${range(runs.map((r) => r.rps))})`,
			p50: `${middle(runs, 'p50')} (${range(runs.map((r) => r.p50))})`,
			p99: `${p99} (${range(runs.map((r) => r.p99))})`,
			...ratios(rps, p99, 'core Webhook', 'VsWebhook'),
			...ratios(rps, p99, withCredential, 'VsWebhookWithCredential'),
			non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
			...(runs[0].isolatesPerRequest === undefined
				? {}
				: { isolatesPerRequest: middle(runs, 'isolatesPerRequest').toFixed(2) }),
		};
	});
	console.log(
		'\n1. Trigger overhead (median of rounds, min-max in brackets; ratios against the core Webhook node)',
	);
	console.table(rows);
	return rows;
}

async function benchPair(n8n, sandbox, title, settings, pairs, count) {
	const rows = [];
	for (let round = 0; round < LONG_ROUNDS; round++) {
		for (const pair of round % 2 === 0 ? pairs : [...pairs].reverse()) {
			sandbox.reset(settings);
			const receivers = receiversFor(count, round * 1000000);
			log(`  ${title}: ${pair.label}, ${count.toLocaleString('en-US')} receivers...`);
			const run = await runAndSampleRss({
				webhookUrl: `${n8n.baseUrl}/webhook/${pair.path}`,
				body: { receivers },
				api: n8n,
				workflowId: pair.workflowId,
				pid: n8n.process.pid,
				limitMs: RUN_LIMIT_MS,
				pollMs: 500,
			}).catch(async (error) => {
				// Recorded, not fatal: the other figures of the run still count. n8n is restarted.
				log(`    ${pair.label} failed: ${error.message}; restarting n8n`);
				await n8n.stop();
				await n8n.start();
				return { status: `failed: ${error.message}`, seconds: 0, peakRssMb: 0, baselineRssMb: 0 };
			});
			await sleep(1000);
			const delivered = sandbox.acceptedReceivers.size;
			const row = {
				label: pair.label,
				round: round + 1,
				status: run.status,
				seconds: run.seconds.toFixed(1),
				delivered,
				failed: count - delivered,
				duplicates: sandbox.counters.duplicateAccepts,
				answered429: sandbox.counters.rejected429,
				requestsPerSecond: (sandbox.counters.campaigns / run.seconds).toFixed(0),
				peakRssMb: run.peakRssMb.toFixed(0),
				extraRssMb: (run.peakRssMb - run.baselineRssMb).toFixed(0),
			};
			rows.push(row);
			log(`    ${JSON.stringify(row)}`);
		}
	}
	return rows;
}

async function main() {
	if (OPTIONS.help) {
		console.log(HELP);
		return;
	}
	const started = Date.now();
	const host = ensureHost(OPTIONS.n8nVersion);
	const tarball = packPackage(log);
	const sandbox = createSandbox({ orgId: 'bench-org', token: 'bench-token', record: false });
	await sandbox.listen();
	const env = {
		...OPTIONS.env,
		...(OPTIONS.countIsolates
			? { N8N_METRICS: 'true', N8N_EXPRESSION_ENGINE_OBSERVABILITY_ENABLED: 'true' }
			: {}),
	};
	log(`n8n ${OPTIONS.n8nVersion}, environment ${JSON.stringify(env)}`);
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', `bench-${OPTIONS.n8nVersion}`),
		port: OPTIONS.port,
		fresh: true,
		env,
	});
	const stop = async () => {
		await n8n.stop();
		await sandbox.close();
	};
	process.on('SIGINT', () => stop().then(() => process.exit(130)));
	try {
		n8n.installPackage(tarball);
		const workflows = benchWorkflows(sandbox);
		n8n.importCredentials(benchCredentials(sandbox));
		n8n.importWorkflows(workflows);
		n8n.publish(workflows.map((w) => w.id));
		await n8n.start();
		await n8n.setupOwner();
		for (const w of workflows) await n8n.waitForWebhook(w.nodes[0].parameters.path);
		for (const version of [1, 2]) {
			const trigger = ALL_TRIGGERS.find((t) => t.id === `tc${version}`);
			log(
				`pre-seeded dedup store of v${version} answers a remembered id: ${await rememberedAnswer(n8n.baseUrl, trigger)}`,
			);
		}

		if (ONLY.has('1')) {
			log(
				`1. trigger overhead: ${ROUNDS} rounds x ${TRIGGERS.length} triggers x ${TRIGGER_REQUESTS} POSTs at ${CONNECTIONS} connections`,
			);
			await benchTriggers(n8n);
		}

		if (ONLY.has('2')) await benchRate(n8n, sandbox);
		if (ONLY.has('3')) await benchScale(n8n, sandbox);
	} finally {
		await stop();
	}

	if (ONLY.has('4')) {
		log('4. in-process payload benchmark');
		spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'bench-payload.js')], {
			stdio: 'inherit',
		});
	}
	log(`done in ${((Date.now() - started) / 1000 / 60).toFixed(1)} minutes`);
}

async function benchRate(n8n, sandbox) {
	log('2. sending under a 100 req/s limit with 20 ms latency');
	const rate = await benchPair(
		n8n,
		sandbox,
		'rate limit',
		{ rateLimitPerSecond: 100, latencyMs: 20, record: false },
		[
			{
				label: 'Send Verified Campaign',
				workflowId: RATE_WORKFLOW.id,
				path: RATE_WORKFLOW.path,
			},
			{
				label: 'HTTP Request (batching 10/100 ms, retry on fail)',
				workflowId: 'benchRateHttp001',
				path: 'bench-rate-http',
			},
		],
		RATE_RECEIVERS,
	);
	console.log(
		`\n2. Sending ${RATE_RECEIVERS.toLocaleString('en-US')} receivers under 100 req/s (floor ${RATE_RECEIVERS / 100} s)`,
	);
	console.table(
		rate.map((r) => ({
			...r,
			floorRatio: (Number(r.seconds) / (RATE_RECEIVERS / 100)).toFixed(2),
		})),
	);
}

async function benchScale(n8n, sandbox) {
	log('3. scale: one execution, no rate limit');
	const scale = await benchPair(
		n8n,
		sandbox,
		'scale',
		{ rateLimitPerSecond: 0, latencyMs: 0, record: false },
		[
			{ label: 'Send Verified Campaign', workflowId: 'benchScaleOurs01', path: 'bench-scale-ours' },
			{
				label: 'HTTP Request (batches of 50)',
				workflowId: 'benchScaleHttp01',
				path: 'bench-scale-http',
			},
		],
		SCALE_RECEIVERS,
	);
	console.log(`\n3. Scale: ${SCALE_RECEIVERS.toLocaleString('en-US')} receivers in one execution`);
	console.table(scale);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
