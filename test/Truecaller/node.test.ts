/**
 * The Truecaller action against the sandbox over real sockets: exact requests, the rate cap,
 * retries (429 with and without Retry-After, 500, 503, dropped connections), final 4xx,
 * token rejection, validation before sending, continueOnFail and pairedItem.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { runNode } from '../support/executor';
import { SAMPLE_FIELD_VALUES } from '../support/samples';
import { createSandbox, CAMPAIGN_PATH } from '../../dev/sandbox/sandbox';

type Sandbox = ReturnType<typeof createSandbox>;
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = createSandbox({ orgId: 'org-1', token: 'token-1' });
	await sandbox.listen();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const CALLER_ID_T1 = {
	displayUnit: 'cid',
	templateStyle: '1',
	themeColor: SAMPLE_FIELD_VALUES.theme_color,
	textColor: SAMPLE_FIELD_VALUES.text_color,
	title: SAMPLE_FIELD_VALUES.title,
	subTitle: SAMPLE_FIELD_VALUES.sub_title,
};

function send(
	parameters: Record<string, unknown>,
	extra: { items?: IDataObject[]; continueOnFail?: boolean; token?: string } = {},
) {
	return runNode({
		node: new Truecaller(),
		credentials: {
			endpointUrl: sandbox.campaignUrl,
			orgId: 'org-1',
			webhookToken: extra.token ?? 'token-1',
		},
		parameters: {
			resource: 'verifiedCampaign',
			operation: 'send',
			campaignId: 'spring-42',
			defaultCountryCode: '91',
			contentMode: 'fields',
			additionalFields: {},
			...CALLER_ID_T1,
			...parameters,
			options: {
				concurrency: 4,
				requestsPerSecond: 200,
				...((parameters.options as object) ?? {}),
			},
		},
		items: extra.items,
		continueOnFail: extra.continueOnFail,
	});
}

const campaignRequests = () =>
	sandbox.requests.filter((r: { path: string }) => r.path === CAMPAIGN_PATH);
const receiversSeen = () =>
	campaignRequests().map(
		(r: { body: { profile: { receiver_number: string } } }) => r.body.profile.receiver_number,
	);
const json = (output: INodeExecutionData[][]) => output[0].map((item) => item.json);

describe('Send: what reaches Truecaller', () => {
	const cases: Array<[string, Record<string, unknown>, Record<string, string>]> = [
		[
			'cid',
			CALLER_ID_T1,
			{
				theme_color: '#0087FF',
				text_color: '#FFFFFF',
				title: SAMPLE_FIELD_VALUES.title,
				sub_title: SAMPLE_FIELD_VALUES.sub_title,
			},
		],
		[
			'mid',
			{
				displayUnit: 'mid',
				templateStyle: '2',
				imageUrl: SAMPLE_FIELD_VALUES.image_url,
				deeplink: 'myapp://offer',
			},
			{ image_url: SAMPLE_FIELD_VALUES.image_url, deeplink: 'myapp://offer' },
		],
		[
			'acs-answered',
			{
				displayUnit: 'acs-answered',
				templateStyle: '3',
				themeColor: '#112233',
				textColor: '#000000',
				title: 'T',
				subTitle: 'S',
				callToAction: 'Go',
				deeplink: 'https://e.com/x',
				imageUrl: 'https://cdn.e.com/s.jpg',
			},
			{
				theme_color: '#112233',
				text_color: '#000000',
				title: 'T',
				sub_title: 'S',
				call_to_action: 'Go',
				deeplink: 'https://e.com/x',
				image_url: 'https://cdn.e.com/s.jpg',
			},
		],
		[
			'acs-missed-rejected',
			{
				displayUnit: 'acs-missed-rejected',
				templateStyle: '2',
				imageUrl: 'https://cdn.e.com/b.gif',
				deeplink: 'https://e.com',
			},
			{ image_url: 'https://cdn.e.com/b.gif', deeplink: 'https://e.com' },
		],
		[
			'business-profile',
			{
				displayUnit: 'business-profile',
				templateStyle: '4',
				themeColor: '#445566',
				textColor: '#FFFFFF',
				title: 'T',
				subTitle: 'S',
				callToAction: 'Go',
				deeplink: 'https://e.com/x',
				imageUrl: 'https://cdn.e.com/s.png',
			},
			{
				theme_color: '#445566',
				text_color: '#FFFFFF',
				title: 'T',
				sub_title: 'S',
				call_to_action: 'Go',
				deeplink: 'https://e.com/x',
				image_url: 'https://cdn.e.com/s.png',
			},
		],
	];

	it.each(cases)('%s: exact body and headers', async (unit, fields, expectedContent) => {
		const output = await send({
			receivers: '+91 98410 12345',
			...fields,
			additionalFields: { campaignName: 'Spring', campaignType: 'offer', ttl: 7 },
		});
		const [request] = campaignRequests();
		expect(campaignRequests()).toHaveLength(1);
		expect(request.body).toEqual({
			profile: {
				campaign_id: 'spring-42',
				campaign_name: 'Spring',
				campaign_type: 'offer',
				receiver_number: '919841012345',
			},
			content: {
				display_unit: unit,
				template_style: fields.templateStyle,
				ttl: '7',
				...expectedContent,
			},
		});
		expect(request.headers['x-org-id']).toBe('org-1');
		expect(request.headers['x-org-token']).toBe('token-1');
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(json(output)).toEqual([
			{
				receiver: '919841012345',
				campaignId: 'spring-42',
				displayUnit: unit,
				templateStyle: fields.templateStyle,
				status: 'delivered',
				statusCode: 202,
				response: { status: 'accepted', message: 'Campaign accepted for processing' },
				attempts: 1,
			},
		]);
		expect(output[0][0].pairedItem).toEqual({ item: 0 });
	});

	it('one item with many receivers yields one campaign each, in order, paired to the item', async () => {
		const receivers = Array.from({ length: 12 }, (_, i) => `98410${String(10000 + i)}`);
		const output = await send({ receivers: receivers.join('\n') }, { items: [{}, {}] });
		expect(output[0]).toHaveLength(24);
		expect(output[0].map((i) => i.pairedItem)).toEqual([
			...Array(12).fill({ item: 0 }),
			...Array(12).fill({ item: 1 }),
		]);
		expect(
			json(output)
				.slice(0, 12)
				.map((j) => j.receiver),
		).toEqual(receivers.map((r) => `91${r}`));
		expect(campaignRequests()).toHaveLength(24);
	});

	it('Build Payload sends nothing and shows the body Send would post', async () => {
		const output = await send({ operation: 'buildPayload', receivers: '9841012345, 9841012346' });
		expect(campaignRequests()).toHaveLength(0);
		expect(json(output)[1]).toEqual({
			valid: true,
			body: {
				profile: { campaign_id: 'spring-42', receiver_number: '919841012346' },
				content: {
					display_unit: 'cid',
					template_style: '1',
					theme_color: '#0087FF',
					text_color: '#FFFFFF',
					title: SAMPLE_FIELD_VALUES.title,
					sub_title: SAMPLE_FIELD_VALUES.sub_title,
				},
			},
		});
	});

	it('Build Payload reports validation errors as items and as warnings above the output', async () => {
		const hints: unknown[] = [];
		const output = await runNode({
			node: new Truecaller(),
			credentials: {},
			parameters: {
				resource: 'verifiedCampaign',
				operation: 'buildPayload',
				campaignId: 'spring-42',
				receivers: '9841012345',
				contentMode: 'fields',
				...CALLER_ID_T1,
				title: `<b>${'x'.repeat(41)}`,
			},
			items: [{}, {}],
			hints,
		});
		expect(campaignRequests()).toHaveLength(0);
		expect(hints).toEqual(
			[0, 1].map((item) => ({
				type: 'warning',
				location: 'outputPane',
				message: `Invalid campaign, Send would refuse it. Item ${item}: Title (\`title\`) must be at most 40 characters, has 44; got "&lt;b&gt;${'x'.repeat(41)}"`,
			})),
		);
		expect(json(output)[0]).toMatchObject({
			valid: false,
			errors: [{ field: 'title', rule: 'maxLength' }],
		});
		expect(json(output)[0].message).toMatch(
			/^Item 0: Title \(`title`\) must be at most 40 characters, has 44/,
		);
	});

	it('JSON mode: the Template Generator body, profile merged, node values winning', async () => {
		const template = {
			profile: {
				campaign_id: 'from-json',
				campaign_name: 'From JSON',
				campaign_type: 'lifecycle',
				receiver_number: '910000000000',
			},
			content: {
				display_unit: 'cid',
				template_style: '2',
				ttl: '10',
				image_url: 'https://cdn.e.com/b.png',
			},
		};
		await send({
			contentMode: 'json',
			templateJson: JSON.stringify(template),
			receivers: '9841012345',
		});
		expect(campaignRequests()[0].body).toEqual({
			profile: {
				campaign_id: 'spring-42',
				campaign_name: 'From JSON',
				campaign_type: 'lifecycle',
				receiver_number: '919841012345',
			},
			content: template.content,
		});
	});

	it('JSON mode rejects a field of another template before sending', async () => {
		const template = {
			content: {
				display_unit: 'cid',
				template_style: '2',
				image_url: 'https://cdn.e.com/b.png',
				deeplink: 'https://e.com',
			},
		};
		await expect(
			send({ contentMode: 'json', templateJson: template, receivers: '9841012345' }),
		).rejects.toThrow(/Deeplink \(`deeplink`\) does not belong to Caller ID, Template 2/);
		expect(campaignRequests()).toHaveLength(0);
	});
});

describe('Send: validation happens before any request', () => {
	it('fails the node naming item, field, rule and value; nothing is sent', async () => {
		const items = [{ title: 'ok' }, { title: 'y'.repeat(41) }];
		const title = '={{ $json.title }}';
		const error = await send({ receivers: '9841012345', title }, { items }).catch((e) => e);
		expect(error.message).toBe(
			`Invalid campaign: Title (\`title\`) must be at most 40 characters, has 41; got "${'y'.repeat(41)}"`,
		);
		expect(error.description).toContain(`Item 1: Title (\`title\`)`);
		expect(campaignRequests()).toHaveLength(0);
	});

	it('with continueOnFail: an error item for the invalid item, the valid one delivered', async () => {
		const items = [{ phone: 'not a number' }, { phone: '9841012345' }];
		const receivers = '={{ $json.phone }}';
		const output = await send({ receivers }, { items, continueOnFail: true });
		expect(receiversSeen()).toEqual(['919841012345']);
		expect(output[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(json(output)[0].error).toBe(
			'Item 0: Receiver Numbers (`receiver_number`) must contain only digits, "+", spaces, dashes or brackets; got "not a number"',
		);
		expect(json(output)[1].status).toBe('delivered');
	});

	it('rejects a plain-http endpoint that is not loopback', async () => {
		const error = await runNode({
			node: new Truecaller(),
			credentials: {
				endpointUrl: 'http://example.com/v2/campaigns',
				orgId: 'o',
				webhookToken: 't',
			},
			parameters: {
				resource: 'verifiedCampaign',
				operation: 'send',
				campaignId: 'c',
				receivers: '9841012345',
				contentMode: 'fields',
				additionalFields: {},
				options: {},
				...CALLER_ID_T1,
			},
		}).catch((e) => e);
		expect(error.message).toMatch(/must use https/);
	});
});

describe('Send: delivery over an unreliable network', () => {
	it('retries 429 (with and without Retry-After), 500, 503 and dropped connections; sends nothing twice', async () => {
		sandbox.script(CAMPAIGN_PATH, [
			{ match: '919841000001', status: 429, retryAfter: 0 },
			{ match: '919841000002', status: 429 },
			{ match: '919841000003', status: 500 },
			{ match: '919841000004', status: 503, retryAfter: 0 },
			{ match: '919841000005', drop: true },
			{ match: '919841000005', status: 503, retryAfter: 0 },
		]);
		const receivers = [
			'9841000001',
			'9841000002',
			'9841000003',
			'9841000004',
			'9841000005',
			'9841000006',
		];
		const output = await send({ receivers: receivers.join(',') });
		expect(json(output).map((j) => [j.receiver, j.status, j.attempts])).toEqual([
			['919841000001', 'delivered', 2],
			['919841000002', 'delivered', 2],
			['919841000003', 'delivered', 2],
			['919841000004', 'delivered', 2],
			['919841000005', 'delivered', 3],
			['919841000006', 'delivered', 1],
		]);
		const accepted = campaignRequests().filter((r) => r.status === 202);
		expect(
			accepted
				.map(
					(r: { body: { profile: { receiver_number: string } } }) => r.body.profile.receiver_number,
				)
				.sort(),
		).toEqual(receivers.map((r) => `91${r}`));
		expect(campaignRequests()).toHaveLength(12);
		expect(json(output)[4].failedAttempts).toEqual([
			// n8n-core's own wording for a dropped connection
			{
				attempt: 1,
				error: expect.stringMatching(/^The connection to the server was closed unexpectedly/),
			},
			{ attempt: 2, statusCode: 503, body: { slug: 'scripted', message: 'scripted answer' } },
		]);
	});

	it('a 400 is final: not retried, reported with Truecaller body; others still delivered', async () => {
		sandbox.script(CAMPAIGN_PATH, [
			{
				match: '919841000002',
				status: 400,
				body: { slug: 'validation-error', message: 'bad receiver' },
			},
		]);
		const output = await send(
			{ receivers: '9841000001,9841000002,9841000003' },
			{ continueOnFail: true },
		);
		expect(json(output).map((j) => j.status)).toEqual(['delivered', 'failed', 'delivered']);
		expect(json(output)[1]).toMatchObject({
			statusCode: 400,
			attempts: 1,
			response: { slug: 'validation-error', message: 'bad receiver' },
			error: 'Rejected with HTTP 400',
		});
		expect(receiversSeen().filter((r: string) => r === '919841000002')).toHaveLength(1);
	});

	it('without continueOnFail a final failure fails the node after the others were delivered, saying so', async () => {
		sandbox.script(CAMPAIGN_PATH, [{ match: '919841000002', status: 422 }]);
		const error = await send({ receivers: '9841000001,9841000002,9841000003' }).catch((e) => e);
		expect(error.message).toBe('Rejected with HTTP 422');
		expect(error.description).toMatch(/^2 of 3 delivered/);
		expect(error.description).toContain('Item 0, receiver 919841000002: Rejected with HTTP 422');
	});

	it('gives up after Max Attempts with every failure kept', async () => {
		sandbox.script(CAMPAIGN_PATH, Array(3).fill({ status: 500, retryAfter: 0 }));
		const output = await send(
			{ receivers: '9841000001', options: { maxAttempts: 3 } },
			{ continueOnFail: true },
		);
		expect(json(output)[0]).toMatchObject({
			status: 'failed',
			attempts: 3,
			error: 'Gave up after 3 attempts; last: HTTP 500',
		});
		expect(json(output)[0].failedAttempts).toHaveLength(3);
		expect(campaignRequests()).toHaveLength(3);
	});

	it('a rejected token stops the run at once with a hint to regenerate; nothing else is sent', async () => {
		const receivers = Array.from({ length: 10 }, (_, i) => `98410000${String(10 + i)}`).join(',');
		const error = await send(
			{ receivers, options: { concurrency: 1 } },
			{ token: 'old-token' },
		).catch((e) => e);
		expect(error.message).toMatch(
			/^Truecaller rejected the webhook token \(HTTP 401\): was it regenerated\?/,
		);
		expect(campaignRequests()).toHaveLength(1);

		sandbox.reset();
		const output = await send(
			{ receivers, options: { concurrency: 1 } },
			{ token: 'old-token', continueOnFail: true },
		);
		expect(campaignRequests()).toHaveLength(1);
		expect(json(output).map((j) => j.status)).toEqual(['failed', ...Array(9).fill('not sent')]);
		expect(json(output).every((j) => String(j.error).includes('was it regenerated?'))).toBe(true);
	});

	it('keeps under the requests-per-second cap, retries included, and loses nothing', async () => {
		const count = 45;
		const receivers = Array.from({ length: count }, (_, i) => `9841${String(100000 + i)}`);
		sandbox.script(CAMPAIGN_PATH, [{ match: `91${receivers[3]}`, status: 429, retryAfter: 0 }]);
		const output = await send({
			receivers: receivers.join(','),
			options: { requestsPerSecond: 30, concurrency: 10 },
		});
		const starts = campaignRequests().map((r: { at: string }) => Date.parse(r.at));
		const busiestSecond = Math.max(
			...starts.map((t: number) => starts.filter((u: number) => u >= t && u < t + 1000).length),
		);
		expect(busiestSecond).toBeLessThanOrEqual(32);
		expect(json(output).filter((j) => j.status === 'delivered')).toHaveLength(count);
		expect(campaignRequests()).toHaveLength(count + 1);
	});
});
