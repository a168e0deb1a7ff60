/**
 * n8n's conventions every sender keeps: a cancelled execution ends a delivery run at once (no new
 * attempt, no further waiting, no listener left behind on the execution's signal), and a delivery
 * that fails the node raises NodeApiError with the HTTP code and the service's answer.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { deliverAll } from '../../nodes/shared/delivery/engine';
import { cancellableSleep, deliveryPolicy } from '../../nodes/shared/delivery/options';
import { TRUECALLER_DELIVERY } from '../../nodes/Truecaller/transport';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { abortListenersOf } from '../support/abortSignals';
import { runNode } from '../support/executor';
import { SAMPLE_FIELD_VALUES } from '../support/samples';
import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import callEndSeed from '../support/seeds/truepulse-call-end.json';
import { createSandbox, CAMPAIGN_PATH, TRUE_PULSE_PATH } from '../../dev/sandbox/sandbox';

describe('the delivery engine and a cancelled execution', () => {
	it('a backoff wait ends at once and nothing more is attempted', async () => {
		const controller = new AbortController();
		let attempts = 0;
		const policy = deliveryPolicy(
			{ concurrency: 2, maxAttempts: 10, requestsPerSecond: 1000 },
			TRUECALLER_DELIVERY,
			0,
			controller.signal,
		);
		const run = deliverAll(
			[1, 2, 3, 4],
			async () => {
				attempts++;
				return { statusCode: 503, headers: { 'retry-after': '30' }, body: '' };
			},
			policy,
		);
		await sleep(100);
		const before = attempts;
		controller.abort();
		const started = Date.now();
		const outcomes = await run;
		expect(Date.now() - started).toBeLessThan(100);
		expect(attempts).toBe(before);
		expect(outcomes.map((o) => [o.delivered, o.error])).toEqual(
			Array(4).fill([false, 'Not sent: the execution was cancelled']),
		);
		expect(outcomes.filter((o) => o.skipped)).toHaveLength(2);
	});

	it('renewCredentials: renewed -> the job is tried again; not renewed or failing -> the run stops', async () => {
		const rejectedOnce = new Set<number>();
		const renewals: number[] = [];
		const base = deliveryPolicy({ concurrency: 1, requestsPerSecond: 1000 }, TRUECALLER_DELIVERY);
		const outcomes = await deliverAll(
			[1, 2],
			async (job) => {
				if (!rejectedOnce.has(job)) {
					rejectedOnce.add(job);
					return { statusCode: 401, headers: {}, body: { job } };
				}
				return { statusCode: 200, headers: {}, body: {} };
			},
			{ ...base, renewCredentials: async (response) => (renewals.push(response.statusCode), true) },
		);
		expect(outcomes.map((o) => [o.delivered, o.attempts])).toEqual([
			[true, 2],
			[true, 2],
		]);
		expect(renewals).toEqual([401, 401]);

		const refused = await deliverAll(
			[1, 2],
			async () => ({ statusCode: 401, headers: {}, body: '' }),
			{ ...base, renewCredentials: async () => false },
		);
		expect(refused.map((o) => [o.attempts, o.aborted, o.skipped])).toEqual([
			[1, true, false],
			[0, true, true],
		]);
		const failing = await deliverAll(
			[1],
			async () => ({ statusCode: 401, headers: {}, body: '' }),
			{
				...base,
				renewCredentials: async () => {
					throw new Error('token endpoint down');
				},
			},
		);
		expect(failing[0].error).toBe('token endpoint down');
	});

	it('waits leave no listener on the execution signal', async () => {
		const controller = new AbortController();
		const wait = cancellableSleep(controller.signal);
		for (let i = 0; i < 50; i++) await wait(0);
		expect(abortListenersOf(controller.signal)).toHaveLength(0);
	});
});

describe('Send (webhook): errors and a cancelled execution', () => {
	const sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
	beforeAll(() => sandbox.listen());
	afterAll(() => sandbox.close());

	const send = (
		receivers: string[],
		options: INodeParameters,
		signal?: AbortSignal,
		token = 'token-1',
	) =>
		runNode({
			node: new Truecaller(),
			credentials: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: token },
			parameters: {
				resource: 'verifiedCampaign',
				operation: 'send',
				campaignId: 'c',
				receivers,
				defaultCountryCode: '91',
				contentMode: 'fields',
				additionalFields: {},
				displayUnit: 'cid',
				templateStyle: '1',
				themeColor: SAMPLE_FIELD_VALUES.theme_color,
				textColor: SAMPLE_FIELD_VALUES.text_color,
				title: SAMPLE_FIELD_VALUES.title,
				subTitle: SAMPLE_FIELD_VALUES.sub_title,
				options,
			},
			continueOnFail: signal !== undefined,
			signal,
		});

	it("a final 4xx fails the node with NodeApiError: the HTTP code and Truecaller's answer", async () => {
		sandbox.script(CAMPAIGN_PATH, [{ status: 422, body: { message: 'unknown campaign' } }]);
		const error = await send(['9000000001'], {}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('422');
		expect((error as NodeApiError).description).toContain('"message":"unknown campaign"');
	});

	it('a rejected token is a NodeApiError 401; a network failure a NodeOperationError', async () => {
		const rejected = await send(['9000000001'], {}, undefined, 'old').catch((e: unknown) => e);
		expect(rejected).toBeInstanceOf(NodeApiError);
		expect((rejected as NodeApiError).httpCode).toBe('401');
		sandbox.script(CAMPAIGN_PATH, [{ drop: true }]);
		const dropped = await send(['9000000002'], { maxAttempts: 1 }).catch((e: unknown) => e);
		expect(dropped).toBeInstanceOf(NodeOperationError);
		expect(dropped).not.toBeInstanceOf(NodeApiError);
	});

	it('sends nothing more once cancelled, and ends at once', async () => {
		sandbox.reset();
		const controller = new AbortController();
		const receivers = Array.from({ length: 2000 }, (_, i) => `+91 ${9000000000 + i}`);
		const run = send(receivers, { requestsPerSecond: 20, concurrency: 5 }, controller.signal);
		await sleep(1000);
		controller.abort();
		const abortedAt = Date.now();
		const sent = () =>
			sandbox.requests.filter((r: { path: string }) => r.path === CAMPAIGN_PATH).length;
		await run;
		// Ends long before the work left would (the attempts left would take minutes at 20/s). A request
		// already on the wire at the stop may still land after the run ends (a busy machine reads it
		// late), so count once the sandbox has heard nothing new for 300 ms.
		expect(Date.now() - abortedAt).toBeLessThan(5000);
		for (let last = -1, waited = 0; sent() !== last && waited < 5000; waited += 300) {
			last = sent();
			await sleep(300);
		}
		const atEnd = sent();
		await sleep(1000);
		expect(sent()).toBe(atEnd);
		expect(atEnd).toBeGreaterThan(0);
		expect(atEnd).toBeLessThan(30);
	});
});

describe('True Pulse Send and a cancelled execution', () => {
	const sandbox = createSandbox({});
	beforeAll(() => sandbox.listen());
	afterAll(() => sandbox.close());

	it('a backoff wait ends at once; nothing more is sent', async () => {
		const error = { status: 200, body: { status: 'ERROR', message: 'Temporary failure' } };
		sandbox.script(TRUE_PULSE_PATH, Array(20).fill(error));
		const controller = new AbortController();
		const run = runNode({
			node: new TruePulse(),
			credentials: { endpointUrl: sandbox.truePulseUrl, headerName: '', headerSecret: '' },
			parameters: {
				resource: 'callEndEvent',
				operation: 'send',
				payloadMode: 'json',
				payloadJson: '={{ $json.call }}',
				options: { requestsPerSecond: 200, maxAttempts: 10 },
			},
			items: [0, 1, 2].map((i) => ({ call: { ...callEndSeed, tpCallID: `cancel-${i}` } })),
			continueOnFail: true,
			signal: controller.signal,
		});
		await sleep(300);
		const sent = () =>
			sandbox.requests.filter((r: { path: string }) => r.path === TRUE_PULSE_PATH).length;
		controller.abort();
		const abortedAt = Date.now();
		const output = await run;
		// Ends long before the backoff left would; count once the run has ended.
		expect(Date.now() - abortedAt).toBeLessThan(5000);
		const atEnd = sent();
		await sleep(1500);
		expect(sent()).toBe(atEnd);
		expect(atEnd).toBeGreaterThanOrEqual(3);
		expect(output[0].map((item) => item.json.error)).toEqual(
			Array(3).fill('Not sent: the execution was cancelled'),
		);
	});
});
