import { backoffDelay, parseRetryAfter } from '../../nodes/shared/delivery/engine';
import { CREDENTIAL_TEST_BODY, credentialTestVerdict } from '../../nodes/Truecaller/transport';
import { checkEndpointUrl } from '../../nodes/shared/delivery/endpoint';
import { TruecallerApi } from '../../credentials/TruecallerApi.credentials';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import type { ICredentialsDecrypted } from 'n8n-workflow';
import { credentialTestContext } from '../support/executor';
import { createSandbox } from '../../dev/sandbox/sandbox';

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-21T10:00:00Z');
	it.each([
		['3', 3000],
		['0', 0],
		['1.5', 1500],
		[['2'], 2000],
		['Sat, 21 Nov 2026 10:00:05 GMT', 5000],
		['Sat, 21 Nov 2026 09:00:00 GMT', 0],
		['soon', undefined],
		[undefined, undefined],
	])('%p -> %p ms', (header, expected) => expect(parseRetryAfter(header, now)).toBe(expected));
});

describe('backoffDelay', () => {
	const policy = { baseDelayMs: 500, maxDelayMs: 4000 };
	it('doubles per attempt with jitter in the upper half, up to the ceiling', () => {
		expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, 0))).toEqual([
			250, 500, 1000, 2000, 2000,
		]);
		expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, 1))).toEqual([
			500, 1000, 2000, 4000, 4000,
		]);
	});
});

describe('checkEndpointUrl', () => {
	it.each([
		['https://enterprise-webhooks-noneu.truecaller.com/v2/campaigns', undefined],
		['http://127.0.0.1:5680/v2/campaigns', undefined],
		['http://localhost/x', undefined],
		['http://[::1]:80/x', undefined],
		['http://example.com/x', /must use https/],
		['ftp://example.com/x', /must use https/],
		['not a url', /must be a full URL/],
	])('%s', (url, problem) => {
		const result = checkEndpointUrl(url, 'Webhook Endpoint URL');
		if (problem) expect(result).toMatch(problem);
		else expect(result).toBeUndefined();
	});
});

describe('credential test', () => {
	it.each([
		[202, 'OK'],
		[400, 'OK'],
		[422, 'OK'],
		[401, 'Error'],
		[403, 'Error'],
		[404, 'Error'],
		[500, 'Error'],
	])('HTTP %i -> %s', (status, verdict) =>
		expect(credentialTestVerdict(status).status).toBe(verdict),
	);

	it('says "was it regenerated?" for a rejected token', () => {
		expect(credentialTestVerdict(401).message).toContain('was it regenerated?');
	});

	describe('against the sandbox', () => {
		const sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
		beforeAll(() => sandbox.listen());
		afterAll(() => sandbox.close());

		const test = (data: Record<string, string>) => {
			const context = credentialTestContext();
			const credential = {
				id: '1',
				name: 'c',
				type: new TruecallerApi().name,
				data,
			} as ICredentialsDecrypted;
			return new Truecaller().methods.credentialTest.truecallerApiTest.call(context, credential);
		};

		it('accepts the right token and delivers nothing', async () => {
			const result = await test({
				endpointUrl: sandbox.campaignUrl,
				orgId: 'org-1',
				webhookToken: 'token-1',
			});
			expect(result).toEqual({
				status: 'OK',
				message: 'Token accepted (HTTP 400 to an empty test campaign that reaches nobody).',
			});
			expect(sandbox.requests.at(-1)?.body).toEqual(CREDENTIAL_TEST_BODY);
			expect(sandbox.counters.accepted).toBe(0);
		});

		it('rejects a wrong token', async () => {
			const result = await test({
				endpointUrl: sandbox.campaignUrl,
				orgId: 'org-1',
				webhookToken: 'old',
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Token rejected \(HTTP 401\): was it regenerated\?/);
		});

		it('rejects a wrong path and plain http off loopback', async () => {
			expect(
				(
					await test({
						endpointUrl: `${sandbox.url}/v1/nothing`,
						orgId: 'org-1',
						webhookToken: 'token-1',
					})
				).message,
			).toMatch(/HTTP 404/);
			expect(
				(
					await test({
						endpointUrl: 'http://example.com/v2/campaigns',
						orgId: 'o',
						webhookToken: 't',
					})
				).message,
			).toMatch(/must use https/);
		});
	});
});
