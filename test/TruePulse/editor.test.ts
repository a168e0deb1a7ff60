/**
 * What a True Pulse user reads in n8n's editor: the formats of the call-end fields, and what a
 * refused test event shows.
 */
import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { CALL_END_FIELDS } from '../../nodes/TruePulse/callEnd';
import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { callWebhook } from '../support/harness';

describe('True Pulse fields show their formats', () => {
	const properties = new TruePulse().description.properties;
	it.each([
		['tpDateOfCall', 'DD-MM-YYYY'],
		['tpCallStartTime', 'ISO-8601'],
		['tpCallEndTime', 'ISO-8601'],
		['tpCallerNumber', '9841012345'],
		['tpDIDNumber', '02269112345'],
	])('%s: placeholder shows %s', (wire, format) => {
		const property = properties.find((p) => p.name === wire);
		expect(property?.placeholder).toContain(format);
		expect(CALL_END_FIELDS.find((f) => f.wire === wire)?.placeholder).toBe(property?.placeholder);
	});
});

describe('a refused request while the editor listens for a test event', () => {
	beforeEach(() => forgetAllDedupStores());

	it('True Pulse: an invalid call in a test run shows the ERROR answer', async () => {
		const result = await callWebhook(
			new TruePulseTrigger(),
			{ path: 'truepulse', authentication: 'none', defaultCountryCode: '91', options: {} },
			{ body: { tpCallID: '' } },
			{ staticData: {}, mode: 'manual' },
		);
		expect(result.status).toBe(400);
		expect(result.items?.[0]).toMatchObject({ accepted: false, httpStatus: 400 });
		expect(String(result.items?.[0].reason)).toMatch(/tpCallID/);
	});
});
