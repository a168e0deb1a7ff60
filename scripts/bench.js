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
const autocannon = require('autocannon');
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { createSandbox } = require('../test/support/sandbox');
const { dedupKey } = require('../test/support/packageModule').packageModule(
	'nodes/shared/webhook/dedupStore',
);
const { ensureHost } = require('../test/support/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../test/support/n8n/n8nServer');
const cmbSeed = require('../test/support/fixtures/truecaller-cmb.json');
const callEndSeed = require('../test/support/fixtures/truepulse-call-end.json');

const HELP = `Usage: npm run bench -- [options]

  --n8n-version <v>    n8n host (default 2.41.1)
  --env NAME=VALUE     n8n environment for this run (repeatable), e.g.
                       N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,
                       N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false,
                       N8N_EXPRESSION_ENGINE_COMPILE_CACHE=true
  --only <list>        benchmarks: triggers,rate,scale,payload (or 1,2,3,4; default all)
  --triggers <list>    of benchmark 1: webhook,tc1,tc2,tp1,tp2,tc2nodedup (default all but the
                       last, a diagnostic; webhook always runs)
  --rounds <n>         rounds of benchmark 1 (default 2)
  --requests <n>       POSTs per trigger and round (default 2000)
  --count-isolates     also count expression isolates taken per request (n8n 2.41 metrics)
  --port <n>           n8n port (default 5720; the CLI uses port+7, the task broker port+1000)`;

const BENCHMARKS = { triggers: '1', rate: '2', scale: '3', payload: '4' };

function parseArgs(argv) {
	const options = {
		version: '2.41.1',
		env: {},
		only: process.env.BENCH_ONLY ?? '1,2,3,4',
		triggers: 'webhook,tc1,tc2,tp1,tp2',
		rounds: Number(process.env.BENCH_ROUNDS ?? 2),
		requests: Number(process.env.BENCH_TRIGGER_REQUESTS ?? 2000),
		countIsolates: false,
		port: 5720,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			if (argv[i + 1] === undefined) throw new Error(`${arg} needs a value\n\n${HELP}`);
			return argv[++i];
		};
		if (arg === '--help' || arg === '-h') options.help = true;
		else if (arg === '--n8n-version') options.version = value();
		else if (arg === '--env') {
			const [name, ...rest] = value().split('=');
			if (!name || rest.length === 0) throw new Error(`--env wants NAME=VALUE, got ${argv[i]}`);
			options.env[name] = rest.join('=');
		} else if (arg === '--only') options.only = value();
		else if (arg === '--triggers') options.triggers = value();
		else if (arg === '--rounds') options.rounds = Number(value());
		else if (arg === '--requests') options.requests = Number(value());
		else if (arg === '--count-isolates') options.countIsolates = true;
		else if (arg === '--port') options.port = Number(value());
		else throw new Error(`Unknown option ${arg}\n\n${HELP}`);
	}
	options.only = new Set(
		options.only.split(',').map((name) => BENCHMARKS[name.trim()] ?? name.trim()),
	);
	options.triggers = new Set(['webhook', ...options.triggers.split(',').map((t) => t.trim())]);
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
const URL_KEY = 'bench-key-0123456789';
const CREDENTIAL = {
	truecallerApi: { id: 'tcBenchCred00001', name: 'Truecaller (bench sandbox)' },
};
const KEY_CREDENTIAL = {
	truecallerWebhookKeyApi: { id: 'tcBenchKey000001', name: 'Webhook key (bench)' },
};
/** Every trigger remembers this many ids before the run (dedup on), as in the issue's targets. */
const REMEMBERED = 10000;

const ONLY = OPTIONS.only;
const WARM_UP_REQUESTS = 100;

const log = (message) => console.log(`[bench] ${message}`);
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}${position}`,
		name,
		type,
		typeVersion,
		position: [position * 260, 0],
		parameters,
		...extra,
	};
}
const webhook = (webhookPath) =>
	node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		0,
		{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
		{ webhookId: `bench-${webhookPath}` },
	);
const chain = (...names) =>
	Object.fromEntries(
		names
			.slice(0, -1)
			.map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]),
	);
const workflow = (id, name, nodes, staticData) => ({
	id,
	name,
	nodes,
	connections: chain(...nodes.map((n) => n.name)),
	settings: { executionOrder: 'v1' },
	active: false,
	pinData: {},
	...(staticData ? { staticData } : {}),
});

/** Ids "already remembered", in the format the trigger keeps in static data. */
function rememberedIds(nodeName, count) {
	const hour = Math.floor(Date.now() / 3600000) * 3600;
	let keys = '';
	for (let i = 0; i < count; i++) keys += dedupKey(`remembered-${i}`);
	return { [`node:${nodeName}`]: { dedup: { v: 1, hours: { [String(hour)]: keys } } } };
}

/**
 * The Truecaller Trigger (URL key) and the True Pulse Trigger (no auth) in a version; `dedup` false
 * turns deduplication off (a diagnostic: what remembering costs per accepted event).
 */
function triggerWorkflow(kind, version, dedup = true) {
	const truecaller = kind === 'tc';
	const name = truecaller ? 'Truecaller Trigger' : 'True Pulse Trigger';
	const path = `bench-${truecaller ? 'truecaller' : 'truepulse'}-v${version}${dedup ? '' : '-nodedup'}`;
	const options = dedup ? {} : { deduplicate: false };
	const parameters = truecaller
		? {
				path,
				events: ['callMeBack', 'userFeedback', 'campaignInteraction'],
				authentication: 'urlKey',
				...(version === 1 ? { urlKey: URL_KEY } : {}),
				userFeedbackEventType: '',
				options,
			}
		: { path, authentication: 'none', defaultCountryCode: '91', options };
	return workflow(
		`benchTrig${kind}v${version}${dedup ? '' : 'nd'}`.padEnd(16, '0'),
		`Bench: ${name} version ${version}${dedup ? '' : ', no deduplication'}`,
		[
			node(
				name,
				`n8n-nodes-truecaller.${truecaller ? 'truecallerTrigger' : 'truePulseTrigger'}`,
				version,
				0,
				parameters,
				{
					webhookId: path,
					...(truecaller && version === 2 ? { credentials: KEY_CREDENTIAL } : {}),
				},
			),
		],
		rememberedIds(name, REMEMBERED),
	);
}

function campaignNode(options) {
	return node(
		'Send Verified Campaign',
		'n8n-nodes-truecaller.truecaller',
		1,
		1,
		{
			resource: 'verifiedCampaign',
			operation: 'send',
			campaignId: 'bench',
			receivers: '={{ $json.body.receivers }}',
			defaultCountryCode: '91',
			contentMode: 'fields',
			displayUnit: 'cid',
			templateStyle: '2',
			imageUrl: 'https://cdn.example.com/banner.png',
			additionalFields: {},
			options,
		},
		{ credentials: CREDENTIAL },
	);
}

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
		workflow('benchTrigWebhook', 'Bench: core Webhook', [webhook('bench-webhook')]),
		triggerWorkflow('tc', 1),
		triggerWorkflow('tc', 2),
		triggerWorkflow('tp', 1),
		triggerWorkflow('tp', 2),
		triggerWorkflow('tc', 2, false),
		workflow('benchRateOurs001', 'Bench: rate limit, Send Verified Campaign', [
			webhook('bench-rate-ours'),
			campaignNode({ requestsPerSecond: 100, concurrency: 20, maxAttempts: 10 }),
		]),
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

const ALL_TRIGGERS = [
	{
		id: 'webhook',
		label: 'core Webhook',
		path: 'bench-webhook',
		query: '',
		body: (i) => ({ ...cmbSeed, event_id: `bench-webhook-${Date.now()}-${i}` }),
	},
	...[1, 2].map((version) => ({
		id: `tc${version}`,
		label: `Truecaller Trigger v${version}`,
		path: `bench-truecaller-v${version}`,
		query: `?key=${URL_KEY}`,
		body: (i) => ({ ...cmbSeed, event_id: `bench-tc${version}-${Date.now()}-${i}` }),
	})),
	{
		id: 'tc2nodedup',
		label: 'Truecaller Trigger v2, dedup off',
		path: 'bench-truecaller-v2-nodedup',
		query: `?key=${URL_KEY}`,
		body: (i) => ({ ...cmbSeed, event_id: `bench-tc2nd-${Date.now()}-${i}` }),
	},
	...[1, 2].map((version) => ({
		id: `tp${version}`,
		label: `True Pulse Trigger v${version}`,
		path: `bench-truepulse-v${version}`,
		query: '',
		body: (i) => ({ ...callEndSeed, tpCallID: `bench-tp${version}-${Date.now()}-${i}` }),
	})),
];
const TRIGGERS = ALL_TRIGGERS.filter((t) => OPTIONS.triggers.has(t.id));

/** Isolates n8n 2.41 has taken so far (its metrics endpoint); undefined where not exposed. */
async function isolatesTaken(n8n) {
	if (!OPTIONS.countIsolates) return undefined;
	const text = await (await fetch(`${n8n.baseUrl}/metrics`)).text().catch(() => '');
	const line = /^n8n_expression_pool_acquired_total(?:\{[^}]*\})?\s+([\d.e+]+)$/m.exec(text);
	return line ? Number(line[1]) : undefined;
}

async function loadTrigger(n8n, trigger, amount = TRIGGER_REQUESTS) {
	let counter = 0;
	const result = await autocannon({
		url: `${n8n.baseUrl}/webhook/${trigger.path}${trigger.query}`,
		connections: CONNECTIONS,
		amount,
		timeout: 30,
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		requests: [
			{
				setupRequest: (request) => ({ ...request, body: JSON.stringify(trigger.body(counter++)) }),
			},
		],
	});
	return {
		rps: amount / (result.duration || 1),
		p50: result.latency.p50,
		p99: result.latency.p99,
		non2xx: result.non2xx + result.errors,
	};
}

async function benchTriggers(n8n) {
	const results = Object.fromEntries(TRIGGERS.map((t) => [t.label, []]));
	for (let round = 0; round < ROUNDS; round++) {
		const order = TRIGGERS.map((_, i) => TRIGGERS[(i + round) % TRIGGERS.length]);
		for (const trigger of order) {
			await n8n.stop();
			await n8n.start();
			await n8n.waitForWebhook(trigger.path);
			await loadTrigger(n8n, { ...trigger, label: `${trigger.label} warm-up` }, WARM_UP_REQUESTS);
			const isolatesBefore = await isolatesTaken(n8n);
			const figures = await loadTrigger(n8n, trigger);
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
	const base = results['core Webhook'];
	const rows = TRIGGERS.map(({ label }) => {
		const runs = results[label];
		const rps = median(runs.map((r) => r.rps));
		const p99 = median(runs.map((r) => r.p99));
		return {
			label,
			rps: `${rps.toFixed(1)} (${range(runs.map((r) => r.rps))})`,
			p50: `${median(runs.map((r) => r.p50))} (${range(runs.map((r) => r.p50))})`,
			p99: `${p99} (${range(runs.map((r) => r.p99))})`,
			throughputRatio: (rps / median(base.map((r) => r.rps))).toFixed(2),
			p99Ratio: (p99 / median(base.map((r) => r.p99))).toFixed(2),
			non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
			...(runs[0].isolatesPerRequest === undefined
				? {}
				: { isolatesPerRequest: median(runs.map((r) => r.isolatesPerRequest)).toFixed(2) }),
		};
	});
	console.log(
		'\n1. Trigger overhead (median of rounds, min-max in brackets; ratios against the core Webhook node)',
	);
	console.table(rows);
	return rows;
}

/** Starts one execution with `receivers` and waits for it to finish; returns its wall time and n8n's peak RSS. */
async function runOnce(n8n, workflowId, webhookPath, receivers) {
	const before = (await n8n.executions(workflowId, false)).length;
	const pid = n8n.process.pid;
	const rss = () => {
		try {
			return (
				Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024
			);
		} catch {
			return 0;
		}
	};
	const baseline = rss();
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
	let execution;
	try {
		const response = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ receivers }),
		});
		if (!response.ok)
			throw new Error(`${webhookPath}: ${response.status} ${await response.text()}`);
		const deadline = Date.now() + RUN_LIMIT_MS;
		while (Date.now() < deadline) {
			const executions = await n8n.executions(workflowId, false);
			execution =
				executions.length > before
					? executions.sort((a, b) => Number(b.id) - Number(a.id))[0]
					: undefined;
			if (
				execution &&
				(execution.finished || ['success', 'error', 'crashed'].includes(execution.status))
			)
				break;
			await sleep(500);
		}
	} finally {
		clearInterval(sampler);
	}
	const finished = execution && execution.stoppedAt;
	return {
		status: finished ? execution.status : 'did not finish',
		seconds: finished
			? (Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt)) / 1000
			: RUN_LIMIT_MS / 1000,
		peakRssMb: peak / 1024 / 1024,
		baselineRssMb: baseline / 1024 / 1024,
	};
}

const receiversFor = (count, offset) =>
	Array.from({ length: count }, (_, i) => `9${String(100000000 + offset + i)}`);

async function benchPair(n8n, sandbox, title, settings, pairs, count) {
	const rows = [];
	for (let round = 0; round < LONG_ROUNDS; round++) {
		for (const pair of round % 2 === 0 ? pairs : [...pairs].reverse()) {
			sandbox.reset(settings);
			const receivers = receiversFor(count, round * 1000000);
			log(`  ${title}: ${pair.label}, ${count.toLocaleString('en-US')} receivers...`);
			const run = await runOnce(n8n, pair.workflowId, pair.path, receivers).catch(async (error) => {
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
	const host = ensureHost(OPTIONS.version);
	const tarball = packPackage(log);
	const sandbox = createSandbox({ orgId: 'bench-org', token: 'bench-token', record: false });
	await sandbox.listen();
	const env = {
		...OPTIONS.env,
		...(OPTIONS.countIsolates
			? { N8N_METRICS: 'true', N8N_EXPRESSION_ENGINE_OBSERVABILITY_ENABLED: 'true' }
			: {}),
	};
	log(`n8n ${OPTIONS.version}, environment ${JSON.stringify(env)}`);
	const n8n = new LocalN8n(host, {
		userFolder: path.join(ROOT, '.n8n-local', `bench-${OPTIONS.version}`),
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
		n8n.importCredentials([
			{
				id: 'tcBenchKey000001',
				name: 'Webhook key (bench)',
				type: 'truecallerWebhookKeyApi',
				data: { secretKey: URL_KEY },
			},
			{
				id: 'tcBenchCred00001',
				name: 'Truecaller (bench sandbox)',
				type: 'truecallerApi',
				data: {
					endpointUrl: sandbox.campaignUrl,
					orgId: sandbox.orgId,
					webhookToken: sandbox.token,
				},
			},
		]);
		n8n.importWorkflows(workflows);
		n8n.publish(workflows.map((w) => w.id));
		await n8n.start();
		await n8n.setupOwner();
		for (const w of workflows) await n8n.waitForWebhook(w.nodes[0].parameters.path);
		for (const version of [1, 2]) {
			const remembered = await fetch(
				`${n8n.baseUrl}/webhook/bench-truecaller-v${version}?key=${URL_KEY}`,
				{
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ ...cmbSeed, event_id: 'remembered-4242' }),
				},
			);
			log(
				`pre-seeded dedup store of v${version} answers a remembered id: ${await remembered.text()}`,
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
			{ label: 'Send Verified Campaign', workflowId: 'benchRateOurs001', path: 'bench-rate-ours' },
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
