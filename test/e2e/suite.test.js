'use strict';
/**
 * End to end, in a real n8n: the packed tarball installed as a community package into a fresh user
 * folder, credentials and workflows imported through n8n's CLI, real HTTP to the production webhook
 * URLs, executions read back through n8n's public API, outbound calls captured by the sandbox.
 *
 * Run by scripts/e2e.js once per n8n host version (N8N_E2E_VERSION), with the tarball it packed
 * (N8N_E2E_TARBALL).
 */
const assert = require('node:assert/strict');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { createSandbox, CAMPAIGN_PATH, TRUE_PULSE_PATH } = require('../support/sandbox');
const { ensureHost } = require('../support/n8n/n8nHost');
const { LocalN8n, ROOT, packPackage, sleep } = require('../support/n8n/n8nServer');
const {
	UNIT_CASES,
	exampleWorkflows,
	sampleRequests,
	sandboxCredentials,
	testWorkflows,
} = require('../support/e2eFixtures');
const cmbSeed = require('../support/fixtures/truecaller-cmb.json');
const normalisedSeed = require('../support/fixtures/truecaller-cmb.normalised.json');
const callEndSeed = require('../support/fixtures/truepulse-call-end.json');

const VERSION = process.env.N8N_E2E_VERSION || '2.41.1';
const PORT = Number(process.env.N8N_E2E_PORT || 5690);
const SAMPLES = sampleRequests();
const QUIET_MS = 1500;

let sandbox;
let n8n;

async function post(webhookPath, body, { query = '', contentType = 'application/json' } = {}) {
	const response = await fetch(`${n8n.baseUrl}/webhook/${webhookPath}${query}`, {
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
	return { status: response.status, body: parsed };
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
const webhookPaths = (workflows) =>
	workflows.flatMap((w) =>
		w.nodes.filter((n) => typeof n.parameters.path === 'string').map((n) => n.parameters.path),
	);

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
		});
		n8n.installPackage(tarball);
		const workflows = [...exampleWorkflows(), ...testWorkflows()];
		n8n.importCredentials(sandboxCredentials(sandbox));
		n8n.importWorkflows(workflows);
		n8n.publish(workflows.map((w) => w.id));
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
		for (const name of ['truecaller', 'truecallerTrigger', 'truePulse', 'truePulseTrigger']) {
			assert.ok(names.has(`n8n-nodes-truecaller.${name}`), `node type ${name} listed`);
		}
		const credentials = await n8n.asOwner('/types/credentials.json');
		const credentialNames = new Set(credentials.map((c) => c.name));
		assert.ok(credentialNames.has('truecallerApi') && credentialNames.has('truePulseApi'));
		const action = nodes.find((n) => n.name === 'n8n-nodes-truecaller.truecaller');
		assert.equal(action.usableAsTool, true);
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
			assert.deepEqual(requests[0].body, {
				profile: {
					campaign_id: `e2e-${unit}`,
					campaign_name: 'E2E',
					campaign_type: 'lifecycle',
					receiver_number: '919841012345',
				},
				content: {
					display_unit: unit,
					template_style: parameters.templateStyle,
					ttl: '3',
					...content,
				},
			});
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

	test('Build Payload returns the request and sends nothing', async () => {
		const before = campaignRequests().length;
		await post('e2e-build-payload', { receivers: '9841012345, 9841012346' });
		const [execution] = await executionsOf('e2eBuildPayload1', 1);
		const items = output(execution, 'Build');
		assert.equal(items.length, 2);
		assert.equal(items[1].body.profile.receiver_number, '919841012346');
		assert.equal(items[1].headers['X-Org-Token'], '****oken');
		await sleep(300);
		assert.equal(campaignRequests().length, before);
	});

	test('an invalid campaign fails the execution with the field named; nothing is sent', async () => {
		const before = campaignRequests().length;
		await post('e2e-invalid', { receivers: '9841012345', title: 'x'.repeat(41) });
		const [execution] = await executionsOf('e2eInvalidStops1', 1);
		assert.equal(execution.status, 'error');
		assert.match(
			execution.data.resultData.error.message,
			/Field "title" must be at most 40 characters, has 41/,
		);
		assert.equal(campaignRequests().length, before);
	});

	test('with continue on fail, an invalid campaign becomes an error item', async () => {
		await post('e2e-invalid-continue', { receivers: '9841012345', title: 'x'.repeat(41) });
		const [execution] = await executionsOf('e2eInvalidGoesOn', 1);
		assert.equal(execution.status, 'success');
		const [item] = output(execution, 'Send');
		assert.match(item.error, /^Item 0: Field "title" must be at most 40 characters/);
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
			/Field "tpDateOfCall" must be a date as DD-MM-YYYY.*Field "tpCallStatus" must be one of/,
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

	test('deduplication holds across an n8n restart', async () => {
		await n8n.stop();
		await n8n.start();
		await n8n.waitForWebhook(SAMPLES.tcExampleCmb0001.path);
		const sample = SAMPLES.tcExampleCmb0001;
		const again = await post(sample.path, sample.body, { query: sample.query });
		assert.equal(again.body.status, 'duplicate');
		const tpAgain = await post(SAMPLES.tcExampleTpLog01.path, SAMPLES.tcExampleTpLog01.body);
		assert.match(tpAgain.body.message, /Already received/);
		await assertExecutionCount('tcExampleCmb0001', 2);
		await assertExecutionCount('tcExampleTpLog01', 1);
	});
});
