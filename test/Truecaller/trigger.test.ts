import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { type WebhookCall, callWebhook } from '../support/harness';
import { describeCredentialAuth } from '../support/webhookSecrets';
import normalisedSeed from '../support/seeds/truecaller-cmb.normalised.json';
import seed from '../support/seeds/truecaller-cmb.json';

/** The right URL parameter value (the `key` query parameter). */
const URL_PARAM_VALUE = 'k3y-with-enough-entropy';
const PARAMS = {
	path: 'truecaller',
	events: ['callMeBack', 'userFeedback', 'campaignInteraction'],
	authentication: 'urlKey',
	urlKey: URL_PARAM_VALUE,
	userFeedbackEventType: '',
	options: {},
};
const node = new TruecallerTrigger();
const withKey = (call: WebhookCall): WebhookCall => ({ query: { key: URL_PARAM_VALUE }, ...call });
const event = (overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) => ({
	...seed,
	...overrides,
	cmb_payload: { ...seed.cmb_payload, ...payload },
});

beforeEach(() => forgetAllDedupStores());

describe('Call Me Back: the seed payload', () => {
	it('is answered 200 at once and normalised field by field, raw body kept', async () => {
		const result = await callWebhook(node, PARAMS, withKey({ body: seed }));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ status: 'received', event_id: seed.event_id });
		// Every field, spelled out once in the seed (the end-to-end suite checks the same in real n8n).
		expect(result.items).toEqual([{ ...normalisedSeed, raw: seed }]);
	});
});

describe('Call Me Back: variants', () => {
	it('takes the alternate number when the client number is not available, and says so', async () => {
		const { items } = await callWebhook(
			node,
			PARAMS,
			withKey({
				body: event(
					{},
					{ client_number: 'Phone Number Not Available', alternate_number: '919876543210' },
				),
			}),
		);
		expect(items![0]).toMatchObject({
			customerNumber: '919876543210',
			customerNumberFromAlternate: true,
			clientNumber: 'Phone Number Not Available',
		});
	});

	it('without a slot picker: empty and absent slot fields are null, not errors', async () => {
		const body = event(
			{},
			{
				requested_date: '',
				requested_slot: '',
				preferred_from_time: '',
				preferred_to_time: undefined,
			},
		);
		const { status, items } = await callWebhook(node, PARAMS, withKey({ body }));
		expect(status).toBe(200);
		expect(items![0]).toMatchObject({
			requestedDate: null,
			requestedSlot: null,
			preferredFrom: null,
			preferredTo: null,
		});
	});

	it('not interested', async () => {
		const { items } = await callWebhook(
			node,
			PARAMS,
			withKey({
				body: event({}, { is_interested: false, preferred_from_time: '', preferred_to_time: '' }),
			}),
		);
		expect(items![0]).toMatchObject({ interested: false, preferredFrom: null });
	});

	it('older console: a number group instead of a feature set', async () => {
		const payload: Record<string, unknown> = { ...seed.cmb_payload, number_group: 'Support Lines' };
		delete payload.feature_set;
		const body = { ...seed, cmb_payload: payload };
		const { items } = await callWebhook(node, PARAMS, withKey({ body }));
		expect(items![0]).toMatchObject({ featureSet: null, numberGroup: 'Support Lines' });
	});
});

describe('User Feedback and unknown event types', () => {
	const feedback = {
		event_id: 'f-1',
		client_account_id: 'acc',
		event_type: 'user_feedback',
		created_at: '1753945760',
		feedback_payload: { answer: 'yes' },
	};

	it('an event that is neither cmb nor an interaction is User Feedback: envelope normalised, the rest passed through', async () => {
		const { items } = await callWebhook(node, PARAMS, withKey({ body: feedback }));
		expect(items).toEqual([
			{
				event: 'userFeedback',
				eventId: 'f-1',
				eventType: 'user_feedback',
				clientAccountId: 'acc',
				createdAt: '2025-07-31T07:09:20.000Z',
				feedback: { feedback_payload: { answer: 'yes' } },
				raw: feedback,
			},
		]);
	});

	it('with a User Feedback event type set, another unknown type is answered 200 and starts nothing', async () => {
		const result = await callWebhook(
			node,
			{ ...PARAMS, userFeedbackEventType: 'feedback' },
			withKey({ body: feedback }),
		);
		expect(result).toMatchObject({ status: 200, body: { status: 'ignored' }, items: undefined });
	});

	it('events not selected are answered 200 and start nothing', async () => {
		const result = await callWebhook(
			node,
			{ ...PARAMS, events: ['userFeedback'] },
			withKey({ body: seed }),
		);
		expect(result).toMatchObject({
			status: 200,
			body: { status: 'ignored', message: 'callMeBack events are not selected in this trigger' },
			items: undefined,
		});
	});
});

describe('Campaign interactions', () => {
	const hash = 'efc187bdaca8e73ddffb1b4615e9652bb775721335bc97f47888dfebd9058444';
	const click = {
		event_id: 'i-1',
		reference_id: hash,
		org_id: 'org-9',
		campaign_id: 'spring-42',
		display_unit: 'acs-missed-rejected',
		impression_timestamp: '1753945760',
		click_timestamp: '1753945790',
		is_interested: 'true',
		business_number: '910987654321',
	};

	it('a click with a hashed reference id', async () => {
		const { items } = await callWebhook(node, PARAMS, withKey({ body: click }));
		expect(items).toEqual([
			{
				event: 'campaignInteraction',
				eventId: 'i-1',
				interaction: 'click',
				referenceId: hash,
				referenceIdHashed: true,
				organisationId: 'org-9',
				campaignId: 'spring-42',
				displayUnit: 'acs-missed-rejected',
				displayUnitLabel: 'After-Call Screen: Missed or Rejected',
				impressionAt: '2025-07-31T07:09:20.000Z',
				clickAt: '2025-07-31T07:09:50.000Z',
				interested: true,
				businessNumber: '910987654321',
				raw: click,
			},
		]);
	});

	it('an impression with a raw number and organisation_id', async () => {
		const impression: Record<string, unknown> = { ...click };
		delete impression.click_timestamp;
		delete impression.org_id;
		const body = {
			...impression,
			event_id: 'i-2',
			reference_id: '911234567891',
			organisation_id: 'org-10',
			display_unit: 'cid',
		};
		const { items } = await callWebhook(node, PARAMS, withKey({ body }));
		expect(items![0]).toMatchObject({
			interaction: 'impression',
			referenceId: '911234567891',
			referenceIdHashed: false,
			organisationId: 'org-10',
			displayUnitLabel: 'Caller ID',
			clickAt: null,
		});
	});
});

describe('hostile and malformed requests: right status and body, never an execution', () => {
	const big = 'x'.repeat(300 * 1024);
	const cases: Array<[string, WebhookCall, number, RegExp]> = [
		['no key', { body: seed }, 401, /Missing secret key/],
		['wrong key', { query: { key: 'nope' }, body: seed }, 401, /Wrong secret key/],
		[
			'key in another case',
			{ query: { key: URL_PARAM_VALUE.toUpperCase() }, body: seed },
			401,
			/Wrong secret key/,
		],
		[
			'key with a trailing space',
			{ query: { key: `${URL_PARAM_VALUE} ` }, body: seed },
			401,
			/Wrong secret key/,
		],
		[
			'key given twice',
			{ query: { key: [URL_PARAM_VALUE, URL_PARAM_VALUE] }, body: seed },
			401,
			/Missing secret key/,
		],
		[
			'key parameter in another case',
			{ query: { KEY: URL_PARAM_VALUE }, body: seed },
			401,
			/Missing secret key/,
		],
		['empty key', { query: { key: '' }, body: seed }, 401, /Wrong secret key/],
		['GET', withKey({ method: 'GET' }), 405, /use POST/],
		['PUT', withKey({ method: 'PUT', body: seed }), 405, /use POST/],
		[
			'text/plain',
			withKey({ headers: { 'content-type': 'text/plain' }, body: JSON.stringify(seed) }),
			415,
			/application\/json/,
		],
		[
			'form encoded',
			withKey({
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: { event_id: 'x' },
			}),
			415,
			/application\/json/,
		],
		[
			'no content type',
			withKey({ headers: { 'content-type': '' }, body: seed }),
			415,
			/application\/json/,
		],
		[
			'truncated JSON handed over as text',
			withKey({ body: '{"event_id": "a", "event_type": "cm' }),
			400,
			/not valid JSON/,
		],
		['empty body', withKey({ body: undefined }), 400, /Body is empty/],
		['JSON null', withKey({ body: null }), 400, /Body is empty/],
		['an array', withKey({ body: [seed] }), 400, /"body" must be a JSON object; got a list/],
		['a number', withKey({ body: 42 }), 400, /"body" must be a JSON object/],
		['a string', withKey({ body: '"cmb"' }), 400, /"body" must be a JSON object/],
		[
			'no event_id',
			withKey({ body: { ...seed, event_id: undefined } }),
			400,
			/"event_id" is required as text; got nothing/,
		],
		[
			'event_id null',
			withKey({ body: { ...seed, event_id: null } }),
			400,
			/"event_id" is required as text; got null/,
		],
		[
			'event_id a number',
			withKey({ body: { ...seed, event_id: 12 } }),
			400,
			/"event_id" is required as text; got number 12/,
		],
		[
			'event_id blank',
			withKey({ body: { ...seed, event_id: '   ' } }),
			400,
			/"event_id" is required/,
		],
		[
			'event_id huge',
			withKey({ body: { ...seed, event_id: 'e'.repeat(5000) } }),
			400,
			/"event_id" must be at most 200 characters/,
		],
		[
			'created_at not epoch',
			withKey({ body: { ...seed, created_at: 'yesterday' } }),
			400,
			/"created_at" must be epoch seconds/,
		],
		[
			'created_at an object',
			withKey({ body: { ...seed, created_at: {} } }),
			400,
			/"created_at" must be epoch seconds/,
		],
		[
			'event_type a number',
			withKey({ body: { ...seed, event_type: 7 } }),
			400,
			/"event_type" must be text/,
		],
		[
			'cmb without payload',
			withKey({ body: { ...seed, cmb_payload: undefined } }),
			400,
			/"cmb_payload" must be a JSON object/,
		],
		[
			'cmb payload an array',
			withKey({ body: { ...seed, cmb_payload: [] } }),
			400,
			/"cmb_payload" must be a JSON object; got a list/,
		],
		[
			'client_number a number',
			withKey({ body: event({}, { client_number: 911234567890 }) }),
			400,
			/"cmb_payload.client_number" must be text/,
		],
		[
			'is_interested "yes"',
			withKey({ body: event({}, { is_interested: 'yes' }) }),
			400,
			/"cmb_payload.is_interested" must be true or false/,
		],
		[
			'requested_date in another format',
			withKey({ body: event({}, { requested_date: '02-08-2025' }) }),
			400,
			/YYYY-MM-DD/,
		],
		[
			'preferred time with letters',
			withKey({ body: event({}, { preferred_from_time: '10am' }) }),
			400,
			/preferred_from_time/,
		],
		[
			'body over the size limit',
			withKey({ body: { ...seed, padding: big } }),
			400,
			/over the limit of 262144/,
		],
		[
			'interaction with a numeric display unit',
			withKey({ body: { event_id: 'i', campaign_id: 'c', reference_id: 'r', display_unit: 3 } }),
			400,
			/"display_unit" must be text/,
		],
	];

	it.each(cases)('%s', async (_name, call, status, message) => {
		const result = await callWebhook(node, PARAMS, call);
		expect(result.status).toBe(status);
		expect(result.body).toMatchObject({ status: 'error' });
		expect((result.body as { message: string }).message).toMatch(message);
		expect(result.items).toBeUndefined();
	});

	it('unicode tricks in the key do not pass (a look-alike letter, a zero-width space)', async () => {
		for (const key of [
			URL_PARAM_VALUE.replace('e', 'е'),
			`${URL_PARAM_VALUE}\u200b`,
			URL_PARAM_VALUE.normalize('NFD'),
		]) {
			if (key === URL_PARAM_VALUE) continue;
			expect((await callWebhook(node, PARAMS, { query: { key }, body: seed })).status).toBe(401);
		}
	});

	it('header and basic authentication, right and wrong', async () => {
		const header = {
			...PARAMS,
			authentication: 'header',
			headerName: 'X-Webhook-Key',
			headerValue: 'hv',
		};
		expect(
			(
				await callWebhook(node, header, {
					headers: { 'X-Webhook-Key': 'hv' },
					body: event({ event_id: 'h1' }),
				})
			).status,
		).toBe(200);
		expect(
			(await callWebhook(node, header, { headers: { 'X-Webhook-Key': 'HV' }, body: seed })).status,
		).toBe(401);
		const basic = { ...PARAMS, authentication: 'basic', user: 'tc', password: 'pw' };
		const auth = (u: string, p: string) => ({
			authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
		});
		expect(
			(
				await callWebhook(node, basic, {
					headers: auth('tc', 'pw'),
					body: event({ event_id: 'b1' }),
				})
			).status,
		).toBe(200);
		expect(
			(await callWebhook(node, basic, { headers: auth('tc', 'pwx'), body: seed })).status,
		).toBe(401);
		expect(
			(await callWebhook(node, basic, { headers: { authorization: 'Bearer tc:pw' }, body: seed }))
				.status,
		).toBe(401);
	});

	it('a Secret Key left empty refuses everything instead of accepting everyone', async () => {
		const result = await callWebhook(
			node,
			{ ...PARAMS, urlKey: '' },
			{ query: { key: '' }, body: seed },
		);
		expect(result).toMatchObject({
			status: 500,
			body: { message: /Set a Secret Key/ },
			items: undefined,
		});
	});
});

describe('deduplication on event_id', () => {
	it('a repeat, minutes or days later, is answered 200 and starts nothing', async () => {
		const state = { staticData: {} };
		expect((await callWebhook(node, PARAMS, withKey({ body: seed }), state)).items).toHaveLength(1);
		const again = await callWebhook(node, PARAMS, withKey({ body: seed }), state);
		expect(again).toMatchObject({
			status: 200,
			body: { status: 'duplicate', event_id: seed.event_id },
			items: undefined,
		});
	});

	it('two copies at the same moment start one execution', async () => {
		const state = { staticData: {} };
		const results = await Promise.all(
			Array.from({ length: 5 }, () => callWebhook(node, PARAMS, withKey({ body: seed }), state)),
		);
		expect(results.filter((r) => r.items).length).toBe(1);
		expect(results.every((r) => r.status === 200)).toBe(true);
	});

	it('holds across a restart (memory lost, static data kept)', async () => {
		const state = { staticData: {} };
		await callWebhook(node, PARAMS, withKey({ body: seed }), state);
		forgetAllDedupStores();
		const copy = { staticData: JSON.parse(JSON.stringify(state.staticData)) };
		expect((await callWebhook(node, PARAMS, withKey({ body: seed }), copy)).items).toBeUndefined();
		expect(
			(await callWebhook(node, PARAMS, withKey({ body: event({ event_id: 'new-one' }) }), copy))
				.items,
		).toHaveLength(1);
	});

	it('is off in test runs from the editor, and when switched off', async () => {
		const manual = { staticData: {}, mode: 'manual' };
		expect((await callWebhook(node, PARAMS, withKey({ body: seed }), manual)).items).toHaveLength(
			1,
		);
		expect((await callWebhook(node, PARAMS, withKey({ body: seed }), manual)).items).toHaveLength(
			1,
		);
		const off = { ...PARAMS, options: { deduplicate: false } };
		const state = { staticData: {} };
		await callWebhook(node, off, withKey({ body: seed }), state);
		expect((await callWebhook(node, off, withKey({ body: seed }), state)).items).toHaveLength(1);
	});

	it('a refused or invalid request is not remembered', async () => {
		const state = { staticData: {} };
		await callWebhook(node, PARAMS, { query: { key: 'wrong' }, body: seed }, state);
		await callWebhook(
			node,
			PARAMS,
			withKey({ body: event({}, { is_interested: 'maybe' }) }),
			state,
		);
		expect((await callWebhook(node, PARAMS, withKey({ body: seed }), state)).items).toHaveLength(1);
	});
});

describe('when n8n cannot start the run', () => {
	it('the sender gets n8n error (so it retries) and the retry is processed, not taken for a duplicate', async () => {
		const state = { staticData: {}, failToStart: true };
		const failed = await callWebhook(node, PARAMS, withKey({ body: seed }), state);
		expect(failed.status).toBe(500);
		const retry = await callWebhook(node, PARAMS, withKey({ body: seed }), {
			...state,
			failToStart: false,
		});
		expect(retry).toMatchObject({ status: 200, body: { status: 'received' } });
		expect(retry.items).toHaveLength(1);
	});
});

describeCredentialAuth(node, PARAMS, (id) => event({ event_id: id }), 'error');
