/** The True Pulse action against the sandbox over real sockets: retry until SUCCESS, limits, idempotency. */
import type { IDataObject } from 'n8n-workflow';

import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { truePulseCredentialSchema } from '../../nodes/TruePulse/transport';
import { isHttpHeaderName, parseWith } from '../../nodes/shared/validation';
import seed from '../support/seeds/truepulse-call-end.json';
import { runNode } from '../support/executor';
import { createSandbox, TRUE_PULSE_PATH } from '../../dev/sandbox/sandbox';

let sandbox: ReturnType<typeof createSandbox>;
beforeAll(async () => {
	sandbox = createSandbox({ truePulseHeader: 'X-TP-Key: tp-secret' });
	await sandbox.listen();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const ERROR = { status: 200, body: { status: 'ERROR', message: 'Temporary database error' } };

function send(
	options: IDataObject = {},
	extra: {
		items?: IDataObject[];
		continueOnFail?: boolean;
		/** The Payload JSON parameter: JSON text, or an expression reading the item. */
		payload?: string;
		headerSecret?: string;
		processed?: Set<string>;
		failFirstClaims?: () => boolean;
	} = {},
) {
	return runNode({
		node: new TruePulse(),
		credentials: {
			endpointUrl: sandbox.truePulseUrl,
			headerName: 'X-TP-Key',
			headerSecret: extra.headerSecret ?? 'tp-secret',
		},
		parameters: {
			resource: 'callEndEvent',
			operation: 'send',
			payloadMode: 'json',
			payloadJson: extra.payload ?? JSON.stringify(seed),
			options: { requestsPerSecond: 200, ...options },
		},
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		deduplication: extra.processed && {
			values: extra.processed,
			failRecord: extra.failFirstClaims,
		},
	});
}

const deliveries = () =>
	sandbox.requests.filter((r: { path: string }) => r.path === TRUE_PULSE_PATH);

describe('True Pulse: Send call-end event', () => {
	it('ERROR twice, then SUCCESS: exactly three deliveries, the errors kept in the output', async () => {
		sandbox.script(TRUE_PULSE_PATH, [
			ERROR,
			{ status: 503, body: { status: 'ERROR', message: 'Service unavailable' }, retryAfter: 0 },
		]);
		const output = await send();
		expect(deliveries()).toHaveLength(3);
		expect(
			deliveries().every(
				(r: { body: unknown; headers: Record<string, string> }) =>
					JSON.stringify(r.body) === JSON.stringify(seed) && r.headers['x-tp-key'] === 'tp-secret',
			),
		).toBe(true);
		expect(output[0][0].json).toEqual({
			callId: '9884420011',
			status: 'delivered',
			statusCode: 200,
			response: { status: 'SUCCESS', message: 'Data added successfully.' },
			attempts: 3,
			failedAttempts: [
				{
					attempt: 1,
					statusCode: 200,
					body: { status: 'ERROR', message: 'Temporary database error' },
				},
				{ attempt: 2, statusCode: 503, body: { status: 'ERROR', message: 'Service unavailable' } },
			],
		});
		expect(output[0][0].pairedItem).toEqual({ item: 0 });
	}, 20000);

	it('gives up at Max Attempts, with every error response in the output', async () => {
		sandbox.script(TRUE_PULSE_PATH, Array(5).fill({ ...ERROR, retryAfter: 0 }));
		const output = await send({ maxAttempts: 3 }, { continueOnFail: true });
		expect(deliveries()).toHaveLength(3);
		expect(output[0][0].json).toMatchObject({
			status: 'failed',
			attempts: 3,
			error: 'Gave up after 3 attempts; last: HTTP 200',
		});
		expect((output[0][0].json.failedAttempts as IDataObject[]).map((a) => a.body)).toEqual(
			Array(3).fill(ERROR.body),
		);
	});

	it('gives up at the total time limit', async () => {
		sandbox.script(TRUE_PULSE_PATH, Array(5).fill({ ...ERROR, retryAfter: 2 }));
		const error = await send({ maxAttempts: 10, maxTotalSeconds: 1 }).catch((e) => e);
		expect(deliveries()).toHaveLength(1);
		expect(error.message).toBe('Gave up after 1 attempts (time limit 1000 ms); last: HTTP 200');
	});

	it("never resends a call that got SUCCESS: not within a run, not in a later production run (n8n's deduplication store)", async () => {
		const processed = new Set<string>();
		const items = [{}, {}];
		const first = await send({}, { items, processed });
		expect(deliveries()).toHaveLength(1);
		expect(first[0].map((i) => i.json.status)).toEqual(['delivered', 'skipped']);
		expect(first[0][1].json.reason).toBe('same tpCallID as item 0, sent once');
		expect([...processed]).toEqual(['9884420011']);

		const later = await send({}, { processed });
		expect(deliveries()).toHaveLength(1);
		expect(later[0][0].json).toEqual({
			callId: '9884420011',
			status: 'skipped',
			reason: 'already delivered by an earlier run (tpCallID idempotency)',
		});
	});

	it('forgets a call that did not get SUCCESS, so that a later run sends it again', async () => {
		const processed = new Set<string>();
		sandbox.script(TRUE_PULSE_PATH, [ERROR]);
		const failed = await send({ maxAttempts: 1 }, { processed, continueOnFail: true });
		expect(failed[0][0].json.status).toBe('failed');
		expect(processed.size).toBe(0);
		const retried = await send({}, { processed });
		expect(retried[0][0].json.status).toBe('delivered');
		expect(deliveries()).toHaveLength(2);
	});

	it("survives n8n's store failing on first use (concurrent runs creating its row)", async () => {
		const processed = new Set<string>();
		let failures = 1;
		const output = await send(
			{},
			{
				processed,
				failFirstClaims: () => failures-- > 0,
			},
		);
		expect(output[0][0].json.status).toBe('delivered');
		expect([...processed]).toEqual(['9884420011']);
	});

	it('in manual runs (the editor) skips nothing and remembers nothing', async () => {
		await send();
		await send();
		expect(deliveries()).toHaveLength(2);
	});

	it('validates with the trigger rules before sending anything', async () => {
		const items = [
			{ call: { ...seed, tpCallID: 'c0', tpCallStatus: 'Answered' } },
			{ call: { ...seed, tpCallID: 'c1', tpCallStatus: 'answered' } },
		];
		const payload = '={{ $json.call }}';
		const error = await send({}, { items, payload }).catch((e) => e);
		expect(error.message).toMatch(
			/^Invalid call-end event: Call Status \(`tpCallStatus`\) must be one of Answered, Missed, Busy, Abandoned; got "answered"/,
		);
		expect(deliveries()).toHaveLength(0);
		const output = await send({}, { items, payload, continueOnFail: true });
		expect(output[0].map((i) => [i.pairedItem, i.json.status ?? 'error'])).toEqual([
			[{ item: 0 }, 'delivered'],
			[{ item: 1 }, 'error'],
		]);
		// Refused as Send refuses a campaign: one line per problem, and the problems as a list.
		const refused = output[0][1].json;
		expect(refused.error).toMatch(/^Item 1: Call Status \(`tpCallStatus`\) must be one of/);
		expect(refused.errors).toEqual([
			expect.objectContaining({ field: 'tpCallStatus', message: expect.any(String) }),
		]);
		expect(deliveries()).toHaveLength(1);
	});

	it('a refused header stops the run without retries', async () => {
		const error = await send({}, { headerSecret: 'wrong' }).catch((e) => e);
		expect(error.message).toMatch(/True Pulse refused the request \(HTTP 401\)/);
		expect(deliveries()).toHaveLength(1);
	});

	it('fields mode sends every field of the spec as a string', async () => {
		const parameters = { ...seed, tpCallID: 'f1' };
		await runNode({
			node: new TruePulse(),
			credentials: {
				endpointUrl: sandbox.truePulseUrl,
				headerName: 'X-TP-Key',
				headerSecret: 'tp-secret',
			},
			parameters: {
				resource: 'callEndEvent',
				operation: 'send',
				payloadMode: 'fields',
				options: {},
				...parameters,
			},
		});
		expect(deliveries()[0].body).toEqual(parameters);
	});
});

describe('the credential: Header Name, when set, is an HTTP header name', () => {
	it.each([
		['X-TP-Key', true],
		["x_key.v2!#$%&'*+^`|~", true],
		['X Key', false],
		['X:Key', false],
		['Schlüssel', false],
	])('%p: %p', (name, valid) => {
		expect(isHttpHeaderName(name)).toBe(valid);
		const parsed = parseWith(truePulseCredentialSchema, {
			endpointUrl: 'https://truepulse.example.com/call-end',
			headerName: name,
		});
		if (valid) expect(parsed.ok).toBe(true);
		else
			expect(parsed).toEqual({
				ok: false,
				issues: [
					expect.objectContaining({
						field: 'headerName',
						rule: 'format',
						message: expect.stringContaining(
							'must be an HTTP header name (letters, digits and - _ . only, no spaces)',
						),
					}),
				],
			});
	});
});
