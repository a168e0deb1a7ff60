/**
 * Send in Bulk against the sandbox's Bulk API over real sockets: 500 receivers per call, one token
 * per run renewed when it expires, duplicates sent once, retries that never repeat a delivered
 * batch, n8n's error conventions, the credential test, and a clean stop on cancellation.
 */
import { WorkflowHasIssuesError } from 'n8n-core';
import type { ICredentialsDecrypted, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import {
	AccessTokens,
	requestAccessToken,
	readBulkCredentials,
} from '../../nodes/Truecaller/bulkTransport';
import { maskSecret } from '../../nodes/shared/output';
import { buildBulkCampaigns, validateBulkContents } from '../../nodes/Truecaller/campaign/bulk';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { credentialTestContext, runNode } from '../support/executor';
import { checkBulkBody } from '../../dev/sandbox/bulkBody';
import { createSandbox, BULK_PATH } from '../../dev/sandbox/sandbox';

type Sandbox = ReturnType<typeof createSandbox>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = createSandbox({ orgId: 'org-1', bulkKeyId: 'key-1', bulkApiKey: 'secret-1' });
	await sandbox.listen();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset({ tokenTtlMs: 60 * 60 * 1000, bulkRateLimitPerSecond: 100 }));

const CONTENTS = {
	unit: [
		{ displayUnit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: 7 },
		{ displayUnit: 'mid', deeplink: 'myapp://offers', ttl: 30 },
	],
};

/** n distinct Indian mobile numbers, from 9000000000 on. */
const numbers = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => `+91 ${9000000000 + from + i}`);

function sendInBulk(
	parameters: Record<string, unknown>,
	extra: {
		items?: IDataObject[];
		continueOnFail?: boolean;
		apiKey?: string;
		signal?: AbortSignal;
	} = {},
) {
	return runNode({
		node: new Truecaller(),
		credentials: {
			baseUrl: sandbox.url,
			organisationId: 'org-1',
			keyId: 'key-1',
			apiKey: extra.apiKey ?? 'secret-1',
		},
		parameters: {
			resource: 'verifiedCampaign',
			operation: 'sendInBulk',
			campaignId: 'console-campaign-7',
			defaultCountryCode: '91',
			contents: CONTENTS,
			...parameters,
			bulkOptions: {
				concurrency: 4,
				requestsPerSecond: 100,
				...((parameters.bulkOptions as object) ?? {}),
			},
		},
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		signal: extra.signal,
	});
}

const bulkCalls = () =>
	sandbox.requests.filter((r: { path: string }) => r.path.endsWith('/campaigns/bulk-upload'));
const json = (output: INodeExecutionData[][]) => output[0].map((item) => item.json);

describe('Send in Bulk: what reaches Truecaller', () => {
	it('1,234 receivers -> 3 calls of 500, 500 and 234, one token, each receiver once', async () => {
		const output = await sendInBulk({ receivers: numbers(1234) });
		expect(sandbox.bulkBatchSizes).toEqual([500, 500, 234]);
		expect(sandbox.counters.bulkReceivers).toBe(1234);
		expect(sandbox.counters.bulkDuplicateReceivers).toBe(0);
		expect(sandbox.counters.tokens).toBe(1);
		const [first] = bulkCalls();
		expect(first.headers.authorization).toMatch(/^Bearer sbx-1-/);
		expect(first.body.campaigns[0]).toEqual({
			campaign_id: 'console-campaign-7',
			receiver_number: '919000000000',
			contents: [
				{ display_unit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: '7' },
				{ display_unit: 'mid', deeplink: 'myapp://offers', ttl: '30' },
			],
		});
		const items = json(output);
		expect(items).toHaveLength(1234);
		expect(items[0]).toEqual({
			receiver: '919000000000',
			campaignId: 'console-campaign-7',
			batch: 1,
			status: 'delivered',
			statusCode: 200,
			response: { message: 'Payload received successfully for processing' },
			attempts: 1,
		});
		expect(items[1233]).toMatchObject({ receiver: '919000001233', batch: 3 });
		expect(output[0].every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('the token request carries X-Public-Access and the keys; the secret is in no output', async () => {
		const output = await sendInBulk({ receivers: numbers(3) });
		const tokenCall = sandbox.requests.find((r: { path: string }) => r.path.endsWith('/token'));
		expect(tokenCall?.path).toBe('/organisations/org-1/campaigns/token');
		expect(tokenCall?.headers['x-public-access']).toBe('allow');
		expect(tokenCall?.body).toEqual({ api_key: 'secret-1', key_id: 'key-1' });
		expect(JSON.stringify(output)).not.toContain('secret-1');
	});

	it('duplicates within the run are sent once: within an item, across items, number or hash', async () => {
		const output = await sendInBulk(
			{ receivers: '={{ $json.phones }}' },
			{
				items: [
					{ phones: ['+91 9000000001', '09000000001', '9000000002'] },
					{ phones: ['919000000002', '9000000003'] },
				],
			},
		);
		expect(sandbox.counters.bulkReceivers).toBe(3);
		expect(sandbox.counters.bulkDuplicateReceivers).toBe(0);
		const items = json(output);
		expect(items.map((i) => [i.receiver, i.status])).toEqual([
			['919000000001', 'delivered'],
			['919000000002', 'delivered'],
			['919000000003', 'delivered'],
			['919000000002', 'skipped'],
		]);
		expect(items[3].reason).toBe('same campaign and receiver as item 0, sent once');
		expect(output[0].map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1]);
	});

	it('hashes receivers when asked, as Send does', async () => {
		await sendInBulk({ receivers: '9000000001', bulkOptions: { hashReceivers: true } });
		expect(bulkCalls()[0].body.campaigns[0].receiver_number).toMatch(/^[0-9a-f]{64}$/);
	});

	it('one output item per batch when asked', async () => {
		const output = await sendInBulk({
			receivers: numbers(1001),
			bulkOptions: { outputPerBatch: true },
		});
		expect(json(output).map((i) => [i.batch, i.receivers, i.status])).toEqual([
			[1, 500, 'delivered'],
			[2, 500, 'delivered'],
			[3, 1, 'delivered'],
		]);
		expect(output[0][0].pairedItem).toEqual([{ item: 0 }]);
	});
});

describe('Send in Bulk: the access token', () => {
	it('a token that expires mid-run is renewed; no batch lost or repeated', async () => {
		// The token ends after the second accepted call: the third meets an expired token.
		sandbox.reset({ expireTokensAfterCalls: 2 });
		const output = await sendInBulk({
			receivers: numbers(1234),
			bulkOptions: { concurrency: 1 },
		});
		expect(sandbox.counters.tokens).toBe(2);
		expect(sandbox.counters.bulkRejected401).toBe(1);
		expect(sandbox.bulkBatchSizes).toEqual([500, 500, 234]);
		expect(sandbox.counters.bulkReceivers).toBe(1234);
		expect(sandbox.counters.bulkDuplicateReceivers).toBe(0);
		const items = json(output);
		expect(items.every((i) => i.status === 'delivered')).toBe(true);
		expect(items[1233]).toMatchObject({ batch: 3, attempts: 2 });
	});

	it('is renewed before it expires, and once after a rejection; a fresh token rejected stops', async () => {
		let clock = 0;
		let issued = 0;
		const tokens = new AccessTokens(
			async () => `t${++issued}`,
			() => clock,
		);
		expect((await tokens.current()).value).toBe('t1');
		clock = 54 * 60 * 1000;
		expect((await tokens.current()).value).toBe('t1');
		clock = 55 * 60 * 1000;
		expect((await tokens.current()).value).toBe('t2');
		tokens.accepted(2);
		expect(await tokens.renewAfterRejection(2)).toBe(true);
		expect((await tokens.current()).value).toBe('t3');
		// Another request rejected with t2 after t3 came: t3 is tried, no new token.
		expect(await tokens.renewAfterRejection(2)).toBe(true);
		expect(issued).toBe(3);
		// t3 came after a rejection and was never accepted: its rejection stops the run.
		expect(await tokens.renewAfterRejection(3)).toBe(false);
		expect(issued).toBe(3);
	});

	it('wrong keys fail the node with NodeApiError (HTTP 401) before any campaign; the secret is masked', async () => {
		const error = await sendInBulk({ receivers: numbers(3) }, { apiKey: 'wrong-secret' }).catch(
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect((error as NodeApiError).message).toMatch(/refused the Key ID or Secret API Key/);
		expect(bulkCalls()).toHaveLength(0);
		expect(JSON.stringify(error)).not.toContain('wrong-secret');
	});

	it('401 with a freshly renewed token stops the run with NodeApiError; no token loop', async () => {
		sandbox.script(BULK_PATH, [
			{ status: 401, body: { message: 'Invalid access token' } },
			{ status: 401, body: { message: 'Invalid access token' } },
		]);
		const error = await sendInBulk({
			receivers: numbers(1234),
			bulkOptions: { concurrency: 1 },
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('401');
		expect((error as Error).message).toMatch(/rejected a freshly obtained access token/);
		expect(sandbox.counters.tokens).toBe(2);
	});

	it('an answer echoing the secret is masked', async () => {
		const credentials = readBulkCredentials({
			baseUrl: 'https://x.example',
			organisationId: 'o',
			keyId: 'k',
			apiKey: 's3cr3t',
		});
		const answer = await requestAccessToken(
			async (_url, body) => ({ statusCode: 400, headers: {}, body: { echo: body } }),
			credentials,
		);
		expect(JSON.stringify(answer)).not.toContain('s3cr3t');
		expect(maskSecret('a s3cr3t b', 's3cr3t')).toBe('a **** b');
	});
});

describe('Send in Bulk: retries and errors', () => {
	it('a batch answered 500 twice, then 2xx, is delivered once', async () => {
		sandbox.script(BULK_PATH, [
			{ status: 500, match: '919000000500' },
			{ status: 500, match: '919000000500' },
		]);
		const output = await sendInBulk({ receivers: numbers(1234) });
		expect(sandbox.bulkBatchSizes).toEqual([500, 234, 500]);
		expect(sandbox.counters.bulkReceivers).toBe(1234);
		expect(sandbox.counters.bulkDuplicateReceivers).toBe(0);
		const second = json(output)[500];
		expect(second).toMatchObject({ batch: 2, status: 'delivered', attempts: 3 });
		expect((second.failedAttempts as IDataObject[]).map((f) => f.statusCode)).toEqual([500, 500]);
	});

	it('429 with Retry-After is waited for, and the batch delivered once', async () => {
		sandbox.script(BULK_PATH, [{ status: 429, retryAfter: 1, match: '919000000000' }]);
		const started = Date.now();
		await sendInBulk({ receivers: numbers(10) });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(sandbox.counters.bulkReceivers).toBe(10);
	});

	it("a final 4xx fails the node with NodeApiError carrying the code and Truecaller's answer", async () => {
		sandbox.script(BULK_PATH, [
			{ status: 400, body: { message: 'campaign not found' }, match: '919000000000' },
		]);
		const error = await sendInBulk({ receivers: numbers(3) }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('400');
		expect((error as NodeApiError).description).toContain('campaign not found');
		expect(bulkCalls()).toHaveLength(1);
	});

	it('with continue on fail, the failed batch becomes failed items', async () => {
		sandbox.script(BULK_PATH, [{ status: 400, match: '919000000000' }]);
		const output = await sendInBulk({ receivers: numbers(3) }, { continueOnFail: true });
		expect(json(output).map((i) => i.status)).toEqual(['failed', 'failed', 'failed']);
	});

	it.each([
		[{ unit: [] }, /Field "contents" must hold 1 to 5 display units, has 0/],
		[
			{ unit: [{ displayUnit: 'mid', deeplink: 'javascript:alert(1)', ttl: 3 }] },
			/Deeplink \(`contents\[0\]\.deeplink`\) must be a web URL/,
		],
		[
			{ unit: [{ displayUnit: 'mid', deeplink: 'https://e.com', ttl: 0 }] },
			/Time to Live \(Days\) \(`contents\[0\]\.ttl`\) must be a whole number of days from 1 to 365; got number 0/,
		],
		[
			{
				unit: [
					{ displayUnit: 'mid', deeplink: 'https://e.com', ttl: 3 },
					{ displayUnit: 'mid', deeplink: 'https://e.com/b', ttl: 3 },
				],
			},
			/Display Unit \(`contents\[1\]\.display_unit`\) appears more than once/,
		],
	])('invalid display units stop the run before any call (%#)', async (contents, message) => {
		const error = await sendInBulk({ receivers: numbers(3), contents }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(message);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('six display units: n8n itself refuses the workflow before the node runs (the editor allows 5); the node refuses them too', async () => {
		const units = ['cid', 'mid', 'acs-answered', 'acs-missed-rejected', 'business-profile', 'cid'];
		const contents = {
			unit: units.map((displayUnit) => ({ displayUnit, deeplink: 'https://e.com', ttl: 1 })),
		};
		const error = await sendInBulk({ receivers: numbers(3), contents }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(WorkflowHasIssuesError);
		expect(sandbox.requests).toHaveLength(0);
		const { issues } = validateBulkContents(
			units.map((display_unit) => ({ display_unit, deeplink: 'https://e.com', ttl: 1 })),
		);
		expect(issues[0].message).toMatch(/must hold 1 to 5 display units, has 6/);
	});

	it('an invalid receiver names the item and the value', async () => {
		const error = await sendInBulk({ receivers: ['9000000001', '12'] }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/receiver_number\[1\]/);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('the sandbox refuses what Truecaller refuses', () => {
		const valid = buildBulkCampaigns(
			{
				campaignId: 'c',
				receivers: '9000000001',
				contents: [{ display_unit: 'cid', deeplink: 'https://e.com', ttl: 1 }],
			},
			{ countryCode: '91', hashReceivers: false },
		);
		expect(checkBulkBody({ campaigns: valid.campaigns })).toEqual([]);
		expect(checkBulkBody({ campaigns: Array(501).fill(valid.campaigns[0]) })[0]).toMatch(
			/1 to 500 campaigns, has 501/,
		);
	});
});

describe('Send in Bulk: the credential test', () => {
	const test = (data: Record<string, string>) => {
		const context = credentialTestContext();
		const credential = {
			id: '1',
			name: 'c',
			type: 'truecallerBulkApi',
			data,
		} as ICredentialsDecrypted;
		return new Truecaller().methods.credentialTest.truecallerBulkApiTest.call(context, credential);
	};

	it('obtains a token and sends nothing', async () => {
		const result = await test({
			baseUrl: sandbox.url,
			organisationId: 'org-1',
			keyId: 'key-1',
			apiKey: 'secret-1',
		});
		expect(result).toEqual({
			status: 'OK',
			message: 'Access token obtained (no campaign was sent).',
		});
		expect(sandbox.counters.tokens).toBe(1);
		expect(sandbox.counters.bulkCalls).toBe(0);
	});

	it('reports wrong keys and a wrong organisation', async () => {
		const wrongKey = await test({
			baseUrl: sandbox.url,
			organisationId: 'org-1',
			keyId: 'key-1',
			apiKey: 'nope',
		});
		expect(wrongKey.status).toBe('Error');
		expect(wrongKey.message).toMatch(/HTTP 401/);
		const wrongOrg = await test({
			baseUrl: sandbox.url,
			organisationId: 'org-2',
			keyId: 'key-1',
			apiKey: 'secret-1',
		});
		expect(wrongOrg.message).toMatch(/HTTP 404/);
	});
});

describe('A clean stop: the execution is cancelled', () => {
	it('Send in Bulk sends nothing more and ends at once', async () => {
		const controller = new AbortController();
		const run = sendInBulk(
			{ receivers: numbers(20000), bulkOptions: { concurrency: 1, requestsPerSecond: 5 } },
			{ signal: controller.signal, continueOnFail: true },
		);
		// Stop once the run is under way (the first call landed), however slow the machine is.
		for (let waited = 0; bulkCalls().length === 0 && waited < 30000; waited += 20) await sleep(20);
		controller.abort();
		const abortedAt = Date.now();
		const output = await run;
		// Ends long before the work left would (the batches left would take over a minute at 5/s); a call
		// already on the wire at the stop may still land, so count once the run has ended.
		expect(Date.now() - abortedAt).toBeLessThan(5000);
		const calls = bulkCalls().length;
		await sleep(1000);
		expect(bulkCalls().length).toBe(calls);
		expect(calls).toBeGreaterThanOrEqual(1);
		expect(calls).toBeLessThanOrEqual(5);
		expect(json(output).at(-1)).toMatchObject({
			status: 'not sent',
			error: 'Not sent: the execution was cancelled',
		});
	});
});
