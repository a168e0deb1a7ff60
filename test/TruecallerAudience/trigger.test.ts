/**
 * The Truecaller Audience Trigger as n8n's webhook server calls it: each platform's proof checked
 * first (401 and nothing started otherwise), one item per Segment call or WebEngage request, and
 * repeated ids answered 200 without starting anything.
 */
import { createHmac } from 'crypto';
import type { IHookFunctions } from 'n8n-workflow';

import { TruecallerAudienceTrigger } from '../../nodes/TruecallerAudience/TruecallerAudienceTrigger.node';
import {
	PLATFORM_SECRET_NOTICE,
	webEngageSecret,
} from '../../nodes/TruecallerAudience/trigger/senders';
import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { WEBHOOK_SECRETS, sampleRequests } from '../../dev/examples';
import { evaluateOnNode } from '../support/expressionEngine';
import { type WebhookCall, type WebhookState, callWebhook } from '../support/harness';
import segmentCalls from '../support/seeds/segment-calls.json';
import journeyBody from '../support/seeds/webengage-journey.json';

// Test values, named so that n8n's lint does not take them for real secrets.
const SEGMENT_SHARED = 'segment-shared-value-0123456789';
const WEBENGAGE_VALUE = 'webengage-key-value-9876543210';
const LICENSE = '~2024c5a1';
const CREDENTIALS = {
	segmentWebhookApi: { sharedSecret: SEGMENT_SHARED },
	webEngageWebhookApi: { licenseCode: LICENSE, webhookSecretKey: WEBENGAGE_VALUE },
};

/** Segment's signature: hex HMAC-SHA1 of the body's bytes, computed here independently. */
const signed = (text: string, secret = SEGMENT_SHARED) =>
	createHmac('sha1', secret).update(text).digest('hex');

const state = (extra: Partial<WebhookState> = {}): WebhookState => ({
	staticData: {},
	credentials: CREDENTIALS,
	...extra,
});

const trigger = (platform: string, call: WebhookCall, webhookState = state()) =>
	callWebhook(
		new TruecallerAudienceTrigger(),
		{ path: 'audience', platform, options: {} },
		call,
		webhookState,
	);

function segmentCall(body: unknown, signature?: string): WebhookCall {
	const text = JSON.stringify(body);
	return {
		body,
		rawBody: Buffer.from(text),
		headers: { 'X-Signature': signature ?? signed(text) },
	};
}

const webEngageQuery = (
	secret = webEngageSecret(LICENSE, WEBENGAGE_VALUE),
	licenseCode = LICENSE,
) => ({
	licenseCode,
	secret,
	eventType: 'journey',
});

beforeEach(() => forgetAllDedupStores());

describe('Truecaller Audience Trigger: Segment', () => {
	it('a signed call starts one run with one item; a signed batch, one item per call', async () => {
		const single = await trigger('segment', segmentCall(segmentCalls.identify));
		expect([single.status, single.body]).toEqual([
			200,
			{ status: 'received', received: 1, duplicates: 0 },
		]);
		expect(single.items).toEqual([
			{
				platform: 'segment',
				messageId: 'seg-identify-0001',
				type: 'identify',
				receivedAt: expect.any(String),
				body: segmentCalls.identify,
			},
		]);
		const batch = await trigger(
			'segment',
			segmentCall([segmentCalls.track, segmentCalls.page, segmentCalls.withoutPhone]),
		);
		expect(batch.items?.map((i) => i.messageId)).toEqual([
			'seg-track-0001',
			'seg-page-0001',
			'seg-track-nophone',
		]);
	});

	it('the signature is over the bytes received, not over a re-serialised body', async () => {
		const text = `{ "type" : "identify", "messageId": "spaced", "traits": {"phone": "9841012345"} }`;
		const call = { body: JSON.parse(text), rawBody: Buffer.from(text) };
		expect(
			(await trigger('segment', { ...call, headers: { 'x-signature': signed(text) } })).items,
		).toHaveLength(1);
		const reserialised = signed(JSON.stringify(JSON.parse(text)));
		expect(
			(await trigger('segment', { ...call, headers: { 'x-signature': reserialised } })).status,
		).toBe(401);
	});

	it('a wrong or missing signature is 401 and starts nothing; a missing one reads no credential', async () => {
		const wrongSecret = await trigger(
			'segment',
			segmentCall(segmentCalls.identify, signed(JSON.stringify(segmentCalls.identify), 'other')),
		);
		expect([wrongSecret.status, wrongSecret.items]).toEqual([401, undefined]);
		expect(wrongSecret.body).toEqual({
			status: 'error',
			message: 'Wrong X-Signature: the body is not signed with this Shared Secret',
		});
		const tampered = segmentCall(segmentCalls.identify);
		const altered = { ...segmentCalls.identify, userId: 'someone-else' };
		tampered.body = altered;
		tampered.rawBody = Buffer.from(JSON.stringify(altered));
		expect((await trigger('segment', tampered)).status).toBe(401);
		const reads: string[] = [];
		const unsigned = await trigger('segment', { body: segmentCalls.identify }, state({ reads }));
		expect([unsigned.status, unsigned.items]).toEqual([401, undefined]);
		expect(reads.filter((r) => r.startsWith('credential:'))).toEqual([]);
	});

	it('without a complete credential every request is refused (500), never let through', async () => {
		const result = await trigger(
			'segment',
			segmentCall(segmentCalls.identify),
			state({ credentials: {} }),
		);
		expect([result.status, result.items]).toEqual([500, undefined]);
		expect(JSON.stringify(result.body)).not.toContain(SEGMENT_SHARED);
	});

	it('a repeated messageId starts nothing; a batch with some repeats starts only the new calls', async () => {
		const shared = state();
		await trigger('segment', segmentCall(segmentCalls.identify), shared);
		const again = await trigger('segment', segmentCall(segmentCalls.identify), shared);
		expect([again.status, again.body, again.items]).toEqual([
			200,
			{ status: 'duplicate', duplicates: 1, message: 'already received' },
			undefined,
		]);
		const mixed = await trigger(
			'segment',
			segmentCall([segmentCalls.identify, segmentCalls.track, segmentCalls.track]),
			shared,
		);
		expect(mixed.body).toEqual({ status: 'received', received: 1, duplicates: 2 });
		expect(mixed.items?.map((i) => i.messageId)).toEqual(['seg-track-0001']);
	});

	it('a run n8n cannot start leaves every claimed call to be retried', async () => {
		const shared = state();
		const failed = await trigger(
			'segment',
			segmentCall([segmentCalls.identify, segmentCalls.track]),
			{
				...shared,
				failToStart: true,
			},
		);
		expect(failed.status).toBe(500);
		const retried = await trigger(
			'segment',
			segmentCall([segmentCalls.identify, segmentCalls.track]),
			shared,
		);
		expect(retried.items).toHaveLength(2);
	});

	it('a body that is not JSON, or is no call, is 4xx and starts nothing', async () => {
		const text = 'not json';
		const notJson = await trigger('segment', {
			body: text,
			rawBody: Buffer.from(text),
			headers: { 'x-signature': signed(text), 'content-type': 'application/json' },
		});
		expect([notJson.status, notJson.items]).toEqual([400, undefined]);
		const number = await trigger('segment', segmentCall(42));
		expect([number.status, number.items]).toEqual([400, undefined]);
	});
});

describe('Truecaller Audience Trigger: WebEngage', () => {
	const webEngage = (query: Record<string, unknown>, requestId?: string, webhookState = state()) =>
		trigger(
			'webEngage',
			{ body: journeyBody, query, headers: requestId ? { 'x-request-id': requestId } : {} },
			webhookState,
		);

	it('licenseCode and secret that match start one run with the request id and event type', async () => {
		const result = await webEngage(webEngageQuery(), 'a1b2c3d4');
		expect([result.status, result.body]).toEqual([
			200,
			{ status: 'received', received: 1, duplicates: 0 },
		]);
		expect(result.items).toEqual([
			{
				platform: 'webEngage',
				requestId: 'a1b2c3d4',
				eventType: 'journey',
				receivedAt: expect.any(String),
				body: journeyBody,
			},
		]);
	});

	it("the secret is the MD5 hex of 'licenseCode:key', as WebEngage's docs define it", () => {
		// printf '%s' '~2024c5a1:webengage-key-value-9876543210' | md5sum
		expect(webEngageSecret(LICENSE, WEBENGAGE_VALUE)).toBe('7fb3905f67b12df614817399b359fe50');
	});

	it('a wrong secret, a wrong license code, or none is 401 and starts nothing', async () => {
		const other = webEngageSecret(LICENSE, 'another-key');
		for (const query of [
			webEngageQuery(other),
			webEngageQuery(webEngageSecret('~other', WEBENGAGE_VALUE), '~other'),
			{ licenseCode: LICENSE },
			{},
		]) {
			const result = await webEngage(query, 'r');
			expect([result.status, result.items]).toEqual([401, undefined]);
		}
		const upper = await webEngage(
			webEngageQuery(webEngageSecret(LICENSE, WEBENGAGE_VALUE).toUpperCase()),
			'u',
		);
		expect(upper.status).toBe(200);
	});

	it('a body that is not one JSON object is 400 and starts nothing', async () => {
		const result = await trigger('webEngage', { body: [journeyBody], query: webEngageQuery() });
		expect([result.status, result.items]).toEqual([400, undefined]);
		expect(result.body).toEqual({
			status: 'error',
			message: 'Body must be a JSON object (one user per request), got a list',
		});
	});

	it('a repeated x-request-id starts nothing; requests without one are all taken', async () => {
		const shared = state();
		expect((await webEngage(webEngageQuery(), 'same-id', shared)).items).toHaveLength(1);
		const again = await webEngage(webEngageQuery(), 'same-id', shared);
		expect([again.status, again.items]).toEqual([200, undefined]);
		expect((await webEngage(webEngageQuery(), undefined, shared)).items).toHaveLength(1);
		expect((await webEngage(webEngageQuery(), undefined, shared)).items).toHaveLength(1);
	});
});

describe("the examples' sample requests (npm start's curl lines)", () => {
	const samples = sampleRequests();
	const credentials = {
		segmentWebhookApi: { sharedSecret: WEBHOOK_SECRETS.segment },
		webEngageWebhookApi: {
			licenseCode: WEBHOOK_SECRETS.webEngageLicense,
			webhookSecretKey: WEBHOOK_SECRETS.webEngage,
		},
	};
	it.each([
		['tcExampleSegmt01', 'segment', 3],
		['tcExampleWbEng01', 'webEngage', 1],
	])('%s carries a valid proof for the example credential', async (id, platform, count) => {
		const sample = samples[id];
		// The bytes curl sends: the body exactly as JSON.stringify writes it.
		const text = JSON.stringify(sample.body);
		const result = await trigger(
			platform,
			{
				body: sample.body,
				rawBody: Buffer.from(text),
				headers: sample.headers,
				query: Object.fromEntries(new URLSearchParams(sample.query ?? '')),
			},
			state({ credentials }),
		);
		expect([result.status, result.items?.length]).toEqual([200, count]);
	});
});

describe('the webhook description', () => {
	it('resolves its path natively, to what the expression engine computes', () => {
		const type = new TruecallerAudienceTrigger();
		const webhook = type.description.webhooks![0] as unknown as Record<string | symbol, unknown>;
		const resolvers = webhook[Symbol.for('n8n.webhookDescriptionResolvers')] as Record<
			string,
			{ template: string; resolve: (parameters: object) => unknown }
		>;
		for (const parameters of [{}, { path: 'segment/audience', platform: 'webEngage' }]) {
			const evaluated = evaluateOnNode(type, parameters, webhook.path as string, 1);
			expect(resolvers.path.resolve(evaluated.parameters)).toEqual(evaluated.value);
		}
	});
});

describe('the platform credentials', () => {
	const hook = (platform: string, credential: Record<string, unknown>) =>
		({
			getNode: () => ({
				typeVersion: 1,
				credentials: {
					segmentWebhookApi: { id: '1', name: 'Our Segment secret' },
					webEngageWebhookApi: { id: '2', name: 'Our WebEngage secret' },
				},
			}),
			getNodeParameter: () => platform,
			getCredentials: async () => credential,
		}) as unknown as IHookFunctions;
	const checkExists = (platform: string, credential: Record<string, unknown>) =>
		new TruecallerAudienceTrigger().webhookMethods.default.checkExists.call(
			hook(platform, credential),
		);

	it('publishing or listening with an incomplete credential fails, naming it and what is missing', async () => {
		await expect(checkExists('segment', {})).rejects.toThrow(
			'Credential "Our Segment secret": Set the Shared Secret in the Segment credential',
		);
		await expect(checkExists('webEngage', { licenseCode: LICENSE })).rejects.toThrow(
			'Credential "Our WebEngage secret": Set the License Code and the Webhook Secret Key in the WebEngage credential',
		);
		await expect(checkExists('segment', CREDENTIALS.segmentWebhookApi)).resolves.toBe(true);
		await expect(checkExists('webEngage', CREDENTIALS.webEngageWebhookApi)).resolves.toBe(true);
	});

	it('have no credential test, as the webhook secrets, and the notice says so', () => {
		const node = new TruecallerAudienceTrigger();
		for (const credential of node.description.credentials ?? [])
			expect(credential.testedBy).toBeUndefined();
		expect((node as { methods?: { credentialTest?: object } }).methods?.credentialTest).toBe(
			undefined,
		);
		expect(PLATFORM_SECRET_NOTICE.displayName).toMatch(/^Not tested here/);
		expect(PLATFORM_SECRET_NOTICE.displayName).toMatch(/when the workflow is published or listens/);
	});
});
