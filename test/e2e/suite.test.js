'use strict';
/**
 * End to end, in a real n8n: the packed tarball installed as a community package into a fresh user
 * folder, credentials and workflows imported through n8n's CLI, real HTTP to the production webhook
 * URLs, executions read back through n8n's public API, outbound calls captured by the sandbox.
 *
 * Run by test/e2e/run.js once per n8n host version (N8N_E2E_VERSION), with the tarball it packed
 * (N8N_E2E_TARBALL).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { createHmac } = require('node:crypto');

const {
	createSandbox,
	BULK_PATH,
	CAMPAIGN_PATH,
	TRUE_PULSE_PATH,
} = require('../../dev/sandbox/sandbox');
const { launchBrowser } = require('../../dev/browser');
const { ensureHost } = require('../../dev/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../../dev/n8n/n8nServer');
const { packageModule } = require('../../dev/packageModule');
const {
	DEDUP_PATHS,
	LONG_HISTORY,
	PREVIEW_MARKS,
	UNIT_CASES,
	expectedUnitBody,
	VERSION_1_KEY,
	testWorkflows,
} = require('./workflows');
const {
	WEBHOOK_SECRETS,
	exampleWorkflows,
	sampleRequests,
	sandboxCredentials,
} = require('../../dev/examples');
const cmbSeed = require('../support/seeds/truecaller-cmb.json');
const segmentCalls = require('../support/seeds/segment-calls.json');
const webEngageJourney = require('../support/seeds/webengage-journey.json');
const normalisedSeed = require('../support/seeds/truecaller-cmb.normalised.json');
const callEndSeed = require('../support/seeds/truepulse-call-end.json');

const VERSION = process.env.N8N_E2E_VERSION || '2.41.1';
const PORT = Number(process.env.N8N_E2E_PORT || 5690);
const SAMPLES = sampleRequests();
const QUIET_MS = 1500;
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

let sandbox;
let n8n;
/** Every answer a webhook gave in this run, searched for secrets at the end. */
const answers = [];

async function post(
	webhookPath,
	body,
	{ query = '', contentType = 'application/json', headers = {}, withContentType = false } = {},
) {
	const response = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}${query}`, {
		method: 'POST',
		headers: { 'Content-Type': contentType, ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	answers.push(text);
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

const finished = (execution) =>
	execution.finished === true ||
	['success', 'error', 'crashed', 'canceled'].includes(execution.status);

/** Waits until the workflow has `count` finished executions; returns them, oldest first. */
async function executionsOf(workflowId, count, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const executions = (await n8n.executions(workflowId)).filter(finished);
		if (executions.length >= count || Date.now() > deadline)
			return executions.sort((a, b) => Number(a.id) - Number(b.id));
		await sleep(200);
	}
}

/** Asserts the workflow still has exactly `count` executions after a quiet moment. */
async function assertExecutionCount(workflowId, count) {
	await sleep(QUIET_MS);
	assert.equal((await n8n.executions(workflowId)).length, count, `executions of ${workflowId}`);
}

function output(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	assert.ok(runs, `node ${nodeName} ran`);
	return runs[0].data.main[0].map((item) => item.json);
}

const campaignRequests = () => sandbox.requests.filter((r) => r.path === CAMPAIGN_PATH);
const truePulseRequests = () => sandbox.requests.filter((r) => r.path === TRUE_PULSE_PATH);
const DEDUP_EVENTS = 200;
const dedupEvents = {
	callMeBack: Array.from({ length: DEDUP_EVENTS }, (_, i) => ({
		...cmbSeed,
		event_id: `dedup-cmb-${VERSION}-${i}`,
	})),
	callEnd: Array.from({ length: DEDUP_EVENTS }, (_, i) => ({
		...callEndSeed,
		tpCallID: `dedup-tp-${i}`,
	})),
	callEndRelay: Array.from({ length: 50 }, (_, i) => ({
		...callEndSeed,
		tpCallID: `dedup-relay-${i}`,
	})),
	longHistory: Array.from({ length: DEDUP_EVENTS }, (_, i) => ({
		...cmbSeed,
		event_id: `dedup-cmb-100k-${VERSION}-${i}`,
	})),
	/** The newest 100 of the ids remembered before the first request (past the maximum, the oldest go). */
	longHistoryRemembered: Array.from({ length: 100 }, (_, i) => ({
		...cmbSeed,
		event_id: LONG_HISTORY.id(LONG_HISTORY.remembered - 1 - i),
	})),
};
/** Each event `times` times in a row, so that its copies arrive at about the same moment. */
const copies = (events, times) => events.flatMap((event) => Array(times).fill(event));
const SEND_CONCURRENCY = 20;

/** POSTs every body to the path, SEND_CONCURRENCY at a time; the answers in order. */
/**
 * n8n answers 503 "Database is not ready!" itself, before any node runs, while its database ping is
 * late (a starved machine right after a restart). Every sender here retries a non-200, so do we:
 * what counts is the answer the trigger gives.
 */
const N8N_DATABASE_NOT_READY = (answer) =>
	answer.status === 503 && /Database is not ready/.test(answer.body?.message ?? '');

async function postAsASender(webhookPath, body, options) {
	for (let attempt = 1; ; attempt++) {
		const answer = await post(webhookPath, body, options);
		if (!N8N_DATABASE_NOT_READY(answer) || attempt === 30) return answer;
		await sleep(1000);
	}
}

async function sendAll(webhookPath, bodies) {
	const answers = new Array(bodies.length);
	let next = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const index = next++;
			answers[index] = await postAsASender(webhookPath, bodies[index]);
		}
	};
	await Promise.all(Array.from({ length: SEND_CONCURRENCY }, worker));
	return answers;
}

/**
 * The number of executions of the workflow once it stops growing: waits for at least `expected`
 * (bounded), then until two reads QUIET_MS apart agree.
 */
async function settledCount(workflowId, expected, timeoutMs = 120000) {
	const deadline = Date.now() + timeoutMs;
	const count = async () => (await n8n.executions(workflowId, false)).filter(finished).length;
	let last = await count();
	while (last < expected && Date.now() < deadline) {
		await sleep(500);
		last = await count();
	}
	for (;;) {
		await sleep(QUIET_MS);
		const now = await count();
		if (now === last || Date.now() > deadline) return now;
		last = now;
	}
}

/** Executions of the Remove Duplicates workflow, and how many went past the node. */
async function removeDuplicatesFigures(expected) {
	const started = await settledCount('e2eDedupRemDup01', expected);
	const passedIds = (await n8n.executions('e2eDedupRemDup01'))
		.map((e) => e.data?.resultData?.runData?.Received?.[0]?.data?.main?.[0]?.[0]?.json.eventId)
		.filter(Boolean);
	return { started, passed: passedIds.length, distinct: new Set(passedIds).size };
}

const webhookPaths = (workflows) =>
	workflows.flatMap((w) =>
		w.nodes.filter((n) => typeof n.parameters.path === 'string').map((n) => n.parameters.path),
	);

/** n distinct Indian mobile numbers, from 9000000000 + from on. */
const numbers = (n, from = 0) =>
	Array.from({ length: n }, (_, i) => `+91 ${9000000000 + from + i}`);
const bulkCalls = () => sandbox.requests.filter((r) => r.path.endsWith('/campaigns/bulk-upload'));

/** The id of the workflow's running execution (n8n's public API lists running ones by status). */
async function runningExecution(workflowId, timeoutMs = 15000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const page = await n8n.api(
			'GET',
			`/executions?workflowId=${workflowId}&status=running&includeData=false`,
		);
		if (page.data.length > 0) return page.data[0].id;
		await sleep(100);
	}
	throw new Error(`no running execution of ${workflowId} within ${timeoutMs} ms`);
}

/** Stops an execution as the owner in the editor would (REST, not the public API). */
async function stopExecution(id) {
	const response = await fetch(`${n8n.baseUrl}/rest/executions/${id}/stop`, {
		method: 'POST',
		headers: { cookie: n8n.cookie, 'Content-Type': 'application/json' },
		body: '{}',
	});
	if (!response.ok) throw new Error(`stop ${id}: ${response.status} ${await response.text()}`);
}

/** Polls until the execution has a final status; returns it with the time that took. */
async function finalStatus(id, timeoutMs = 10000) {
	const started = Date.now();
	while (Date.now() - started < timeoutMs) {
		const execution = await n8n.api('GET', `/executions/${id}`);
		if (finished(execution)) return { status: execution.status, ms: Date.now() - started };
		await sleep(50);
	}
	return { status: 'still running', ms: Date.now() - started };
}

/**
 * Starts a long run, stops it once `started()` holds, and asserts: no request reaches the sandbox
 * after the stop, and the execution ends as canceled within 2 s.
 */
async function assertCleanStop(workflowId, webhookPath, body, sent, started) {
	await post(webhookPath, body);
	const id = await runningExecution(workflowId);
	const deadline = Date.now() + 20000;
	while (!started() && Date.now() < deadline) await sleep(50);
	assert.ok(started(), 'the run got going before the stop');
	await stopExecution(id);
	const atStop = sent();
	const { status, ms } = await finalStatus(id);
	await sleep(3000);
	const later = sent();
	console.log(
		`[e2e] stop ${workflowId}: ${atStop} requests at the stop, ${later} 3 s later; ${status} after ${ms} ms`,
	);
	assert.equal(later, atStop, 'no request after the stop');
	assert.equal(status, 'canceled');
	assert.ok(ms <= 2000, `canceled within 2 s (took ${ms} ms)`);
}

before(
	async () => {
		const host = ensureHost(VERSION);
		const tarball = process.env.N8N_E2E_TARBALL || packPackage();
		sandbox = createSandbox({ orgId: 'e2e-org', token: 'e2e-token' });
		await sandbox.listen();
		n8n = new LocalN8n(host, {
			userFolder: path.join(ROOT, '.n8n-local', `e2e-${VERSION}`),
			port: PORT,
			fresh: true,
			// Debug level, so that the suite can show that no secret reaches n8n's log.
			logLevel: 'debug',
		});
		n8n.installPackage(tarball);
		// N8N_E2E_WORKFLOWS (a regular expression of workflow ids) imports only those, for a
		// targeted run of a few tests with --test-name-pattern: publishing every workflow takes minutes.
		const only = new RegExp(process.env.N8N_E2E_WORKFLOWS || '.');
		const workflows = [...exampleWorkflows(), ...testWorkflows()].filter((w) => only.test(w.id));
		n8n.importCredentials(sandboxCredentials(sandbox));
		n8n.importWorkflows(workflows);
		// Workflows without a webhook (run by hand in the editor) are not published.
		n8n.publish(workflows.filter((w) => webhookPaths([w]).length > 0).map((w) => w.id));
		await n8n.start();
		await n8n.setupOwner();
		for (const webhookPath of webhookPaths(workflows)) await n8n.waitForWebhook(webhookPath);
	},
	{ timeout: 15 * 60 * 1000 },
);

after(async () => {
	await n8n?.stop();
	await sandbox?.close();
});

describe(`n8n ${VERSION}`, () => {
	test('lists every node and credential type of the package', async () => {
		const nodes = await n8n.asOwner('/types/nodes.json');
		const names = new Set(nodes.map((n) => n.name));
		for (const name of [
			'truecaller',
			'truecallerTrigger',
			'truecallerAudienceTrigger',
			'truePulse',
			'truePulseTrigger',
		]) {
			assert.ok(names.has(`n8n-nodes-truecaller.${name}`), `node type ${name} listed`);
		}
		const credentials = await n8n.asOwner('/types/credentials.json');
		const credentialNames = new Set(credentials.map((c) => c.name));
		for (const name of [
			'truecallerApi',
			'truePulseApi',
			'truecallerWebhookKeyApi',
			'truecallerWebhookHeaderApi',
			'truecallerWebhookBasicAuthApi',
			'segmentWebhookApi',
			'webEngageWebhookApi',
		])
			assert.ok(credentialNames.has(name), `credential type ${name} listed`);
		for (const name of ['truecallerTrigger', 'truePulseTrigger']) {
			const versions = nodes
				.filter((n) => n.name === `n8n-nodes-truecaller.${name}`)
				.flatMap((n) => n.version);
			assert.deepEqual([...new Set(versions)].sort(), [1, 2], `${name} versions`);
		}
		const action = nodes.find((n) => n.name === 'n8n-nodes-truecaller.truecaller');
		assert.equal(action.usableAsTool, true);
	});

	test('the installed package requires only n8n-workflow, crypto and zod/v4, and n8n resolves them', () => {
		const installed = path.join(n8n.nodesFolder, 'node_modules', 'n8n-nodes-truecaller');
		const required = new Set();
		const files = fs.readdirSync(installed, { recursive: true }).filter((f) => f.endsWith('.js'));
		for (const file of files) {
			const text = fs.readFileSync(path.join(installed, file), 'utf8');
			for (const [, name] of text.matchAll(/require\((?:"|')([^"']+)(?:"|')\)/g))
				if (!name.startsWith('.')) required.add(name);
		}
		assert.deepEqual([...required].sort(), ['crypto', 'n8n-workflow', 'zod/v4']);
		// Nothing of its own to resolve them from: they must come from the n8n that loads it (the node
		// types listed above prove the load itself).
		assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false);
		assert.deepEqual(
			JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).dependencies,
			undefined,
		);
	});

	test('Send Verified Campaign: every display unit reaches Truecaller with exactly the expected JSON and headers', async () => {
		const response = await post('e2e-campaign-units', { receivers: '+91 98410 12345' });
		assert.equal(response.status, 200);
		const [execution] = await executionsOf('e2eCampaignUnits', 1);
		assert.equal(execution.status, 'success');
		for (const { unit, parameters, content } of UNIT_CASES) {
			const requests = campaignRequests().filter(
				(r) => r.body.profile.campaign_id === `e2e-${unit}`,
			);
			assert.equal(requests.length, 1, `one request for ${unit}`);
			assert.deepEqual(requests[0].body, expectedUnitBody({ unit, parameters, content }));
			assert.equal(requests[0].headers['x-org-id'], 'e2e-org');
			assert.equal(requests[0].headers['x-org-token'], 'e2e-token');
			assert.equal(requests[0].status, 202);
			assert.deepEqual(output(execution, `Send ${unit}`)[0], {
				receiver: '919841012345',
				campaignId: `e2e-${unit}`,
				displayUnit: unit,
				templateStyle: parameters.templateStyle,
				status: 'delivered',
				statusCode: 202,
				response: { status: 'accepted', message: 'Campaign accepted for processing' },
				attempts: 1,
			});
		}
	});

	test('Send in Bulk: 1,234 receivers (and 100 repeats) -> 3 calls of 500/500/234, each receiver once', async () => {
		sandbox.reset();
		const receivers = [...numbers(1234), ...numbers(100, 17)];
		assert.equal((await post('e2e-bulk', { receivers })).status, 200);
		const [execution] = await executionsOf('e2eBulkSend00001', 1);
		assert.equal(execution.status, 'success');
		assert.deepEqual(sandbox.bulkBatchSizes, [500, 500, 234]);
		assert.equal(sandbox.counters.bulkReceivers, 1234);
		assert.equal(sandbox.counters.bulkDuplicateReceivers, 0);
		assert.equal(sandbox.counters.tokens, 1);
		assert.deepEqual(bulkCalls()[0].body.campaigns[0], {
			campaign_id: 'console-campaign-e2e',
			receiver_number: '919000000000',
			contents: [
				{ display_unit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: '7' },
				{ display_unit: 'mid', deeplink: 'myapp://offers', ttl: '30' },
			],
		});
		const items = output(execution, 'Send in Bulk');
		assert.equal(items.length, 1234);
		assert.deepEqual(
			[items[0].status, items[0].batch, items[1233].batch, items[1233].receiver],
			['delivered', 1, 3, '919000001233'],
		);
		assert.ok(!JSON.stringify(execution).includes(sandbox.bulkApiKey), 'secret in no output');
	});

	test('Send in Bulk: a token that expires mid-run is renewed; no batch lost or repeated', async () => {
		sandbox.reset({ expireTokensAfterCalls: 1 });
		await post('e2e-bulk', { receivers: numbers(1234), concurrency: 1 });
		const [execution] = (await executionsOf('e2eBulkSend00001', 2)).slice(-1);
		assert.equal(execution.status, 'success');
		assert.equal(sandbox.counters.tokens, 2);
		assert.equal(sandbox.counters.bulkRejected401, 1);
		assert.deepEqual(sandbox.bulkBatchSizes, [500, 500, 234]);
		assert.equal(sandbox.counters.bulkReceivers, 1234);
		assert.equal(sandbox.counters.bulkDuplicateReceivers, 0);
	});

	test('Send in Bulk: a batch answered 500 twice, then 2xx, is delivered once', async () => {
		sandbox.reset();
		const failing = { status: 500, match: '919000000500', retryAfter: 0 };
		sandbox.script(BULK_PATH, [failing, failing]);
		await post('e2e-bulk', { receivers: numbers(1234) });
		const [execution] = (await executionsOf('e2eBulkSend00001', 3)).slice(-1);
		assert.equal(execution.status, 'success');
		assert.equal(sandbox.counters.bulkAcceptedCalls, 3);
		assert.equal(sandbox.counters.bulkReceivers, 1234);
		assert.equal(sandbox.counters.bulkDuplicateReceivers, 0);
		const second = output(execution, 'Send in Bulk')[500];
		assert.equal(second.batch, 2);
		assert.equal(second.attempts, 3);
	});

	test('a clean stop: a running Send sends nothing more and ends as canceled within 2 s', async () => {
		sandbox.reset();
		const sent = () => campaignRequests().length;
		await assertCleanStop(
			'e2eSendStopped01',
			'e2e-send-stop',
			{ receivers: numbers(2000) },
			sent,
			() => sent() >= 40,
		);
	});

	test('a clean stop: a running Send in Bulk sends nothing more and ends as canceled within 2 s', async () => {
		sandbox.reset();
		const sent = () => bulkCalls().length;
		const executionsBefore = (await n8n.executions('e2eBulkSend00001', false)).length;
		await assertCleanStop(
			'e2eBulkSend00001',
			'e2e-bulk',
			{ receivers: numbers(20000), concurrency: 1, requestsPerSecond: 2 },
			sent,
			() => sent() >= 4,
		);
		assert.equal((await n8n.executions('e2eBulkSend00001', false)).length, executionsBefore + 1);
	});

	test('Build Payload returns the body, needs no credential and sends nothing', async () => {
		const before = campaignRequests().length;
		await post('e2e-build-payload', { receivers: '9841012345, 9841012346' });
		const [execution] = await executionsOf('e2eBuildPayload1', 1);
		const items = output(execution, 'Build');
		assert.equal(items.length, 2);
		assert.equal(items[1].body.profile.receiver_number, '919841012346');
		assert.deepEqual(Object.keys(items[1]).sort(), ['body', 'valid']);
		await sleep(300);
		assert.equal(campaignRequests().length, before);
	});

	test('Build Payload stores the preview as an n8n file: both receivers share one binary id', async () => {
		const done = (await executionsOf('e2eBuildPayload1', 0)).length;
		await post('e2e-build-payload', { receivers: '9841012345, 9841012346' });
		const execution = (await executionsOf('e2eBuildPayload1', done + 1)).at(-1);
		const items = execution.data.resultData.runData.Build[0].data.main[0];
		assert.equal(items.length, 2);
		const previews = items.map((item) => item.binary.preview);
		for (const preview of previews) {
			assert.equal(preview.mimeType, 'image/svg+xml');
			assert.equal(preview.fileName, 'campaign-preview-cid-template-1.svg');
			// n8n's default binary data mode of one process on both hosts: a file on disk
			assert.match(
				preview.id,
				/^filesystem-v2:workflows\/e2eBuildPayload1\/executions\/\d+\/binary_data\//,
			);
		}
		assert.equal(previews[1].id, previews[0].id);
	});

	const assertPreviewSvg = (svg) => {
		for (const mark of PREVIEW_MARKS) assert.match(svg, mark);
	};

	test('the Webhook node answers with the preview (First Entry Binary): the SVG as image/svg+xml', async () => {
		const answer = await post(
			'e2e-preview-answer',
			{ receivers: '9841012345' },
			{ withContentType: true },
		);
		assert.equal(answer.status, 200);
		assert.match(answer.contentType, /^image\/svg\+xml/);
		assertPreviewSvg(answer.body);
	});

	test('Respond to Webhook (Binary File) answers with the preview of a Send; its 3 receivers share one file', async () => {
		const done = (await executionsOf('e2ePreviewRespond', 0)).length;
		const answer = await post(
			'e2e-preview-respond',
			{ receivers: '9841012345, 9841012346, 9841012347' },
			{ withContentType: true },
		);
		assert.equal(answer.status, 200);
		assert.match(answer.contentType, /^image\/svg\+xml/);
		assertPreviewSvg(answer.body);
		const execution = (await executionsOf('e2ePreviewRespond', done + 1)).at(-1);
		const items = execution.data.resultData.runData.Build[0].data.main[0];
		assert.deepEqual(
			items.map((item) => item.json.status),
			['delivered', 'delivered', 'delivered'],
		);
		assert.equal(new Set(items.map((item) => item.binary.preview.id)).size, 1);
	});

	test('Extract From File (to text) downstream reads the preview: <svg and the title', async () => {
		const answer = await post('e2e-preview-extract', { receivers: '9841012345' });
		assert.equal(answer.status, 200);
		assert.ok(answer.body.svg.includes('<svg'));
		assert.ok(answer.body.svg.includes('Sorry we missed you'));
		assertPreviewSvg(answer.body.svg);
	});

	test('the editor lists the preview in the Build node output panel (headless Chromium)', async () => {
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
			const [name] = n8n.cookie.split('=');
			await context.addCookies([
				{ name, value: n8n.cookie.slice(name.length + 1), domain: 'localhost', path: '/' },
			]);
			const page = await context.newPage();
			await page.goto(`${n8n.baseUrl}/workflow/e2ePreviewEditor`, { timeout: 120000 });
			const execute = page.locator('[data-test-id="execute-workflow-button"]');
			await execute.waitFor({ timeout: 120000 });
			await execute.click();
			const node = page.locator('[data-test-id="canvas-node"][data-node-name="Build"]');
			const [execution] = await executionsOf('e2ePreviewEditor', 1, 60000);
			assert.equal(execution?.status, 'success');
			await node.dblclick();
			await page
				.locator('[data-test-id="ndv-run-data-display-mode"]')
				.last()
				.getByText('Binary')
				.click({ timeout: 30000 });
			const row = page.locator('[data-test-id="ndv-binary-data_0"]');
			await row.waitFor({ timeout: 30000 });
			const text = await row.innerText();
			fs.mkdirSync(ARTIFACTS, { recursive: true });
			await page.screenshot({ path: path.join(ARTIFACTS, `n8n-${VERSION}-preview-panel.png`) });
			assert.match(text, /preview/);
			assert.match(text, /campaign-preview-acs-missed-rejected-template-3\.svg/);
			assert.match(text, /image\/svg\+xml/);
			assert.equal(await page.locator('[data-test-id="ndv-download-binary-data"]').count(), 1);
			// n8n displays only its allow-list of types inline; SVG is not on it (docs/preview.md)
			assert.equal(await page.locator('[data-test-id="ndv-view-binary-data"]').count(), 0);
		} finally {
			await browser.close();
		}
	});

	test('an invalid campaign fails the execution with the field named; nothing is sent', async () => {
		const before = campaignRequests().length;
		await post('e2e-invalid', { receivers: '9841012345', title: 'x'.repeat(41) });
		const [execution] = await executionsOf('e2eInvalidStops1', 1);
		assert.equal(execution.status, 'error');
		assert.match(
			execution.data.resultData.error.message,
			/Title \(`title`\) must be at most 40 characters, has 41/,
		);
		assert.equal(campaignRequests().length, before);
	});

	test('with continue on fail, an invalid campaign becomes an error item', async () => {
		await post('e2e-invalid-continue', { receivers: '9841012345', title: 'x'.repeat(41) });
		const [execution] = await executionsOf('e2eInvalidGoesOn', 1);
		assert.equal(execution.status, 'success');
		const [item] = output(execution, 'Send');
		assert.match(item.error, /^Item 0: Title \(`title`\) must be at most 40 characters/);
		assert.deepEqual(item.errors[0], {
			field: 'title',
			rule: 'maxLength',
			message: item.error.replace('Item 0: ', ''),
		});
	});

	test('Truecaller Trigger: the seed Call Me Back starts one execution; repeats, wrong keys and bad bodies start none', async () => {
		const sample = SAMPLES.tcExampleCmb0001;
		const first = await post(sample.path, sample.body, { query: sample.query });
		assert.deepEqual(first, {
			status: 200,
			body: { status: 'received', event_id: cmbSeed.event_id },
		});
		const [execution] = await executionsOf('tcExampleCmb0001', 1);
		const [event] = output(execution, 'Truecaller Trigger');
		assert.deepEqual(event, { ...normalisedSeed, raw: cmbSeed });
		assert.deepEqual(output(execution, 'Callback task')[0], {
			task: 'Call back 911234567890',
			phone: '+911234567890',
			dueFrom: '2025-08-02T06:30:00.000Z',
			dueTo: '2025-08-02T07:00:00.000Z',
			priority: 'high',
			source: `Truecaller Call Me Back (CMBName, event ${cmbSeed.event_id})`,
		});

		assert.deepEqual(await post(sample.path, sample.body, { query: sample.query }), {
			status: 200,
			body: { status: 'duplicate', event_id: cmbSeed.event_id, message: 'already received' },
		});
		assert.equal(
			(await post(sample.path, { ...cmbSeed, event_id: 'other-1' }, { query: '?key=wrong' }))
				.status,
			401,
		);
		assert.equal((await post(sample.path, { ...cmbSeed, event_id: 'other-2' })).status, 401);
		const truncated = await post(sample.path, '{"event_id": "other-3", "event_type": "cm', {
			query: sample.query,
		});
		assert.ok(
			truncated.status === 400 || truncated.status === 422,
			`malformed JSON refused (n8n parses first: ${truncated.status})`,
		);
		const list = await post(sample.path, [cmbSeed], { query: sample.query });
		assert.equal(list.status, 400);
		assert.match(list.body.message, /must be a JSON object/);
		const noId = await post(
			sample.path,
			{ ...cmbSeed, event_id: undefined },
			{ query: sample.query },
		);
		assert.equal(noId.status, 400);
		assert.equal(
			(
				await post(sample.path, JSON.stringify(cmbSeed), {
					query: sample.query,
					contentType: 'text/plain',
				})
			).status,
			415,
		);
		await assertExecutionCount('tcExampleCmb0001', 1);
	});

	test('Truecaller Trigger: five copies of one event at the same moment start one execution', async () => {
		const sample = SAMPLES.tcExampleCmb0001;
		const copy = { ...cmbSeed, event_id: 'concurrent-copy-1' };
		const answers = await Promise.all(
			Array.from({ length: 5 }, () => post(sample.path, copy, { query: sample.query })),
		);
		assert.ok(answers.every((a) => a.status === 200));
		assert.equal(answers.filter((a) => a.body.status === 'received').length, 1);
		await executionsOf('tcExampleCmb0001', 2);
		await assertExecutionCount('tcExampleCmb0001', 2);
	});

	test('True Pulse Trigger: SUCCESS and one execution; ERROR and none; a duplicate is SUCCESS and none', async () => {
		const sample = SAMPLES.tcExampleTpLog01;
		assert.deepEqual(await post(sample.path, sample.body), {
			status: 200,
			body: { status: 'SUCCESS', message: 'Data added successfully.' },
		});
		const [execution] = await executionsOf('tcExampleTpLog01', 1);
		assert.deepEqual(output(execution, 'Call log row')[0], {
			call: '9884420011',
			from: '+919841012345',
			to: '+912269112345',
			status: 'Answered',
			minutes: 11,
			startedAt: '2025-10-23T04:26:31.050Z',
			recording: 'https://domainname.com/ASG/Recordings/abc-1234.wav',
		});
		const invalid = await post(sample.path, {
			...callEndSeed,
			tpCallID: 'tp-bad',
			tpCallStatus: 'answered',
			tpDateOfCall: '2025-10-23',
		});
		assert.equal(invalid.status, 400);
		assert.equal(invalid.body.status, 'ERROR');
		assert.match(
			invalid.body.message,
			/Date of Call \(`tpDateOfCall`\) must be a date as DD-MM-YYYY.*Call Status \(`tpCallStatus`\) must be one of/,
		);
		const duplicate = await post(sample.path, sample.body);
		assert.equal(duplicate.status, 200);
		assert.equal(duplicate.body.status, 'SUCCESS');
		await assertExecutionCount('tcExampleTpLog01', 1);
	});

	test('True Pulse Trigger, acknowledge after success: a failed run answers ERROR and is not remembered', async () => {
		const failing = { ...callEndSeed, tpCallID: 'ack-fail-1', tpDTMF: '9' };
		const first = await post('e2e-truepulse-ack', failing);
		assert.equal(first.status, 500);
		assert.deepEqual(first.body, {
			status: 'ERROR',
			message: 'The workflow failed on call ack-fail-1; please retry.',
		});
		const retried = await post('e2e-truepulse-ack', failing);
		assert.equal(retried.body.status, 'ERROR');
		const runs = await executionsOf('e2eTruePulseAck1', 2);
		assert.deepEqual(
			runs.map((r) => r.status),
			['error', 'error'],
		);

		const passing = { ...callEndSeed, tpCallID: 'ack-ok-1', tpDTMF: '1' };
		assert.deepEqual(await post('e2e-truepulse-ack', passing), {
			status: 200,
			body: { status: 'SUCCESS', message: 'Data added successfully.' },
		});
		const again = await post('e2e-truepulse-ack', passing);
		assert.equal(again.status, 200);
		assert.match(again.body.message, /Already received call ack-ok-1/);
		await assertExecutionCount('e2eTruePulseAck1', 3);
	});

	test('True Pulse action: ERROR twice, then SUCCESS: exactly three deliveries', async () => {
		const sample = SAMPLES.tcExampleTpRly01;
		const errorAnswer = {
			status: 200,
			body: { status: 'ERROR', message: 'Temporary failure' },
			retryAfter: 0,
		};
		sandbox.script(TRUE_PULSE_PATH, [errorAnswer, errorAnswer]);
		await post(sample.path, sample.body);
		const [execution] = await executionsOf('tcExampleTpRly01', 1);
		assert.equal(execution.status, 'success');
		const deliveries = truePulseRequests().filter((r) => r.body.tpCallID === sample.body.tpCallID);
		assert.equal(deliveries.length, 3);
		assert.deepEqual(deliveries[2].body, sample.body);
		const [result] = output(execution, 'Deliver to True Pulse');
		assert.equal(result.status, 'delivered');
		assert.equal(result.attempts, 3);
		assert.equal(result.failedAttempts.length, 2);
	});

	test('CleverTap example: a broadcast body with mixed key case -> one personalised campaign per profile with a phone', async () => {
		const sample = SAMPLES.tcExampleCtap001;
		const sentFor = (id) => campaignRequests().filter((r) => r.body.profile.campaign_id === id);
		assert.equal((await post(sample.path, sample.body)).status, 200);
		const [execution] = await executionsOf('tcExampleCtap001', 1);
		assert.equal(execution.status, 'success');
		assert.deepEqual(
			sentFor('clevertap-1472124953')
				.map((r) => [r.body.profile.receiver_number, r.body.content.title])
				.sort(),
			[
				['917872483227', 'Hi Asha, MT50 is yours'],
				['919841012345', 'Hi Ravi Kumar, MT50 is yours'],
			],
		);
		assert.equal(output(execution, 'CleverTap profiles').length, 2);

		const single = {
			targetId: 77,
			key_values: { PromoCode: 'SOLO10' },
			profiles: { identity: 'Meera', phone: '+91 98765 43210' },
		};
		await post(sample.path, single);
		await executionsOf('tcExampleCtap001', 2);
		assert.deepEqual(
			sentFor('clevertap-77').map((r) => [r.body.profile.receiver_number, r.body.content.title]),
			[['919876543210', 'Hi Meera, SOLO10 is yours']],
		);

		const before = campaignRequests().length;
		assert.equal(
			(
				await post(sample.path, {
					is_test: true,
					targetId: 1,
					profiles: [{ phone: '+917872483227' }],
				})
			).status,
			200,
		);
		await executionsOf('tcExampleCtap001', 3);
		await sleep(300);
		assert.equal(campaignRequests().length, before);
	});

	test('Talon.One example: the coupon code lands in the campaign title', async () => {
		const sample = SAMPLES.tcExampleTalon01;
		await post(sample.path, sample.body);
		const [execution] = await executionsOf('tcExampleTalon01', 1);
		assert.equal(execution.status, 'success');
		const [request] = campaignRequests().filter(
			(r) => r.body.profile.campaign_id === 'talonone-4711',
		);
		assert.equal(request.body.profile.receiver_number, '919841012345');
		assert.equal(request.body.content.title, 'Your coupon NEWYEAR-7Q2X');
		assert.equal(request.body.content.deeplink, 'https://example.com/redeem?code=NEWYEAR-7Q2X');
	});

	/** Segment's X-Signature over the bytes post() sends, with the example credential's secret. */
	const segmentPost = (body, secret = WEBHOOK_SECRETS.segment) =>
		post(SAMPLES.tcExampleSegmt01.path, body, {
			headers: {
				'X-Signature': createHmac('sha1', secret).update(JSON.stringify(body)).digest('hex'),
			},
		});
	const campaignsOf = (campaignId) =>
		campaignRequests()
			.filter((r) => r.body.profile.campaign_id === campaignId)
			.map((r) => [r.body.profile.receiver_number, r.body.content.title, r.body.content.sub_title])
			.sort();

	test('Segment example: a signed call, a signed batch, calls without a phone; bad signatures and repeated messageIds start nothing', async () => {
		const workflowId = 'tcExampleSegmt01';
		const sample = SAMPLES.tcExampleSegmt01;
		const single = { ...segmentCalls.identify, messageId: `e2e-single-${VERSION}` };
		assert.deepEqual(await segmentPost(single), {
			status: 200,
			body: { status: 'received', received: 1, duplicates: 0 },
		});
		const [first] = await executionsOf(workflowId, 1);
		assert.equal(first.status, 'success');
		assert.deepEqual(output(first, 'Segment calls'), [
			{
				platform: 'segment',
				messageId: single.messageId,
				type: 'identify',
				receivedAt: output(first, 'Segment calls')[0].receivedAt,
				body: single,
			},
		]);

		// The batch of the ready curl line: its headers as npm start prints them.
		const batch = await post(sample.path, sample.body, { headers: sample.headers });
		assert.deepEqual(batch, {
			status: 200,
			body: { status: 'received', received: 3, duplicates: 0 },
		});
		const [, second] = await executionsOf(workflowId, 2);
		assert.equal(second.status, 'success');
		assert.equal(output(second, 'Segment calls').length, 3);
		assert.deepEqual(
			output(second, 'Segment audience').map((m) => [m.messageId, m.receiver]),
			[
				['seg-identify-0001', '919841012345'],
				['seg-track-0001', '919841012346'],
			],
		);

		const withoutPhone = [
			{ ...segmentCalls.withoutPhone, messageId: `e2e-nophone-1-${VERSION}` },
			{ ...segmentCalls.alias, messageId: `e2e-alias-1-${VERSION}` },
		];
		assert.equal((await segmentPost(withoutPhone)).status, 200);
		const [, , third] = await executionsOf(workflowId, 3);
		assert.equal(third.status, 'success');
		assert.deepEqual(output(third, 'Segment audience'), []);

		const other = { ...segmentCalls.identify, messageId: `e2e-forged-${VERSION}` };
		const forged = await segmentPost(other, 'not-the-shared-secret');
		assert.deepEqual(forged, {
			status: 401,
			body: {
				status: 'error',
				message: 'Wrong X-Signature: the body is not signed with this Shared Secret',
			},
		});
		assert.equal((await post(sample.path, other)).status, 401);
		// Signed, then altered on the way: the signature no longer matches the bytes.
		const tampered = await post(
			sample.path,
			{ ...other, userId: 'mallory' },
			{
				headers: sample.headers,
			},
		);
		assert.equal(tampered.status, 401);

		assert.deepEqual(await post(sample.path, sample.body, { headers: sample.headers }), {
			status: 200,
			body: { status: 'duplicate', duplicates: 3, message: 'already received' },
		});
		assert.deepEqual((await segmentPost(single)).body.status, 'duplicate');
		await assertExecutionCount(workflowId, 3);
		assert.deepEqual(campaignsOf('segment-cart-recovery'), [
			['919841012345', 'Hi Asha, 20% off today', 'Use code WELCOME20 at checkout'],
			['919841012345', 'Hi Asha, 20% off today', 'Use code WELCOME20 at checkout'],
			['919841012346', 'Hi Ravi Kumar, 20% off today', 'Use code CART20 at checkout'],
		]);
	});

	test('WebEngage example: the recommended body as it is, 20 journey requests, a user without a phone; wrong secrets and repeated request ids start nothing', async () => {
		const workflowId = 'tcExampleWbEng01';
		const sample = SAMPLES.tcExampleWbEng01;
		const send = (body, requestId, query = sample.query) =>
			post(sample.path, body, { query, headers: requestId ? { 'x-request-id': requestId } : {} });
		assert.deepEqual(
			await post(sample.path, sample.body, { query: sample.query, headers: sample.headers }),
			{
				status: 200,
				body: { status: 'received', received: 1, duplicates: 0 },
			},
		);
		const [first] = await executionsOf(workflowId, 1);
		assert.equal(first.status, 'success');
		const [member] = output(first, 'WebEngage audience');
		assert.equal(member.requestId, sample.headers['x-request-id']);
		const [sent] = campaignRequests().filter(
			(r) => r.body.profile.campaign_id === 'webengage-winback',
		);
		assert.deepEqual(sent.body, {
			profile: { ...webEngageJourney.profile, receiver_number: '919841012349' },
			content: webEngageJourney.content,
		});

		const journey = Array.from({ length: 20 }, (_, i) => ({
			...webEngageJourney,
			profile: { ...webEngageJourney.profile, receiver_number: `+91 97000 ${String(10000 + i)}` },
		}));
		const answers = await Promise.all(
			journey.map((body, i) => send(body, `e2e-journey-${VERSION}-${i}`)),
		);
		assert.ok(answers.every((a) => a.status === 200 && a.body.status === 'received'));
		await executionsOf(workflowId, 21, 60000);

		const unfilled = {
			...webEngageJourney,
			profile: { receiver_number: "{{user['system']['phone']}}" },
		};
		assert.equal((await send(unfilled, `e2e-unfilled-${VERSION}`)).status, 200);
		const executions = await executionsOf(workflowId, 22);
		const last = executions[executions.length - 1];
		assert.equal(last.status, 'success');
		assert.deepEqual(output(last, 'WebEngage audience'), []);

		const wrongKey = sample.query.replace(/secret=[0-9a-f]+/, `secret=${'0'.repeat(32)}`);
		assert.equal((await send(sample.body, `e2e-wrong-${VERSION}`, wrongKey)).status, 401);
		assert.equal((await send(sample.body, `e2e-none-${VERSION}`, '')).status, 401);
		const otherLicense = sample.query.replace('licenseCode=example-license', 'licenseCode=other');
		assert.equal((await send(sample.body, `e2e-license-${VERSION}`, otherLicense)).status, 401);

		assert.deepEqual(await send(sample.body, sample.headers['x-request-id']), {
			status: 200,
			body: { status: 'duplicate', duplicates: 1, message: 'already received' },
		});
		assert.equal((await send(journey[3], `e2e-journey-${VERSION}-3`)).body.status, 'duplicate');
		await assertExecutionCount(workflowId, 22);
		const receivers = campaignRequests()
			.filter((r) => r.body.profile.campaign_id === 'webengage-winback')
			.map((r) => r.body.profile.receiver_number);
		assert.equal(receivers.length, 21);
		assert.equal(new Set(receivers).size, 21);
	});

	/*
	 * Deduplication: each event starts exactly once, also after a restart and when a node of
	 * the same workflow saves its own memory. Every event any test sent to a deduplicating trigger
	 * is resent after the restart (not only the first one, the only id n8n 2.41 used to save).
	 */
	test('Truecaller Trigger: 200 distinct Call Me Back events x 3 copies start 200 executions', async () => {
		const events = dedupEvents.callMeBack;
		const answers = await sendAll(DEDUP_PATHS.callMeBack, copies(events, 3));
		assert.ok(
			answers.every((a) => a.status === 200),
			'every copy answered 200',
		);
		assert.equal(answers.filter((a) => a.body.status === 'received').length, events.length);
		assert.equal(await settledCount('e2eDedupCmb0001', events.length), events.length);
	});

	test('Truecaller Trigger with 100,000 ids remembered: 200 new events x 2 copies start 200 executions; 100 remembered ids start none', async () => {
		const events = dedupEvents.longHistory;
		const answers = await sendAll(DEDUP_PATHS.callMeBackLongHistory, [
			...copies(events, 2),
			...dedupEvents.longHistoryRemembered,
		]);
		assert.ok(
			answers.every((a) => a.status === 200),
			'every request answered 200',
		);
		assert.equal(answers.filter((a) => a.body.status === 'received').length, events.length);
		assert.equal(await settledCount('e2eDedupCmb100k', events.length), events.length);
	});

	test('True Pulse Trigger: 200 distinct call-end events x 3 copies start 200 executions', async () => {
		const events = dedupEvents.callEnd;
		const answers = await sendAll(DEDUP_PATHS.callEnd, copies(events, 3));
		assert.ok(answers.every((a) => a.status === 200 && a.body.status === 'SUCCESS'));
		assert.equal(await settledCount('e2eDedupTpEnd01', events.length), events.length);
	});

	test('True Pulse trigger and action in one workflow: 50 calls, each delivered once', async () => {
		const events = dedupEvents.callEndRelay;
		const answers = await sendAll(DEDUP_PATHS.callEndRelay, copies(events, 2));
		assert.ok(answers.every((a) => a.status === 200 && a.body.status === 'SUCCESS'));
		assert.equal(await settledCount('e2eDedupTpRelay', events.length), events.length);
		const ids = new Set(events.map((e) => e.tpCallID));
		const delivered = truePulseRequests().filter((r) => ids.has(r.body.tpCallID));
		assert.equal(delivered.length, events.length);
	});

	test(
		"Remove Duplicates alone (trigger's deduplication off): a repeat after the first run ended is stopped",
		{
			todo: "n8n's node, measured in one process, 20 requests at a time: 76 to 94 of 100 went past on 2.41.1, 90 to 92 on 2.8.4 (concurrent runs overwrite each other's record)",
		},
		async (t) => {
			const events = dedupEvents.callMeBack.slice(0, 50);
			await sendAll(DEDUP_PATHS.removeDuplicatesOnly, events);
			assert.equal(await settledCount('e2eDedupRemDup01', events.length), events.length);
			await sendAll(DEDUP_PATHS.removeDuplicatesOnly, events);
			const figures = await removeDuplicatesFigures(events.length * 2);
			t.diagnostic(
				`Remove Duplicates alone, repeats after the first run: ${JSON.stringify(figures)}`,
			);
			assert.deepEqual(figures, { started: 100, passed: 50, distinct: 50 });
		},
	);

	test(
		"Remove Duplicates alone (trigger's deduplication off): 50 events x 3 copies at the same moment",
		{
			todo: "n8n's node, measured in one process: 140 to 148 of 150 copies went past on 2.41.1, 143 to 144 on 2.8.4 (it reads, then writes: not atomic)",
		},
		async (t) => {
			const events = dedupEvents.callMeBack.slice(50, 100);
			const earlier = await removeDuplicatesFigures(0);
			await sendAll(DEDUP_PATHS.removeDuplicatesOnly, copies(events, 3));
			const figures = await removeDuplicatesFigures(earlier.started + events.length * 3);
			const added = {
				started: figures.started - earlier.started,
				passed: figures.passed - earlier.passed,
			};
			t.diagnostic(`Remove Duplicates alone, copies at the same moment: ${JSON.stringify(added)}`);
			assert.deepEqual(added, { started: 150, passed: 50 });
		},
	);

	test('a version 1 Truecaller Trigger (key as a node parameter) still runs and answers as before', async () => {
		const query = `?key=${VERSION_1_KEY}`;
		const event = { ...cmbSeed, event_id: 'v1-event-1' };
		assert.deepEqual(await post('e2e-truecaller-v1', event, { query }), {
			status: 200,
			body: { status: 'received', event_id: 'v1-event-1' },
		});
		const [execution] = await executionsOf('e2eTcVersion1v01', 1);
		assert.deepEqual(output(execution, 'Truecaller Trigger')[0], {
			...normalisedSeed,
			eventId: 'v1-event-1',
			raw: event,
		});
		assert.deepEqual(await post('e2e-truecaller-v1', event, { query }), {
			status: 200,
			body: { status: 'duplicate', event_id: 'v1-event-1', message: 'already received' },
		});
		const wrong = await post('e2e-truecaller-v1', event, { query: '?key=wrong' });
		assert.deepEqual(wrong, {
			status: 401,
			body: { status: 'error', message: 'Wrong secret key' },
		});
		const missing = await post('e2e-truecaller-v1', event);
		assert.equal(missing.status, 401);
		assert.match(missing.body.message, /Missing secret key/);
		await assertExecutionCount('e2eTcVersion1v01', 1);
	});

	test('version 2, header and basic credentials: the right secret starts one run, a wrong one is 401', async () => {
		const header = (value) => ({ headers: { [WEBHOOK_SECRETS.headerName]: value } });
		const event = { ...cmbSeed, event_id: 'v2-header-1' };
		assert.equal(
			(await post('e2e-truecaller-header', event, header(WEBHOOK_SECRETS.header))).body.status,
			'received',
		);
		const wrongHeader = await post('e2e-truecaller-header', event, header('nope'));
		assert.deepEqual(wrongHeader.body, {
			status: 'error',
			message: `Wrong value in header ${WEBHOOK_SECRETS.headerName}`,
		});
		assert.equal((await post('e2e-truecaller-header', event)).status, 401);

		const basic = (user, password) => ({
			headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
		});
		const call = { ...callEndSeed, tpCallID: 'v2-basic-1' };
		assert.deepEqual(
			await post(
				'e2e-truepulse-basic',
				call,
				basic(WEBHOOK_SECRETS.user, WEBHOOK_SECRETS.password),
			),
			{ status: 200, body: { status: 'SUCCESS', message: 'Data added successfully.' } },
		);
		const wrongBasic = await post('e2e-truepulse-basic', call, basic(WEBHOOK_SECRETS.user, 'x'));
		assert.deepEqual(wrongBasic, {
			status: 401,
			body: { status: 'ERROR', message: 'Wrong user or password' },
		});
		await assertExecutionCount('e2eTcHeaderV2001', 1);
		await assertExecutionCount('e2eTpBasicV20001', 1);
	});

	test('version 2 description fields resolve without the expression engine where the host can', () => {
		// The host's own n8n-workflow decides at run time; from 2.41 it exports the resolver check.
		const hostWorkflow = require(
			path.join(ensureHost(VERSION).dir, 'node_modules', 'n8n-workflow'),
		);
		if (typeof hostWorkflow.resolveWebhookDescriptionField !== 'function') {
			assert.ok(VERSION.startsWith('2.8'), `n8n ${VERSION} should offer native resolvers`);
			return;
		}
		const triggers = [
			['nodes/Truecaller/TruecallerTrigger.node.js', 'TruecallerTrigger'],
			['nodes/TruePulse/TruePulseTrigger.node.js', 'TruePulseTrigger'],
		];
		for (const [file, name] of triggers) {
			const description = new (packageModule(file)[name])().description.webhooks[0];
			assert.ok(hostWorkflow.webhookDescriptionIsNativelyResolvable(description), name);
			const node = { parameters: { path: 'p', options: { acknowledge: 'afterSuccess' } } };
			assert.deepEqual(hostWorkflow.resolveWebhookDescriptionField(node, description, 'path'), {
				resolved: true,
				value: 'p',
			});
		}
	});

	test('deduplication holds across an n8n restart: every event resent starts nothing', async (t) => {
		await n8n.stop();
		await n8n.start();
		for (const webhookPath of Object.values(DEDUP_PATHS)) await n8n.waitForWebhook(webhookPath);
		await n8n.waitForWebhook(SAMPLES.tcExampleCmb0001.path);
		await n8n.waitForWebhook(SAMPLES.tcExampleTpLog01.path);

		const cmb = SAMPLES.tcExampleCmb0001;
		const singles = {
			seed: (await postAsASender(cmb.path, cmb.body, { query: cmb.query })).body.status,
			concurrentCopy: (
				await postAsASender(
					cmb.path,
					{ ...cmbSeed, event_id: 'concurrent-copy-1' },
					{ query: cmb.query },
				)
			).body.status,
			truePulseSeed: (
				await postAsASender(SAMPLES.tcExampleTpLog01.path, SAMPLES.tcExampleTpLog01.body)
			).body.message,
		};
		const resent = {
			callMeBack: await sendAll(DEDUP_PATHS.callMeBack, dedupEvents.callMeBack),
			callEnd: await sendAll(DEDUP_PATHS.callEnd, dedupEvents.callEnd),
			callEndRelay: await sendAll(DEDUP_PATHS.callEndRelay, dedupEvents.callEndRelay),
			longHistory: await sendAll(DEDUP_PATHS.callMeBackLongHistory, [
				...dedupEvents.longHistory,
				...dedupEvents.longHistoryRemembered,
			]),
		};
		const before = {
			callMeBack: ['e2eDedupCmb0001', dedupEvents.callMeBack.length],
			callEnd: ['e2eDedupTpEnd01', dedupEvents.callEnd.length],
			callEndRelay: ['e2eDedupTpRelay', dedupEvents.callEndRelay.length],
			longHistory: ['e2eDedupCmb100k', dedupEvents.longHistory.length],
			seedAndCopy: ['tcExampleCmb0001', 2],
			truePulseSeed: ['tcExampleTpLog01', 1],
		};
		const started = {};
		for (const [name, [workflowId, count]] of Object.entries(before))
			started[name] = (await settledCount(workflowId, 0)) - count;
		const duplicatesAnswered = {
			callMeBack: resent.callMeBack.filter((a) => a.body.status === 'duplicate').length,
			callEnd: resent.callEnd.filter((a) => /Already received/.test(a.body.message)).length,
			callEndRelay: resent.callEndRelay.filter((a) => /Already received/.test(a.body.message))
				.length,
			longHistory: resent.longHistory.filter((a) => a.body.status === 'duplicate').length,
		};
		t.diagnostic(`after the restart: ${JSON.stringify({ singles, started, duplicatesAnswered })}`);
		assert.deepEqual(
			{ singles, started, duplicatesAnswered },
			{
				singles: {
					seed: 'duplicate',
					concurrentCopy: 'duplicate',
					truePulseSeed: `Already received call ${callEndSeed.tpCallID}; not processed again.`,
				},
				started: {
					callMeBack: 0,
					callEnd: 0,
					callEndRelay: 0,
					longHistory: 0,
					seedAndCopy: 0,
					truePulseSeed: 0,
				},
				duplicatesAnswered: {
					callMeBack: dedupEvents.callMeBack.length,
					callEnd: dedupEvents.callEnd.length,
					callEndRelay: dedupEvents.callEndRelay.length,
					longHistory: dedupEvents.longHistory.length + dedupEvents.longHistoryRemembered.length,
				},
			},
		);
	});

	test('version 2 secrets appear nowhere: workflows from the public API, execution data, the debug log, answers', async () => {
		const secrets = [
			WEBHOOK_SECRETS.key,
			WEBHOOK_SECRETS.header,
			WEBHOOK_SECRETS.password,
			WEBHOOK_SECRETS.segment,
			WEBHOOK_SECRETS.webEngage,
		];
		const absent = (where, text) => {
			for (const secret of secrets)
				assert.ok(!text.includes(secret), `a secret (${secret.slice(0, 4)}...) found in ${where}`);
		};
		const workflows = [];
		let cursor;
		do {
			const page = await n8n.api('GET', `/workflows?limit=250${cursor ? `&cursor=${cursor}` : ''}`);
			workflows.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor);
		assert.ok(
			workflows.some((w) => w.id === 'tcExampleCmb0001'),
			'the examples are exported',
		);
		const exported = JSON.stringify(workflows);
		absent('the workflows exported through the public API', exported);
		// What version 2 fixes: a version 1 trigger's key travels with the workflow.
		assert.ok(exported.includes(VERSION_1_KEY), 'the version 1 key is in its workflow JSON');

		for (const workflow of workflows) {
			for await (const page of n8n.executionPages(workflow.id, true, 10))
				absent(`the executions of ${workflow.id}`, JSON.stringify(page));
		}
		absent('the webhook answers', answers.join('\n'));
		const log = fs.readFileSync(path.join(n8n.options.userFolder, 'n8n.log'), 'utf8');
		assert.match(log, /Received webhook "POST"/, 'the log is at debug level');
		absent("n8n's log", log);
	});
});
