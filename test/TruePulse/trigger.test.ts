import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { type WebhookCall, callWebhook } from '../support/harness';
import { describeCredentialAuth } from '../support/webhookSecrets';
import seed from '../support/seeds/truepulse-call-end.json';

const PARAMS = { path: 'truepulse', authentication: 'none', defaultCountryCode: '91', options: {} };
const AFTER_SUCCESS = { ...PARAMS, options: { acknowledge: 'afterSuccess' } };
const node = new TruePulseTrigger();
const call = (overrides: Record<string, unknown>) => ({ ...seed, ...overrides });
const SUCCESS = { status: 'SUCCESS', message: 'Data added successfully.' };

beforeEach(() => forgetAllDedupStores());

describe('the seed call-end payload', () => {
	it('is answered SUCCESS and normalised field by field, raw body kept', async () => {
		const result = await callWebhook(node, PARAMS, { body: seed });
		expect(result.status).toBe(200);
		expect(result.body).toEqual(SUCCESS);
		expect(result.items).toEqual([
			{
				callId: '9884420011',
				customerId: '78521',
				customerName: 'ASG',
				callerNumber: '9841012345',
				callerNumberE164: '+919841012345',
				didNumber: '02269112345',
				didNumberE164: '+912269112345',
				dateOfCall: '2025-10-23',
				startTime: '2025-10-23T04:26:31.050Z',
				endTime: '2025-10-23T04:37:31.050Z',
				durationSeconds: 660,
				dtmf: '51',
				status: 'Answered',
				answered: true,
				recordingUrl: 'https://domainname.com/ASG/Recordings/abc-1234.wav',
				raw: seed,
			},
		]);
	});

	it('a missed call without DTMF, recording or customer name', async () => {
		const body = call({
			tpCallID: 'm1',
			tpCallStatus: 'Missed',
			tpDTMF: '',
			tpCallRecordingPath: '',
			tpCustomerName: undefined,
			tpCallEndTime: seed.tpCallStartTime,
		});
		const { items } = await callWebhook(node, PARAMS, { body });
		expect(items![0]).toMatchObject({
			status: 'Missed',
			answered: false,
			dtmf: null,
			recordingUrl: null,
			customerName: null,
			durationSeconds: 0,
		});
	});

	it('uses the Default Country Code for E.164', async () => {
		const { items } = await callWebhook(
			node,
			{ ...PARAMS, defaultCountryCode: '44' },
			{ body: call({ tpCallerNumber: '07911123456' }) },
		);
		expect(items![0]).toMatchObject({ callerNumberE164: '+447911123456' });
	});
});

describe('hostile and malformed requests: ERROR naming the problem, a 4xx, never an execution', () => {
	const cases: Array<[string, WebhookCall, number, RegExp]> = [
		['GET', { method: 'GET' }, 405, /use POST/],
		['DELETE', { method: 'DELETE', body: seed }, 405, /use POST/],
		[
			'text/plain',
			{ headers: { 'content-type': 'text/plain' }, body: JSON.stringify(seed) },
			415,
			/application\/json/,
		],
		[
			'XML',
			{ headers: { 'content-type': 'application/xml' }, body: '<call/>' },
			415,
			/application\/json/,
		],
		['truncated JSON', { body: '{"tpCallID": "1", "tpCall' }, 400, /not valid JSON/],
		['empty body', { body: undefined }, 400, /Body is empty/],
		['null', { body: null }, 400, /Body is empty/],
		[
			'an array of calls',
			{ body: [seed] },
			400,
			/^Field "body" must be a JSON object; got a list$/,
		],
		['a number', { body: 7 }, 400, /^Field "body" must be a JSON object; got number 7$/],
		[
			'an empty object',
			{ body: {} },
			400,
			/Call ID \(`tpCallID`\) is required.*Customer ID \(`tpCustomerID`\) is required.*Call Status \(`tpCallStatus`\) is required/,
		],
		[
			'no tpCallID',
			{ body: call({ tpCallID: undefined }) },
			400,
			/^Call ID \(`tpCallID`\) is required; got nothing$/,
		],
		[
			'tpCallID null',
			{ body: call({ tpCallID: null }) },
			400,
			/Call ID \(`tpCallID`\) is required; got null/,
		],
		[
			'tpCallID a number',
			{ body: call({ tpCallID: 9884420011 }) },
			400,
			/Call ID \(`tpCallID`\) must be a string; got number 9884420011/,
		],
		[
			'tpCustomerID an object',
			{ body: call({ tpCustomerID: { id: 1 } }) },
			400,
			/Customer ID \(`tpCustomerID`\) must be a string; got an object/,
		],
		[
			'tpCallerNumber a number',
			{ body: call({ tpCallerNumber: 9841012345 }) },
			400,
			/Caller Number \(`tpCallerNumber`\) must be a string/,
		],
		['tpDTMF a number', { body: call({ tpDTMF: 51 }) }, 400, /DTMF \(`tpDTMF`\) must be a string/],
		[
			'status in lower case',
			{ body: call({ tpCallStatus: 'answered' }) },
			400,
			/Call Status \(`tpCallStatus`\) must be one of Answered, Missed, Busy, Abandoned; got "answered"/,
		],
		[
			'unknown status',
			{ body: call({ tpCallStatus: 'Voicemail' }) },
			400,
			/Call Status \(`tpCallStatus`\) must be one of/,
		],
		[
			'date as YYYY-MM-DD',
			{ body: call({ tpDateOfCall: '2025-10-23' }) },
			400,
			/Date of Call \(`tpDateOfCall`\) must be a date as DD-MM-YYYY/,
		],
		[
			'impossible date',
			{ body: call({ tpDateOfCall: '31-02-2025' }) },
			400,
			/Date of Call \(`tpDateOfCall`\) must be a date/,
		],
		[
			'start without a zone',
			{ body: call({ tpCallStartTime: '2025-10-23 04:26:31' }) },
			400,
			/Call Start Time \(`tpCallStartTime`\) must be an ISO-8601/,
		],
		[
			'end not a date',
			{ body: call({ tpCallEndTime: 'later' }) },
			400,
			/Call End Time \(`tpCallEndTime`\) must be an ISO-8601/,
		],
		[
			'end before start',
			{ body: call({ tpCallEndTime: '2025-10-23T04:00:00Z' }) },
			400,
			/Call End Time \(`tpCallEndTime`\) must not be before tpCallStartTime/,
		],
		[
			'caller number with letters',
			{ body: call({ tpCallerNumber: 'CALLER' }) },
			400,
			/Caller Number \(`tpCallerNumber`\) must be a phone number/,
		],
		[
			'DID with a zero-width space',
			{ body: call({ tpDIDNumber: '0226911\u200b2345' }) },
			400,
			/DID Number \(`tpDIDNumber`\) must be a phone number/,
		],
		[
			'recording not a URL',
			{ body: call({ tpCallRecordingPath: 'abc-1234.wav' }) },
			400,
			/Call Recording URL \(`tpCallRecordingPath`\) must be an http\(s\) URL/,
		],
		[
			'recording javascript:',
			{ body: call({ tpCallRecordingPath: 'javascript:alert(1)' }) },
			400,
			/Call Recording URL \(`tpCallRecordingPath`\) must be an http\(s\) URL/,
		],
		[
			'huge string',
			{ body: call({ tpCustomerName: 'n'.repeat(5000) }) },
			400,
			/Customer Name \(`tpCustomerName`\) must be at most 2048 characters/,
		],
		[
			'body over the size limit',
			{ body: call({ padding: 'p'.repeat(300 * 1024) }) },
			400,
			/over the limit/,
		],
		[
			'several problems at once, all named',
			{ body: call({ tpCallStatus: 'x', tpDateOfCall: 'y' }) },
			400,
			/tpDateOfCall.*tpCallStatus/,
		],
	];

	it.each(cases)('%s', async (_name, request, status, message) => {
		const result = await callWebhook(node, PARAMS, request);
		expect(result.status).toBe(status);
		expect(result.body).toMatchObject({ status: 'ERROR' });
		expect((result.body as { message: string }).message).toMatch(message);
		expect(result.items).toBeUndefined();
	});

	it('optional authentication: URL key, header and basic', async () => {
		const key = { ...PARAMS, authentication: 'urlKey', urlKey: 'tp-secret' };
		expect(
			(
				await callWebhook(node, key, {
					query: { key: 'tp-secret' },
					body: call({ tpCallID: 'a1' }),
				})
			).status,
		).toBe(200);
		expect(await callWebhook(node, key, { body: seed })).toMatchObject({
			status: 401,
			body: { status: 'ERROR', message: /Missing secret key/ },
		});
		const header = {
			...PARAMS,
			authentication: 'header',
			headerName: 'X-TP-Key',
			headerValue: 'v',
		};
		expect(
			(
				await callWebhook(node, header, {
					headers: { 'x-tp-key': 'v' },
					body: call({ tpCallID: 'a2' }),
				})
			).status,
		).toBe(200);
		expect(
			(await callWebhook(node, header, { headers: { 'x-tp-key': 'w' }, body: seed })).status,
		).toBe(401);
		const basic = { ...PARAMS, authentication: 'basic', user: 'u', password: 'p' };
		const auth = `Basic ${Buffer.from('u:p').toString('base64')}`;
		expect(
			(
				await callWebhook(node, basic, {
					headers: { authorization: auth },
					body: call({ tpCallID: 'a3' }),
				})
			).status,
		).toBe(200);
		expect((await callWebhook(node, basic, { body: seed })).status).toBe(401);
	});
});

describe('deduplication on tpCallID', () => {
	it('a duplicate is answered SUCCESS (so the sender stops) and starts nothing', async () => {
		const state = { staticData: {} };
		await callWebhook(node, PARAMS, { body: seed }, state);
		const again = await callWebhook(node, PARAMS, { body: seed }, state);
		expect(again).toMatchObject({
			status: 200,
			body: { status: 'SUCCESS', message: /Already received call 9884420011/ },
			items: undefined,
		});
	});

	it('concurrent copies start one execution; the same holds after a restart', async () => {
		const state = { staticData: {} };
		const results = await Promise.all(
			Array.from({ length: 4 }, () => callWebhook(node, PARAMS, { body: seed }, state)),
		);
		expect(results.filter((r) => r.items)).toHaveLength(1);
		forgetAllDedupStores();
		expect((await callWebhook(node, PARAMS, { body: seed }, state)).items).toBeUndefined();
	});
});

describe('acknowledge after the workflow succeeds', () => {
	it('answers only when the run ends: SUCCESS if it succeeded, and then the call is a duplicate', async () => {
		const state = { staticData: {} };
		const first = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		expect(first.items).toHaveLength(1);
		expect(first.body).toBeUndefined();
		expect(first.finishRun!(true)).toEqual({ status: 200, body: SUCCESS });
		const again = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		expect(again).toMatchObject({ status: 200, body: { status: 'SUCCESS' }, items: undefined });
	});

	it('a failed run is answered ERROR and NOT remembered: the retry runs again', async () => {
		const state = { staticData: {} };
		const first = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		expect(first.finishRun!(false)).toEqual({
			status: 500,
			body: { status: 'ERROR', message: 'The workflow failed on call 9884420011; please retry.' },
		});
		expect(state.staticData).toEqual({});
		const retry = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		expect(retry.items).toHaveLength(1);
		expect(retry.finishRun!(true)).toEqual({ status: 200, body: SUCCESS });
		expect((await callWebhook(node, AFTER_SUCCESS, { body: seed }, state)).items).toBeUndefined();
	});

	it('a copy arriving while the first is still running is told to retry, not SUCCESS', async () => {
		const state = { staticData: {} };
		const first = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		const copy = await callWebhook(node, AFTER_SUCCESS, { body: seed }, state);
		expect(copy).toMatchObject({
			status: 409,
			body: { status: 'ERROR', message: /still being processed/ },
			items: undefined,
		});
		first.finishRun!(false);
		expect((await callWebhook(node, AFTER_SUCCESS, { body: seed }, state)).items).toHaveLength(1);
	});
});

describeCredentialAuth(node, PARAMS, (id) => call({ tpCallID: id }), 'ERROR');
