'use strict';
/**
 * End to end in n8n's queue mode: main + 1 worker + 2 webhook processes, Postgres and Redis
 * (dev/n8n/queueTopology.js), the packed tarball installed as a community package, the
 * example workflows and the single-process suite's test workflows imported with n8n's CLI.
 *
 * Part 1 repeats the single-process suite's checks that mean the same here, with every webhook
 * request sent to webhook process 1 and every execution run by the worker. Part 2 encodes the
 * queue-mode table (docs/queue-mode.md) with exact counts: copies of one event split over both webhook
 * processes (the triggers alone, and the queue-mode example with its Postgres claim), events sent
 * again one second later or after restarting the webhook processes, sends on the worker, and worker
 * restarts in the middle of a 2,000-campaign send and between True Pulse deliveries.
 *
 * Run by test/queue/run.js per n8n host version (N8N_QUEUE_VERSION) with the tarball it packed
 * (N8N_QUEUE_TARBALL). Measured figures are written to <dir>/figures.json for the runner.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { createSandbox, CAMPAIGN_PATH, TRUE_PULSE_PATH } = require('../../dev/sandbox/sandbox');
const { ensureHost } = require('../../dev/n8n/n8nHost');
const { ROOT, packPackage, sleep } = require('../../dev/n8n/n8nServer');
const { QUEUE_PORTS, QueueTopology } = require('../../dev/n8n/queueTopology');
const { PREVIEW_MARKS, UNIT_CASES, expectedUnitBody, testWorkflows } = require('../e2e/workflows');
const { exampleWorkflows, sampleRequests, sandboxCredentials } = require('../../dev/examples');
const cmbSeed = require('../support/seeds/truecaller-cmb.json');
const normalisedSeed = require('../support/seeds/truecaller-cmb.normalised.json');
const callEndSeed = require('../support/seeds/truepulse-call-end.json');

const VERSION = process.env.N8N_QUEUE_VERSION || '2.41.1';
const DIR = path.join(ROOT, '.n8n-local', `queue-${VERSION}`);
const SAMPLES = sampleRequests();
const CMB = SAMPLES.tcExampleCmb0001;
const TP_LOG = SAMPLES.tcExampleTpLog01;
const CTAP = SAMPLES.tcExampleCtap001;
const RELAY = SAMPLES.tcExampleTpRly01;
const CLAIM = SAMPLES.tcExampleCmbQueu;
/** The table the queue-mode example claims event ids in (docs/deduplication.md). */
const CLAIM_TABLE =
	'CREATE TABLE truecaller_events_seen (event_id text PRIMARY KEY, seen_at timestamptz NOT NULL DEFAULT now())';

/**
 * Known limits, marked node:test `todo` with their measured figures (the rows still run and
 * report; they do not fail the run). Copies of one event reaching two webhook processes at the same
 * instant can both start an execution: each process checks its own memory, and no node has a
 * store shared by both that it can claim an id in atomically. The queue-mode example (a Postgres
 * unique key after the trigger) is what closes it, asserted below. A row absent here is asserted.
 */
const KNOWN_LIMITS =
	{
		'2.41.1': {
			cmbCopies:
				'known limit (same-instant copies at two webhook processes): measured 383 and 384 executions in two runs (311 in an earlier script), expected 200',
			tpCopies:
				'known limit (same-instant copies at two webhook processes): measured 365 and 352 executions in two runs, expected 200',
		},
		'2.8.4': {
			cmbCopies:
				'known limit (same-instant copies at two webhook processes): measured 335 and 312 executions in two runs (283 in an earlier script), expected 200',
			tpCopies:
				'known limit (same-instant copies at two webhook processes): measured 308 and 298 executions in two runs, expected 200',
		},
	}[VERSION] ?? {};

let sandbox;
let topology;
const figures = { version: VERSION, rows: {} };

const [WEBHOOK_1, WEBHOOK_2] = QUEUE_PORTS.webhooks.map((port) => `http://localhost:${port}`);

async function post(
	base,
	webhookPath,
	body,
	{ query = '', contentType = 'application/json', withContentType = false } = {},
) {
	const response = await fetch(`${base}/webhook/${webhookPath}${query}`, {
		method: 'POST',
		headers: { 'Content-Type': contentType },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	// The answer's content type only where a test reads it: the others compare whole answers.
	const answer = { status: response.status, body: parsed };
	return withContentType
		? { ...answer, contentType: response.headers.get('content-type') }
		: answer;
}

/** Runs `tasks` (functions returning promises) with at most `limit` in flight; results in order. */
async function pool(tasks, limit) {
	const results = new Array(tasks.length);
	let next = 0;
	const lane = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await tasks[index]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
	return results;
}

const finished = (execution) =>
	['success', 'error', 'crashed', 'canceled'].includes(execution.status);
const PENDING = ['new', 'running', 'waiting', 'unknown'];

/** Waits until the workflow has `count` finished executions (public API on main); oldest first. */
async function executionsOf(workflowId, count, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = (await topology.main.executions(workflowId)).filter(finished);
		if (executions.length >= count || Date.now() > deadline)
			return executions.sort((a, b) => Number(a.id) - Number(b.id));
		await sleep(250);
	}
}

/**
 * Waits (bounded) until the workflow has at least `atLeast` executions, none pending, and the total
 * has not moved for `quietMs`; returns the counts by status and the total, from Postgres.
 */
async function settle(workflowId, { atLeast = 0, timeoutMs = 180000, quietMs = 3000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let stableSince = Date.now();
	for (;;) {
		const byStatus = topology.executionStatuses(workflowId);
		const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
		const pending = PENDING.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0);
		if (total !== last) {
			last = total;
			stableSince = Date.now();
		}
		if (
			(total >= atLeast && pending === 0 && Date.now() - stableSince >= quietMs) ||
			Date.now() > deadline
		)
			return { total, byStatus };
		await sleep(250);
	}
}

function output(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	assert.ok(runs, `node ${nodeName} ran`);
	return runs[0].data.main[0].map((item) => item.json);
}

const campaignRequests = () => sandbox.requests.filter((r) => r.path === CAMPAIGN_PATH);
const truePulseRequests = () => sandbox.requests.filter((r) => r.path === TRUE_PULSE_PATH);
const webhookPaths = (workflows) =>
	workflows.flatMap((w) =>
		w.nodes.filter((n) => typeof n.parameters.path === 'string').map((n) => n.parameters.path),
	);

/** Accepted (202) campaigns whose campaign id starts with `prefix`: distinct (campaign, receiver) and repeats. */
function deliveries(prefix) {
	const accepted = campaignRequests().filter(
		(r) => r.status === 202 && String(r.body?.profile?.campaign_id).startsWith(prefix),
	);
	const distinct = new Set(
		accepted.map((r) => `${r.body.profile.campaign_id}/${r.body.profile.receiver_number}`),
	);
	return {
		accepted: accepted.length,
		distinct: distinct.size,
		duplicates: accepted.length - distinct.size,
	};
}

/** A CleverTap campaign body for `count` profiles with phones +91 <first digit><9 digits>. */
function cleverTapBody(targetId, count, firstPhone) {
	const profiles = Array.from({ length: count }, (_, i) => ({
		Identity: `user-${targetId}-${i}`,
		phone: `+91${firstPhone + i}`,
		ProfileData: { Name: `User ${i}` },
	}));
	return { targetId, key_values: { PromoCode: `Q${targetId}` }, profiles };
}

const cmbEvent = (id) => ({ ...cmbSeed, event_id: id });
const callEnd = (id) => ({ ...callEndSeed, tpCallID: id });
/** Answers counted by `key` (a body field, or a function of the answer). */
function tally(answers, key) {
	const label = typeof key === 'function' ? key : (a) => a.body?.[key] ?? a.status;
	return answers.reduce(
		(counts, a) => ((counts[label(a)] = (counts[label(a)] ?? 0) + 1), counts),
		{},
	);
}
const truePulseAnswer = (a) =>
	/Already received/.test(a.body?.message)
		? 'SUCCESS (already received)'
		: `${a.body?.status ?? a.status}`;

before(
	async () => {
		const host = ensureHost(VERSION);
		const tarball = process.env.N8N_QUEUE_TARBALL || packPackage();
		sandbox = createSandbox({
			orgId: 'queue-org',
			token: 'queue-token',
			port: QUEUE_PORTS.sandbox,
		});
		await sandbox.listen();
		// Workflows without a webhook (run by hand in the editor) are left out: n8n refuses to publish them.
		// N8N_QUEUE_WORKFLOWS (a regular expression of test workflow ids) imports only those beside
		// the examples, for a targeted run of a few tests with --test-name-pattern.
		const only = new RegExp(process.env.N8N_QUEUE_WORKFLOWS || '.');
		const workflows = [
			...exampleWorkflows({ singleProcess: false }),
			...testWorkflows().filter((w) => only.test(w.id)),
		].filter((w) => webhookPaths([w]).length > 0);
		topology = new QueueTopology(host, {
			dir: DIR,
			tarball,
			log: (m) => console.log(`[queue] ${m}`),
		});
		// The queue-mode example's Postgres credential, as the example names it, on the topology's database.
		const claimCredential = workflows
			.find((w) => w.id === 'tcExampleCmbQueu')
			.nodes.find((n) => n.credentials?.postgres).credentials.postgres;
		await topology.start({
			credentials: [
				...sandboxCredentials(sandbox),
				{ ...claimCredential, type: 'postgres', data: topology.postgresCredentialData() },
			],
			workflows,
			webhookPaths: webhookPaths(workflows),
		});
		topology.psql(`${CLAIM_TABLE}; ALTER TABLE truecaller_events_seen OWNER TO n8n`);
		figures.startup = topology.timings;
	},
	{ timeout: 15 * 60 * 1000 },
);

after(async () => {
	try {
		fs.writeFileSync(path.join(DIR, 'figures.json'), JSON.stringify(figures, null, 1));
	} catch {
		// the folder is gone: nothing to report
	}
	await topology?.stop();
	await sandbox?.close();
});

describe(`n8n ${VERSION} in queue mode (main, 1 worker, 2 webhook processes, Postgres, Redis)`, () => {
	test('main lists every node and credential type of the package', async () => {
		const nodes = await topology.main.asOwner('/types/nodes.json');
		const names = new Set(nodes.map((n) => n.name));
		for (const name of ['truecaller', 'truecallerTrigger', 'truePulse', 'truePulseTrigger']) {
			assert.ok(names.has(`n8n-nodes-truecaller.${name}`), `node type ${name} listed`);
		}
		const credentials = await topology.main.asOwner('/types/credentials.json');
		const credentialNames = new Set(credentials.map((c) => c.name));
		assert.ok(credentialNames.has('truecallerApi') && credentialNames.has('truePulseApi'));
	});

	test('Send Verified Campaign on the worker: every display unit reaches Truecaller with exactly the expected JSON and headers', async () => {
		assert.equal(
			(await post(WEBHOOK_1, 'e2e-campaign-units', { receivers: '+91 98410 12345' })).status,
			200,
		);
		const [execution] = await executionsOf('e2eCampaignUnits', 1);
		assert.equal(execution.status, 'success');
		for (const { unit, parameters, content } of UNIT_CASES) {
			const requests = campaignRequests().filter(
				(r) => r.body.profile.campaign_id === `e2e-${unit}`,
			);
			assert.equal(requests.length, 1, `one request for ${unit}`);
			assert.deepEqual(requests[0].body, expectedUnitBody({ unit, parameters, content }));
			assert.equal(requests[0].headers['x-org-id'], 'queue-org');
			assert.equal(requests[0].headers['x-org-token'], 'queue-token');
			assert.equal(output(execution, `Send ${unit}`)[0].status, 'delivered');
		}
	});

	test('Build Payload returns the body, needs no credential and sends nothing', async () => {
		const before = campaignRequests().length;
		await post(WEBHOOK_2, 'e2e-build-payload', { receivers: '9841012345, 9841012346' });
		const [execution] = await executionsOf('e2eBuildPayload1', 1);
		const items = output(execution, 'Build');
		assert.equal(items.length, 2);
		assert.equal(items[1].body.profile.receiver_number, '919841012346');
		assert.deepEqual(Object.keys(items[1]).sort(), ['body', 'valid']);
		assert.equal(campaignRequests().length, before);
	});

	const assertPreviewSvg = (svg) => {
		for (const mark of PREVIEW_MARKS) assert.match(svg, mark);
	};

	test("the preview made on the worker is the Webhook node's answer at a webhook process (First Entry Binary), stored in the database", async () => {
		const answer = await post(
			WEBHOOK_1,
			'e2e-preview-answer',
			{ receivers: '9841012345' },
			{ withContentType: true },
		);
		assert.equal(answer.status, 200);
		assert.match(answer.contentType, /^image\/svg\+xml/);
		assertPreviewSvg(answer.body);
		const [execution] = await executionsOf('e2ePreviewAnswer', 1);
		const [item] = execution.data.resultData.runData.Build[0].data.main[0];
		// n8n's default binary data mode in queue mode on both hosts: one store every process reads
		assert.match(item.binary.preview.id, /^database:/);
	});

	test('Respond to Webhook (Binary File) at a webhook process answers with the preview of a Send run on the worker', async () => {
		const answer = await post(
			WEBHOOK_2,
			'e2e-preview-respond',
			{ receivers: '9841012345, 9841012346, 9841012347' },
			{ withContentType: true },
		);
		assert.equal(answer.status, 200);
		assert.match(answer.contentType, /^image\/svg\+xml/);
		assertPreviewSvg(answer.body);
		const [execution] = await executionsOf('e2ePreviewRespond', 1);
		const items = execution.data.resultData.runData.Build[0].data.main[0];
		assert.equal(items.length, 3);
		assert.equal(new Set(items.map((item) => item.binary.preview.id)).size, 1);
	});

	test('Extract From File (to text) on the worker reads the preview: <svg and the title', async () => {
		const answer = await post(WEBHOOK_1, 'e2e-preview-extract', { receivers: '9841012345' });
		assert.equal(answer.status, 200);
		assert.ok(answer.body.svg.includes('<svg'));
		assert.ok(answer.body.svg.includes('Sorry we missed you'));
		assertPreviewSvg(answer.body.svg);
	});

	test('an invalid campaign fails the execution with the field named; nothing is sent', async () => {
		const before = campaignRequests().length;
		await post(WEBHOOK_1, 'e2e-invalid', { receivers: '9841012345', title: 'x'.repeat(41) });
		const [execution] = await executionsOf('e2eInvalidStops1', 1);
		assert.equal(execution.status, 'error');
		assert.match(
			execution.data.resultData.error.message,
			/Title \(`title`\) must be at most 40 characters, has 41/,
		);
		assert.equal(campaignRequests().length, before);
	});

	test('with continue on fail, an invalid campaign becomes an error item', async () => {
		await post(WEBHOOK_2, 'e2e-invalid-continue', {
			receivers: '9841012345',
			title: 'x'.repeat(41),
		});
		const [execution] = await executionsOf('e2eInvalidGoesOn', 1);
		assert.equal(execution.status, 'success');
		const [item] = output(execution, 'Send');
		assert.match(item.error, /^Item 0: Title \(`title`\) must be at most 40 characters/);
	});

	test('Truecaller Trigger, one webhook process: the seed starts one execution; repeats, wrong keys and bad bodies start none', async () => {
		const first = await post(WEBHOOK_1, CMB.path, CMB.body, { query: CMB.query });
		assert.deepEqual(first, {
			status: 200,
			body: { status: 'received', event_id: cmbSeed.event_id },
		});
		const [execution] = await executionsOf('tcExampleCmb0001', 1);
		assert.deepEqual(output(execution, 'Truecaller Trigger')[0], {
			...normalisedSeed,
			raw: cmbSeed,
		});
		assert.equal(output(execution, 'Callback task')[0].phone, '+911234567890');

		assert.deepEqual(await post(WEBHOOK_1, CMB.path, CMB.body, { query: CMB.query }), {
			status: 200,
			body: { status: 'duplicate', event_id: cmbSeed.event_id, message: 'already received' },
		});
		assert.equal(
			(await post(WEBHOOK_1, CMB.path, cmbEvent('other-1'), { query: '?key=wrong' })).status,
			401,
		);
		assert.equal((await post(WEBHOOK_2, CMB.path, cmbEvent('other-2'))).status, 401);
		const list = await post(WEBHOOK_2, CMB.path, [cmbSeed], { query: CMB.query });
		assert.equal(list.status, 400);
		assert.match(list.body.message, /must be a JSON object/);
		assert.equal(
			(
				await post(WEBHOOK_1, CMB.path, JSON.stringify(cmbSeed), {
					query: CMB.query,
					contentType: 'text/plain',
				})
			).status,
			415,
		);
		assert.equal((await settle('tcExampleCmb0001', { atLeast: 1, quietMs: 1500 })).total, 1);
	});

	test('Truecaller Trigger: five copies of one event at the same moment on one webhook process start one execution', async () => {
		const answers = await Promise.all(
			Array.from({ length: 5 }, () =>
				post(WEBHOOK_1, CMB.path, cmbEvent('concurrent-copy-1'), { query: CMB.query }),
			),
		);
		assert.ok(answers.every((a) => a.status === 200));
		assert.equal(answers.filter((a) => a.body.status === 'received').length, 1);
		assert.equal((await settle('tcExampleCmb0001', { atLeast: 2, quietMs: 1500 })).total, 2);
	});

	test('True Pulse Trigger, one webhook process: SUCCESS and one execution; ERROR and none; a duplicate is SUCCESS and none', async () => {
		assert.deepEqual(await post(WEBHOOK_1, TP_LOG.path, TP_LOG.body), {
			status: 200,
			body: { status: 'SUCCESS', message: 'Data added successfully.' },
		});
		const [execution] = await executionsOf('tcExampleTpLog01', 1);
		assert.equal(output(execution, 'Call log row')[0].minutes, 11);
		const invalid = await post(WEBHOOK_1, TP_LOG.path, {
			...callEndSeed,
			tpCallID: 'tp-bad',
			tpCallStatus: 'answered',
		});
		assert.equal(invalid.status, 400);
		assert.equal(invalid.body.status, 'ERROR');
		const duplicate = await post(WEBHOOK_1, TP_LOG.path, TP_LOG.body);
		assert.equal(duplicate.body.status, 'SUCCESS');
		assert.equal((await settle('tcExampleTpLog01', { atLeast: 1, quietMs: 1500 })).total, 1);
	});

	test('True Pulse Trigger, acknowledge after success: the webhook process waits for the worker; a failed run answers ERROR and is not remembered', async () => {
		const failing = callEnd('ack-fail-1');
		failing.tpDTMF = '9';
		const first = await post(WEBHOOK_1, 'e2e-truepulse-ack', failing);
		assert.equal(first.status, 500);
		assert.deepEqual(first.body, {
			status: 'ERROR',
			message: 'The workflow failed on call ack-fail-1; please retry.',
		});
		assert.equal((await post(WEBHOOK_1, 'e2e-truepulse-ack', failing)).body.status, 'ERROR');
		const passing = { ...callEnd('ack-ok-1'), tpDTMF: '1' };
		assert.deepEqual(await post(WEBHOOK_1, 'e2e-truepulse-ack', passing), {
			status: 200,
			body: { status: 'SUCCESS', message: 'Data added successfully.' },
		});
		const again = await post(WEBHOOK_1, 'e2e-truepulse-ack', passing);
		assert.match(again.body.message, /Already received call ack-ok-1/);
		const { total, byStatus } = await settle('e2eTruePulseAck1', { atLeast: 3, quietMs: 1500 });
		assert.equal(total, 3);
		assert.deepEqual(byStatus, { error: 2, success: 1 });
	});

	test('True Pulse action on the worker: ERROR twice, then SUCCESS: exactly three deliveries', async () => {
		const errorAnswer = {
			status: 200,
			body: { status: 'ERROR', message: 'Temporary failure' },
			retryAfter: 0,
		};
		sandbox.script(TRUE_PULSE_PATH, [errorAnswer, errorAnswer]);
		await post(WEBHOOK_2, RELAY.path, RELAY.body);
		const [execution] = await executionsOf('tcExampleTpRly01', 1);
		assert.equal(execution.status, 'success');
		assert.equal(
			truePulseRequests().filter((r) => r.body.tpCallID === RELAY.body.tpCallID).length,
			3,
		);
		const [result] = output(execution, 'Deliver to True Pulse');
		assert.equal(result.status, 'delivered');
		assert.equal(result.attempts, 3);
	});

	test('CleverTap example: a broadcast body with mixed key case -> one personalised campaign per profile with a phone', async () => {
		assert.equal((await post(WEBHOOK_1, CTAP.path, CTAP.body)).status, 200);
		const [execution] = await executionsOf('tcExampleCtap001', 1);
		assert.equal(execution.status, 'success');
		assert.deepEqual(
			campaignRequests()
				.filter((r) => r.body.profile.campaign_id === 'clevertap-1472124953')
				.map((r) => [r.body.profile.receiver_number, r.body.content.title])
				.sort(),
			[
				['917872483227', 'Hi Asha, MT50 is yours'],
				['919841012345', 'Hi Ravi Kumar, MT50 is yours'],
			],
		);
	});

	test('Talon.One example: the coupon code lands in the campaign title', async () => {
		await post(WEBHOOK_2, SAMPLES.tcExampleTalon01.path, SAMPLES.tcExampleTalon01.body);
		const [execution] = await executionsOf('tcExampleTalon01', 1);
		assert.equal(execution.status, 'success');
		const [request] = campaignRequests().filter(
			(r) => r.body.profile.campaign_id === 'talonone-4711',
		);
		assert.equal(request.body.content.title, 'Your coupon NEWYEAR-7Q2X');
	});
});

describe(`n8n ${VERSION} in queue mode: duplicates, restarts and sends on the worker`, () => {
	const cmbIds = Array.from({ length: 200 }, (_, i) => `queue-cmb-${i}`);
	const tpIds = Array.from({ length: 200 }, (_, i) => `queue-tp-${i}`);
	const bases = [WEBHOOK_1, WEBHOOK_2];

	/** Each id sent 3 times at once, the copies split over both webhook processes; 10 ids in flight. */
	const threeCopies = (ids, send) =>
		pool(
			ids.map(
				(id, i) => () =>
					Promise.all([
						send(bases[i % 2], id),
						send(bases[(i + 1) % 2], id),
						send(bases[i % 2], id),
					]),
			),
			10,
		).then((groups) => groups.flat());
	const sendCmb = (base, id) => post(base, CMB.path, cmbEvent(id), { query: CMB.query });
	const sendTp = (base, id) => post(base, TP_LOG.path, callEnd(id));
	let restarted;
	/** Both "after a restart" rows share one restart of both webhook processes. */
	const restartWebhooksOnce = () =>
		(restarted ??= topology.restartWebhooks([CMB.path, TP_LOG.path, CTAP.path, RELAY.path]));

	async function measure(row, workflowId, before, expected, sent, answers, key) {
		const { total, byStatus } = await settle(workflowId, { atLeast: before + expected });
		const executions = total - before;
		figures.rows[row] = { sent, executions, expected, answers: tally(answers, key), byStatus };
		return executions;
	}

	test(
		'200 Call Me Back events, each sent 3 times at once, copies split over both webhook processes: 200 executions',
		{ todo: KNOWN_LIMITS.cmbCopies },
		async (t) => {
			const before = topology.executionStatuses('tcExampleCmb0001');
			const start = Object.values(before).reduce((a, b) => a + b, 0);
			const answers = await threeCopies(cmbIds, sendCmb);
			assert.ok(
				answers.every((a) => a.status === 200),
				'every copy answered 200',
			);
			const executions = await measure(
				'cmbCopies',
				'tcExampleCmb0001',
				start,
				200,
				600,
				answers,
				'status',
			);
			t.diagnostic(
				`sent 600, executions ${executions}, expected 200; answers ${JSON.stringify(tally(answers, 'status'))}`,
			);
			assert.equal(executions, 200);
		},
	);

	test(
		'200 True Pulse calls x 3 over both webhook processes: 200 executions',
		{ todo: KNOWN_LIMITS.tpCopies },
		async (t) => {
			const start = Object.values(topology.executionStatuses('tcExampleTpLog01')).reduce(
				(a, b) => a + b,
				0,
			);
			const answers = await threeCopies(tpIds, sendTp);
			assert.ok(
				answers.every((a) => a.status === 200 && a.body.status === 'SUCCESS'),
				'every copy answered SUCCESS',
			);
			const executions = await measure(
				'tpCopies',
				'tcExampleTpLog01',
				start,
				200,
				600,
				answers,
				truePulseAnswer,
			);
			t.diagnostic(`sent 600, executions ${executions}, expected 200`);
			assert.equal(executions, 200);
		},
	);

	test('the queue-mode example (Postgres unique key after the trigger): 200 events x 3 copies over both webhook processes: exactly 200 get past the claim', async (t) => {
		const ids = Array.from({ length: 200 }, (_, i) => `queue-claim-${i}`);
		const sendClaim = (base, id) => post(base, CLAIM.path, cmbEvent(id), { query: CLAIM.query });
		const answers = await threeCopies(ids, sendClaim);
		assert.ok(
			answers.every((a) => a.status === 200),
			'every copy answered 200',
		);
		const { total, byStatus } = await settle('tcExampleCmbQueu', { atLeast: 200 });
		const executions = await topology.main.executions('tcExampleCmbQueu', true);
		const passed = executions.filter(
			(e) => (e.data?.resultData?.runData?.['Callback task']?.[0]?.data?.main?.[0] ?? []).length,
		);
		const passedIds = new Set(passed.map((e) => output(e, 'Truecaller Trigger')[0].eventId));
		const [[claimed]] = topology.psql(
			"SELECT count(*) FROM truecaller_events_seen WHERE event_id LIKE 'queue-claim-%'",
		);
		figures.rows.claimCopies = {
			sent: 600,
			executions: total,
			passed: passed.length,
			expected: 200,
			answers: tally(answers, 'status'),
			byStatus,
		};
		t.diagnostic(
			`sent 600, executions ${total}, past the claim ${passed.length} (${passedIds.size} distinct), claimed rows ${claimed}, expected 200`,
		);
		assert.equal(byStatus.success, total, 'every execution succeeded');
		assert.equal(passed.length, 200);
		assert.deepEqual([...passedIds].sort(), [...ids].sort());
		assert.equal(Number(claimed), 200);
	});

	test(
		'the same 200 again after restarting both webhook processes: 0 executions',
		{ todo: KNOWN_LIMITS.cmbAfterRestart },
		async (t) => {
			await restartWebhooksOnce();
			const start = Object.values(topology.executionStatuses('tcExampleCmb0001')).reduce(
				(a, b) => a + b,
				0,
			);
			const answers = await pool(
				cmbIds.map((id, i) => () => sendCmb(bases[i % 2], id)),
				10,
			);
			const executions = await measure(
				'cmbAfterRestart',
				'tcExampleCmb0001',
				start,
				0,
				200,
				answers,
				'status',
			);
			t.diagnostic(`sent 200, executions ${executions}, expected 0`);
			assert.equal(executions, 0);
		},
	);

	test(
		'the same 200 True Pulse calls after restarting both webhook processes: 0 executions',
		{ todo: KNOWN_LIMITS.tpAfterRestart },
		async (t) => {
			await restartWebhooksOnce();
			const start = Object.values(topology.executionStatuses('tcExampleTpLog01')).reduce(
				(a, b) => a + b,
				0,
			);
			const answers = await pool(
				tpIds.map((id, i) => () => sendTp(bases[i % 2], id)),
				10,
			);
			const executions = await measure(
				'tpAfterRestart',
				'tcExampleTpLog01',
				start,
				0,
				200,
				answers,
				truePulseAnswer,
			);
			t.diagnostic(`sent 200, executions ${executions}, expected 0`);
			assert.equal(executions, 0);
		},
	);

	test(
		'20 new events sent to process 1, then 1 s later to process 2: 20 executions',
		{ todo: KNOWN_LIMITS.cmbOneSecondApart },
		async (t) => {
			const ids = Array.from({ length: 20 }, (_, i) => `queue-cmb-apart-${i}`);
			const start = Object.values(topology.executionStatuses('tcExampleCmb0001')).reduce(
				(a, b) => a + b,
				0,
			);
			const first = await Promise.all(ids.map((id) => sendCmb(WEBHOOK_1, id)));
			await sleep(1000);
			const second = await Promise.all(ids.map((id) => sendCmb(WEBHOOK_2, id)));
			const executions = await measure(
				'cmbOneSecondApart',
				'tcExampleCmb0001',
				start,
				20,
				40,
				[...first, ...second],
				'status',
			);
			t.diagnostic(`sent 40, executions ${executions}, expected 20`);
			assert.equal(executions, 20);
		},
	);

	test('CleverTap example, 20 bodies x 50 profiles over both webhook processes, sending on the worker: 1,000 campaigns delivered, 0 duplicates', async (t) => {
		const bodies = Array.from({ length: 20 }, (_, b) =>
			cleverTapBody(600000 + b, 50, 7000000000 + b * 1000),
		);
		const answers = await Promise.all(bodies.map((body, b) => post(bases[b % 2], CTAP.path, body)));
		assert.ok(answers.every((a) => a.status === 200));
		const done = await settle('tcExampleCtap001', { atLeast: 1 + 20 });
		const sent = deliveries('clevertap-6000');
		figures.rows.cleverTap1000 = { campaigns: 1000, ...sent, executions: done.byStatus };
		t.diagnostic(
			`delivered ${sent.distinct}, accepted ${sent.accepted}, duplicates ${sent.duplicates}`,
		);
		assert.equal(done.byStatus.success, 1 + 20);
		assert.deepEqual(sent, { accepted: 1000, distinct: 1000, duplicates: 0 });
	});

	test('a 2,000-campaign send with the worker restarted mid-run (SIGTERM): no campaign lost, none sent twice', async (t) => {
		const before = topology.executionStatuses('tcExampleCtap001').success ?? 0;
		assert.equal(
			(await post(WEBHOOK_1, CTAP.path, cleverTapBody(700001, 2000, 8000000000))).status,
			200,
		);
		const deadline = Date.now() + 60000;
		while (deliveries('clevertap-700001').accepted < 300 && Date.now() < deadline) await sleep(100);
		const atRestart = deliveries('clevertap-700001').accepted;
		const restartStarted = Date.now();
		await topology.restartWorker({ signal: 'SIGTERM' });
		const restartSeconds = (Date.now() - restartStarted) / 1000;
		const done = await settle('tcExampleCtap001', { atLeast: before + 1 });
		const sent = deliveries('clevertap-700001');
		figures.rows.workerRestart2000 = {
			campaigns: 2000,
			sentBeforeRestart: atRestart,
			restartSeconds,
			...sent,
			executions: done.byStatus,
		};
		t.diagnostic(
			`${atRestart} sent when the worker got SIGTERM; restart took ${restartSeconds.toFixed(1)} s; then ${JSON.stringify(sent)}`,
		);
		assert.ok(atRestart > 0 && atRestart < 2000, `the restart came mid-run (${atRestart} sent)`);
		assert.deepEqual(sent, { accepted: 2000, distinct: 2000, duplicates: 0 });
		assert.equal(done.byStatus.success, before + 1);
	});

	test('a 2,000-campaign send with the worker killed mid-run (SIGKILL): nothing is sent twice; what it had not sent is not sent (measured)', async (t) => {
		assert.equal(
			(await post(WEBHOOK_1, CTAP.path, cleverTapBody(700002, 2000, 8100000000))).status,
			200,
		);
		const deadline = Date.now() + 60000;
		while (deliveries('clevertap-700002').accepted < 300 && Date.now() < deadline) await sleep(100);
		const atKill = deliveries('clevertap-700002').accepted;
		await topology.restartWorker({ signal: 'SIGKILL' });
		// n8n runs its queue with maxStalledCount 0: the job is not run again. Wait until the far end
		// has seen nothing new for 40 s (a re-run would start within Bull's 30 s stall check).
		let sent = deliveries('clevertap-700002');
		let quietSince = Date.now();
		const quietDeadline = Date.now() + 120000;
		while (Date.now() - quietSince < 40000 && Date.now() < quietDeadline) {
			await sleep(1000);
			const now = deliveries('clevertap-700002');
			if (now.accepted !== sent.accepted) quietSince = Date.now();
			sent = now;
		}
		const lost = 2000 - sent.distinct;
		figures.rows.workerKilled2000 = { campaigns: 2000, sentBeforeKill: atKill, ...sent, lost };
		t.diagnostic(
			`${atKill} accepted when the worker got SIGKILL; in the end ${JSON.stringify(sent)}, ${lost} never sent`,
		);
		assert.ok(atKill > 0 && atKill < 2000, `the kill came mid-run (${atKill} sent)`);
		assert.equal(sent.duplicates, 0, 'no campaign sent twice');
	});

	test(
		'True Pulse action: the delivered tpCallIDs survive a worker restart (re-sent calls are skipped, not delivered again)',
		{ todo: KNOWN_LIMITS.truePulseWorkerRestart },
		async (t) => {
			const ids = Array.from({ length: 10 }, (_, i) => `queue-relay-${i}`);
			const count = () =>
				truePulseRequests().filter((r) => ids.includes(r.body?.tpCallID) && r.status === 200)
					.length;
			let runs = topology.executionStatuses('tcExampleTpRly01').success ?? 0;
			for (const [i, id] of ids.entries()) {
				await post(bases[i % 2], RELAY.path, callEnd(id));
				runs = (await settle('tcExampleTpRly01', { atLeast: runs + 1, quietMs: 300 })).byStatus
					.success;
			}
			assert.equal(count(), 10);
			await topology.restartWorker({ signal: 'SIGTERM' });
			for (const [i, id] of ids.entries()) {
				await post(bases[(i + 1) % 2], RELAY.path, callEnd(id));
				runs = (await settle('tcExampleTpRly01', { atLeast: runs + 1, quietMs: 300 })).byStatus
					.success;
			}
			const executions = (await topology.main.executions('tcExampleTpRly01'))
				.filter(finished)
				.sort((a, b) => Number(b.id) - Number(a.id));
			const statuses = executions
				.slice(0, 10)
				.map((e) => output(e, 'Deliver to True Pulse')[0].status);
			figures.rows.truePulseWorkerRestart = {
				calls: 10,
				deliveries: count(),
				afterRestart: tally(
					statuses.map((s) => ({ body: { s } })),
					's',
				),
			};
			t.diagnostic(
				`deliveries ${count()} for 10 calls sent twice around a worker restart; second round: ${statuses.join(',')}`,
			);
			assert.equal(count(), 10);
			assert.deepEqual(statuses, Array(10).fill('skipped'));
		},
	);
});
