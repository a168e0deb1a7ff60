/**
 * A cancelled execution ends a delivery run at once: no new attempt, no further waiting, and the
 * waits leave no listener behind on the execution's signal.
 */
import { getEventListeners } from 'events';

import { deliverAll } from '../../nodes/shared/delivery/engine';
import { cancellableSleep, deliveryPolicy } from '../../nodes/shared/delivery/options';
import { TRUECALLER_DELIVERY } from '../../nodes/Truecaller/transport';
import { TruecallerApi } from '../../credentials/TruecallerApi.credentials';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { runNode } from '../support/harness';
import { SAMPLE_FIELD_VALUES } from '../support/samples';
const { createSandbox, CAMPAIGN_PATH } = require('../support/sandbox');

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
		await pause(100);
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

	it('waits leave no listener on the execution signal', async () => {
		const controller = new AbortController();
		const sleep = cancellableSleep(controller.signal);
		for (let i = 0; i < 50; i++) await sleep(0);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});

describe('Send (webhook) and a cancelled execution', () => {
	const sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
	beforeAll(() => sandbox.listen());
	afterAll(() => sandbox.close());

	it('sends nothing more once cancelled, and ends at once', async () => {
		const controller = new AbortController();
		const receivers = Array.from({ length: 2000 }, (_, i) => `+91 ${9000000000 + i}`);
		const run = runNode({
			node: new Truecaller(),
			credentialType: new TruecallerApi(),
			credentials: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
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
				options: { requestsPerSecond: 20, concurrency: 5 },
			},
			continueOnFail: true,
			signal: controller.signal,
		});
		await pause(1000);
		controller.abort();
		const abortedAt = Date.now();
		const sent = () =>
			sandbox.requests.filter((r: { path: string }) => r.path === CAMPAIGN_PATH).length;
		const atStop = sent();
		await run;
		expect(Date.now() - abortedAt).toBeLessThan(200);
		await pause(1000);
		expect(sent()).toBe(atStop);
		expect(atStop).toBeGreaterThan(10);
		expect(atStop).toBeLessThan(30);
	});
});
