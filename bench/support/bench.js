'use strict';
/**
 * What the benchmarks (bench/bench.js, bench-bulk.js, bench-queue.js) share: the bench workflows
 * and credentials, the trigger loads (distinct valid events through autocannon, over one or more
 * n8n processes), and one execution started by a webhook POST and waited for while the RSS of the
 * process that runs it is sampled.
 */
const autocannon = require('autocannon');
const fs = require('fs');
const { parseArgs } = require('util');

const { DedupStore } = require('../../dev/packageModule').packageModule(
	'nodes/shared/webhook/dedupStore',
);
const { sleep } = require('../../dev/n8n/n8nServer');
const { node } = require('../../test/e2e/workflows');
const cmbSeed = require('../../test/support/seeds/truecaller-cmb.json');
const callEndSeed = require('../../test/support/seeds/truepulse-call-end.json');

const URL_KEY = 'bench-key-0123456789';
const CREDENTIAL = {
	truecallerApi: { id: 'tcBenchCred00001', name: 'Truecaller (bench sandbox)' },
};
const KEY_CREDENTIAL = {
	truecallerWebhookKeyApi: { id: 'tcBenchKey000001', name: 'Webhook key (bench)' },
};
/** n8n runs two queries per execution for any node with a credential: a like-for-like reference. */
const HEADER_AUTH = {
	credential: { httpHeaderAuth: { id: 'tcBenchHdrAuth01', name: 'Header auth (bench)' } },
	header: 'x-bench-key',
};
/** Every trigger remembers this many ids before the run (dedup on): a store in use, not an empty one. */
const REMEMBERED = 10000;

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values) => `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;
/** Nearest-rank percentile of unsorted values. */
const percentile = (values, p) => {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** The core Webhook node, POST, responding immediately. */
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
/** A workflow of `nodes` connected one after the other. */
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

/** Ids "already remembered", saved by the trigger's own store as it saves them in static data. */
function rememberedIds(nodeName, count) {
	const store = new DedupStore({ retentionHours: 96, maxEntries: Math.max(100000, 2 * count) });
	const now = Date.now();
	for (let i = 0; i < count; i++) store.claim(`remembered-${i}`, now);
	return { [`node:${nodeName}`]: { dedup: store.serialize(now) } };
}

const triggerPath = (kind, version, dedup = true, remembered = REMEMBERED) =>
	`bench-${kind === 'tc' ? 'truecaller' : 'truepulse'}-v${version}${dedup ? '' : '-nodedup'}${remembered === REMEMBERED ? '' : `-r${remembered}`}`;

/**
 * The Truecaller Trigger (URL key: a parameter in version 1, the Secret Key credential in version 2)
 * or the True Pulse Trigger (no auth) alone in a workflow, `remembered` ids pre-seeded (REMEMBERED
 * unless given); `dedup` false turns deduplication off (a diagnostic: what remembering costs per
 * accepted event).
 */
function triggerWorkflow(kind, version, dedup = true, remembered = REMEMBERED) {
	const truecaller = kind === 'tc';
	const name = truecaller ? 'Truecaller Trigger' : 'True Pulse Trigger';
	const path = triggerPath(kind, version, dedup, remembered);
	// Room above the history, so that the run's own events do not push the oldest ids out.
	const options = dedup
		? { maxRemembered: Math.max(100000, 2 * remembered) }
		: { deduplicate: false };
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
		remembered === REMEMBERED
			? `benchTrig${kind}v${version}${dedup ? '' : 'nd'}`.padEnd(16, '0')
			: `bTrig${kind}v${version}r${String(remembered).padStart(7, '0')}`,
		`Bench: ${name} version ${version}${dedup ? '' : ', no deduplication'}${remembered === REMEMBERED ? '' : `, ${remembered} remembered`}`,
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
		rememberedIds(name, remembered),
	);
}

const coreWebhookWorkflow = () =>
	workflow('benchTrigWebhook', 'Bench: core Webhook', [webhook('bench-webhook')]);
const headerAuthWebhookWorkflow = () => {
	const trigger = webhook('bench-webhook-auth');
	trigger.parameters.authentication = 'headerAuth';
	trigger.credentials = HEADER_AUTH.credential;
	return workflow('benchTrigWebhkAu', 'Bench: core Webhook, Header Auth', [trigger]);
};

/** Send Verified Campaign (Caller ID, template 2) to every receiver of the webhook body. */
function campaignNode(options, { name = 'Send Verified Campaign', credentials = CREDENTIAL } = {}) {
	return node(
		name,
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
		{ credentials },
	);
}

/** Send Verified Campaign paced at Truecaller's 100 req/s through the node's delivery options. */
const RATE_WORKFLOW = { id: 'benchRateOurs001', path: 'bench-rate-ours' };
const rateLimitedSendWorkflow = () =>
	workflow(RATE_WORKFLOW.id, 'Bench: rate limit, Send Verified Campaign', [
		webhook(RATE_WORKFLOW.path),
		campaignNode({ requestsPerSecond: 100, concurrency: 20, maxAttempts: 10 }),
	]);

/** The Secret Key credential of the v2 Truecaller Trigger and Send's credential on the sandbox. */
const benchCredentials = (sandbox) => [
	{
		id: KEY_CREDENTIAL.truecallerWebhookKeyApi.id,
		name: KEY_CREDENTIAL.truecallerWebhookKeyApi.name,
		type: 'truecallerWebhookKeyApi',
		data: { secretKey: URL_KEY },
	},
	{
		...HEADER_AUTH.credential.httpHeaderAuth,
		type: 'httpHeaderAuth',
		data: { name: HEADER_AUTH.header, value: URL_KEY },
	},
	{
		id: CREDENTIAL.truecallerApi.id,
		name: CREDENTIAL.truecallerApi.name,
		type: 'truecallerApi',
		data: { endpointUrl: sandbox.campaignUrl, orgId: sandbox.orgId, webhookToken: sandbox.token },
	},
];

/** How each benchmarked trigger is reached and what a distinct valid event for it looks like. */
const TRIGGERS = [
	{
		id: 'webhook',
		label: 'core Webhook',
		path: 'bench-webhook',
		query: '',
		body: (i) => ({ ...cmbSeed, event_id: `bench-webhook-${Date.now()}-${i}` }),
	},
	{
		id: 'webhookauth',
		label: 'core Webhook, Header Auth credential',
		path: 'bench-webhook-auth',
		query: '',
		headers: { [HEADER_AUTH.header]: URL_KEY },
		body: (i) => ({ ...cmbSeed, event_id: `bench-webhookauth-${Date.now()}-${i}` }),
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

/** Version 2 of both triggers with other histories than REMEMBERED: what the history costs. */
const REMEMBERED_VARIANTS = [0, 100000];
TRIGGERS.push(
	...REMEMBERED_VARIANTS.flatMap((remembered) =>
		['tc', 'tp'].map((kind) => {
			const base = TRIGGERS.find((t) => t.id === `${kind}2`);
			return {
				...base,
				id: `${kind}2r${remembered >= 1000 ? `${remembered / 1000}k` : remembered}`,
				label: `${base.label}, ${remembered.toLocaleString('en-US')} remembered`,
				path: triggerPath(kind, 2, true, remembered),
				remembered,
			};
		}),
	),
);

/** The workflow of a benchmarked trigger (an entry of TRIGGERS). */
function workflowOfTrigger(trigger) {
	if (trigger.id === 'webhook') return coreWebhookWorkflow();
	if (trigger.id === 'webhookauth') return headerAuthWebhookWorkflow();
	const [, kind, version, nodedup] = /^(tc|tp)(\d)(nodedup)?/.exec(trigger.id);
	return triggerWorkflow(kind, Number(version), !nodedup, trigger.remembered ?? REMEMBERED);
}

/** POSTs to a Truecaller Trigger an id pre-seeded as remembered; returns its answer (expected: duplicate). */
async function rememberedAnswer(baseUrl, trigger) {
	const response = await fetch(`${baseUrl}/webhook/${trigger.path}${trigger.query}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ ...cmbSeed, event_id: 'remembered-4242' }),
	});
	return await response.text();
}

/**
 * Sends `amount` distinct events of `trigger` with `connections` connections, spread round robin over
 * `baseUrls` (one autocannon per n8n process, each with its share of the events and connections, all
 * at once; one counter, so every event is distinct). Latencies are every response's own, so the
 * percentiles cover all processes together. `limitMs` stops the load when it runs over.
 */
async function loadTrigger(baseUrls, trigger, { amount, connections, limitMs = 10 * 60 * 1000 }) {
	let counter = 0;
	const latencies = [];
	const started = Date.now();
	const instances = baseUrls.map((baseUrl, i) => {
		const instance = autocannon({
			url: `${baseUrl}/webhook/${trigger.path}${trigger.query}`,
			connections: Math.max(1, Math.round(connections / baseUrls.length)),
			amount: Math.floor(amount / baseUrls.length) + (i < amount % baseUrls.length ? 1 : 0),
			timeout: 30,
			method: 'POST',
			headers: { 'content-type': 'application/json', ...trigger.headers },
			requests: [
				{
					setupRequest: (request) => ({
						...request,
						body: JSON.stringify(trigger.body(counter++)),
					}),
				},
			],
		});
		instance.on('response', (_client, _status, _bytes, responseTime) =>
			latencies.push(responseTime),
		);
		return instance;
	});
	let stoppedAtLimit = false;
	const overrun = setTimeout(() => {
		stoppedAtLimit = true;
		instances.forEach((instance) => instance.stop());
	}, limitMs);
	let results;
	try {
		results = await Promise.all(instances);
	} finally {
		clearTimeout(overrun);
	}
	const seconds = (Date.now() - started) / 1000;
	const failed = results.reduce((n, r) => n + r.non2xx + r.errors, 0);
	return {
		sent: counter,
		answered: latencies.length,
		seconds,
		rps: latencies.length / (seconds || 1),
		p50: Math.round(percentile(latencies, 50)),
		p99: Math.round(percentile(latencies, 99)),
		non2xx: failed,
		stoppedAtLimit,
	};
}

/** VmRSS of a process in bytes (0 once it is gone). */
function rssOf(pid) {
	try {
		return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
	} catch {
		return 0;
	}
}

/**
 * Starts one execution by POSTing `body` to `webhookUrl` and waits (at most `limitMs`) until the
 * workflow's newest execution, read through `api` (a LocalN8n with the public API), has finished;
 * meanwhile samples the RSS of process `pid` (the one that runs the execution) every 100 ms.
 * Returns n8n's wall time (startedAt -> stoppedAt; NaN when it did not finish), the time from the
 * POST until the end was seen, and the RSS before and at its peak.
 */
async function runAndSampleRss({ webhookUrl, body, api, workflowId, pid, limitMs, pollMs = 250 }) {
	const before = (await api.executions(workflowId, false)).length;
	global.gc?.();
	const baseline = rssOf(pid);
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 100);
	const posted = Date.now();
	let execution;
	try {
		const response = await fetch(webhookUrl, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`${webhookUrl}: ${response.status} ${await response.text()}`);
		const deadline = Date.now() + limitMs;
		while (Date.now() < deadline) {
			const executions = await api.executions(workflowId, false);
			execution =
				executions.length > before
					? executions.sort((a, b) => Number(b.id) - Number(a.id))[0]
					: undefined;
			if (
				execution &&
				(execution.finished || ['success', 'error', 'crashed'].includes(execution.status))
			)
				break;
			await sleep(pollMs);
		}
	} finally {
		clearInterval(sampler);
	}
	const done = execution && execution.stoppedAt;
	return {
		status: done ? execution.status : 'did not finish',
		seconds: done
			? (Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt)) / 1000
			: NaN,
		postToSeenSeconds: (Date.now() - posted) / 1000,
		baselineRssMb: baseline / 1048576,
		peakRssMb: peak / 1048576,
	};
}

/** `count` distinct 10-digit Indian mobile numbers from `offset`. */
const receiversFor = (count, offset) =>
	Array.from({ length: count }, (_, i) => `9${String(100000000 + offset + i)}`);

/**
 * A benchmark script's command line: `spec` maps each --option to its default, whose type is the
 * option's (a number, text, false for a flag, an array for a repeatable option); keys come back in
 * camelCase. Unknown options and missing values throw with the script's help.
 */
/** `--env NAME=VALUE` options as the environment object they add to n8n's. */
function envOptions(pairs) {
	return Object.fromEntries(
		pairs.map((pair) => {
			const [name, ...rest] = pair.split('=');
			if (!name || rest.length === 0) throw new Error(`--env wants NAME=VALUE, got ${pair}`);
			return [name, rest.join('=')];
		}),
	);
}

/** The `--triggers` list as ids; the core Webhook node is always measured (every ratio's base). */
function triggerIds(list) {
	return new Set(['webhook', ...list.split(',').map((t) => t.trim())]);
}

function parseBenchOptions(argv, spec, help) {
	const options = { help: { type: 'boolean', short: 'h' } };
	for (const [name, fallback] of Object.entries(spec))
		options[name] = {
			type: typeof fallback === 'boolean' ? 'boolean' : 'string',
			multiple: Array.isArray(fallback),
		};
	let values;
	try {
		({ values } = parseArgs({ args: argv, options }));
	} catch (error) {
		throw new Error(`${error.message}\n\n${help}`);
	}
	const parsed = { help: values.help === true };
	for (const [name, fallback] of Object.entries(spec)) {
		const given = values[name];
		const key = name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());
		parsed[key] =
			given === undefined ? fallback : typeof fallback === 'number' ? Number(given) : given;
	}
	return parsed;
}

module.exports = {
	parseBenchOptions,
	envOptions,
	triggerIds,
	CREDENTIAL,
	KEY_CREDENTIAL,
	RATE_WORKFLOW,
	REMEMBERED,
	workflowOfTrigger,
	TRIGGERS,
	URL_KEY,
	benchCredentials,
	campaignNode,
	coreWebhookWorkflow,
	headerAuthWebhookWorkflow,
	loadTrigger,
	median,
	node,
	percentile,
	range,
	rateLimitedSendWorkflow,
	receiversFor,
	rememberedAnswer,
	rssOf,
	runAndSampleRss,
	triggerWorkflow,
	webhook,
	workflow,
};
