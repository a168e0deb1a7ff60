/**
 * The output schemas n8n's editor shows before a first run (it asks for
 * /schemas/<node type>/<version>/<resource>/<operation>.json, served from __schema__ next to the
 * node's file). They are generated here from what the nodes really output on sample inputs, through
 * the same code the nodes run, and this test fails when a shipped schema and the output drift apart.
 * Regenerate with: UPDATE_OUTPUT_SCHEMAS=1 npx jest test/shared/outputSchemas.test.ts
 */
import type { IDataObject, INodeType } from 'n8n-workflow';

import { forgetAllDedupStores } from '../../nodes/shared/webhook/dedupStore';
import { TruePulse } from '../../nodes/TruePulse/TruePulse.node';
import { TruePulseTrigger } from '../../nodes/TruePulse/TruePulseTrigger.node';
import { Truecaller } from '../../nodes/Truecaller/Truecaller.node';
import { TruecallerTrigger } from '../../nodes/Truecaller/TruecallerTrigger.node';
import { TruecallerAudienceTrigger } from '../../nodes/TruecallerAudience/TruecallerAudienceTrigger.node';
import { segmentSignature, webEngageSecret } from '../../nodes/TruecallerAudience/trigger/senders';
import { CAMPAIGN_OPERATIONS } from '../../nodes/Truecaller/actions/verifiedCampaign/VerifiedCampaign.resource';
import {
	FROM_CLEVERTAP,
	FROM_SEGMENT,
	FROM_WEBENGAGE,
	SEND_IN_BULK,
} from '../../nodes/Truecaller/actions/names';
import { AUDIENCE_OPERATIONS } from '../../nodes/Truecaller/actions/audience/Audience.resource';
import { CALL_END_OPERATIONS } from '../../nodes/TruePulse/actions/callEnd/CallEnd.resource';
import { runNode } from '../support/executor';
import { callWebhook } from '../support/harness';
import { SAMPLE_FIELD_VALUES } from '../support/samples';
import truecallerCmb from '../support/seeds/truecaller-cmb.json';
import truePulseCallEnd from '../support/seeds/truepulse-call-end.json';
import segmentCalls from '../support/seeds/segment-calls.json';
import webEngageJourney from '../support/seeds/webengage-journey.json';
import {
	outputSchemaUpdateRequested,
	readRepositoryFile,
	repositoryFileExists,
	writeRepositoryFile,
} from '../support/repositoryFiles';
import { createSandbox } from '../../dev/sandbox/sandbox';

const VERSION_DIR = 'v1.0.0';

type JsonSchema = { type: string; properties?: Record<string, JsonSchema>; items?: JsonSchema };

/** The schema of a set of sample values: the union of their properties, the first non-null type. */
export function schemaOf(values: unknown[]): JsonSchema {
	const present = values.filter((value) => value !== undefined);
	const typed = present.filter((value) => value !== null);
	if (typed.length === 0) return { type: 'null' };
	const first = typed[0];
	if (Array.isArray(first)) {
		const elements = typed.flatMap((value) => (Array.isArray(value) ? value : []));
		return elements.length > 0 ? { type: 'array', items: schemaOf(elements) } : { type: 'array' };
	}
	if (typeof first === 'object') {
		const objects = typed.filter(
			(value): value is Record<string, unknown> =>
				typeof value === 'object' && !Array.isArray(value),
		);
		const keys = [...new Set(objects.flatMap((value) => Object.keys(value)))].sort();
		return {
			type: 'object',
			properties: Object.fromEntries(
				keys.map((key) => [key, schemaOf(objects.map((value) => value[key]))]),
			),
		};
	}
	return { type: typeof first };
}

let sandbox: ReturnType<typeof createSandbox>;
beforeAll(async () => {
	sandbox = createSandbox({
		orgId: 'org-1',
		token: 'token-1',
		truePulseHeader: 'X-TP-Key: tp',
		bulkKeyId: 'key-1',
		bulkApiKey: 'secret-1',
	});
	await sandbox.listen();
});
afterAll(async () => await sandbox.close());
beforeEach(() => forgetAllDedupStores());

const json = (output: Array<Array<{ json: IDataObject }>>) => output[0].map((item) => item.json);

function truecaller(parameters: Record<string, unknown>, items?: IDataObject[]) {
	return runNode({
		node: new Truecaller(),
		credentials: { endpointUrl: sandbox.campaignUrl, orgId: 'org-1', webhookToken: 'token-1' },
		parameters: {
			campaignId: 'spring-42',
			receivers: '+91 98410 12345',
			defaultCountryCode: '91',
			contentMode: 'fields',
			displayUnit: 'cid',
			templateStyle: '1',
			themeColor: SAMPLE_FIELD_VALUES.theme_color,
			textColor: SAMPLE_FIELD_VALUES.text_color,
			title: SAMPLE_FIELD_VALUES.title,
			subTitle: SAMPLE_FIELD_VALUES.sub_title,
			additionalFields: {},
			options: {},
			bodyField: 'body',
			withoutPhone: 'skip',
			emitTestItem: false,
			...parameters,
		},
		items,
	});
}

const CLEVERTAP_BODY = {
	targetId: 1472124953,
	key_values: { PromoCode: 'MT50' },
	profiles: [
		{
			Email: 'asha@example.com',
			Identity: 'asha',
			ObjectId: '-g55b74fb1030740e4a4931910a8abb862',
			phone: '+917872483227',
			ProfileData: { Name: 'Asha' },
			Event_properties: { Score: 1200 },
		},
	],
};

/** A sample input item of each audience operation, as its trigger (or Webhook node) hands it on. */
const AUDIENCE_INPUTS: Record<string, IDataObject> = {
	[FROM_CLEVERTAP]: { body: CLEVERTAP_BODY },
	[FROM_SEGMENT]: { body: [segmentCalls.identify, segmentCalls.track] },
	[FROM_WEBENGAGE]: { requestId: 'a1b2c3', eventType: null, body: webEngageJourney },
};

/** The test credential values of the Audience Trigger's sample run. */
const AUDIENCE_SHARED_VALUE = 'schema-shared-value';

const TRUECALLER_EVENTS = [
	truecallerCmb,
	{
		event_id: 'f-1',
		client_account_id: 'acc',
		event_type: 'user_feedback',
		created_at: '1753945760',
		feedback_payload: { answer: 'yes' },
	},
	{
		event_id: 'i-1',
		reference_id: '911234567891',
		org_id: 'org-9',
		campaign_id: 'spring-42',
		display_unit: 'cid',
		impression_timestamp: '1753945760',
		click_timestamp: '1753945790',
		is_interested: 'true',
		business_number: '910987654321',
	},
];

/** Send in Bulk speaks to the Bulk API, with its own credential. */
function truecallerBulk(parameters: Record<string, unknown>) {
	return runNode({
		node: new Truecaller(),
		credentials: {
			baseUrl: sandbox.url,
			organisationId: 'org-1',
			keyId: 'key-1',
			apiKey: 'secret-1',
		},
		parameters: {
			campaignId: 'console-campaign-7',
			receivers: '+91 98410 12345',
			defaultCountryCode: '91',
			contents: {
				unit: [{ displayUnit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: 7 }],
			},
			bulkOptions: {},
			...parameters,
		},
	});
}

/** Every node and operation with the sample run that shows its output. */
const CASES: Array<{ file: string; node: INodeType; outputs: () => Promise<IDataObject[]> }> = [
	...CAMPAIGN_OPERATIONS.map((operation) => ({
		file: `nodes/Truecaller/__schema__/${VERSION_DIR}/verifiedCampaign/${operation.value}.json`,
		node: new Truecaller(),
		outputs: async () => {
			const parameters = { resource: 'verifiedCampaign', operation: operation.value };
			return json(
				await (operation.value === SEND_IN_BULK ? truecallerBulk : truecaller)(parameters),
			);
		},
	})),
	...AUDIENCE_OPERATIONS.map((operation) => ({
		file: `nodes/Truecaller/__schema__/${VERSION_DIR}/audience/${operation.value}.json`,
		node: new Truecaller(),
		outputs: async () =>
			json(
				await truecaller({ resource: 'audience', operation: operation.value }, [
					AUDIENCE_INPUTS[operation.value],
				]),
			),
	})),
	...CALL_END_OPERATIONS.map((operation) => ({
		file: `nodes/TruePulse/__schema__/${VERSION_DIR}/callEndEvent/${operation.value}.json`,
		node: new TruePulse(),
		outputs: async () =>
			json(
				await runNode({
					node: new TruePulse(),
					credentials: {
						endpointUrl: sandbox.truePulseUrl,
						headerName: 'X-TP-Key',
						headerSecret: 'tp',
					},
					parameters: {
						resource: 'callEndEvent',
						operation: operation.value,
						payloadMode: 'json',
						payloadJson: JSON.stringify(truePulseCallEnd),
						options: {},
					},
				}),
			),
	})),
	{
		file: `nodes/Truecaller/__schema__/${VERSION_DIR}.json`,
		node: new TruecallerTrigger(),
		outputs: async () => {
			const items: IDataObject[] = [];
			for (const body of TRUECALLER_EVENTS) {
				const result = await callWebhook(
					new TruecallerTrigger(),
					{
						path: 'truecaller',
						events: ['callMeBack', 'userFeedback', 'campaignInteraction'],
						authentication: 'urlKey',
						urlKey: 'k',
						userFeedbackEventType: '',
						options: {},
					},
					{ body, query: { key: 'k' } },
				);
				items.push(...(result.items ?? []));
			}
			return items;
		},
	},
	{
		file: `nodes/TruecallerAudience/__schema__/${VERSION_DIR}.json`,
		node: new TruecallerAudienceTrigger(),
		outputs: async () => {
			const text = JSON.stringify([segmentCalls.identify, segmentCalls.track]);
			const credentials = {
				segmentWebhookApi: { sharedSecret: AUDIENCE_SHARED_VALUE },
				webEngageWebhookApi: { licenseCode: 'lc', webhookSecretKey: AUDIENCE_SHARED_VALUE },
			};
			const segment = await callWebhook(
				new TruecallerAudienceTrigger(),
				{ path: 'audience', platform: 'segment', options: {} },
				{
					body: JSON.parse(text),
					headers: { 'x-signature': segmentSignature(text, AUDIENCE_SHARED_VALUE) },
				},
				{ staticData: {}, credentials },
			);
			const webEngage = await callWebhook(
				new TruecallerAudienceTrigger(),
				{ path: 'audience', platform: 'webEngage', options: {} },
				{
					body: webEngageJourney,
					headers: { 'x-request-id': 'a1b2c3' },
					query: { licenseCode: 'lc', secret: webEngageSecret('lc', AUDIENCE_SHARED_VALUE) },
				},
				{ staticData: {}, credentials },
			);
			return [...(segment.items ?? []), ...(webEngage.items ?? [])];
		},
	},
	{
		file: `nodes/TruePulse/__schema__/${VERSION_DIR}.json`,
		node: new TruePulseTrigger(),
		outputs: async () =>
			(
				await callWebhook(
					new TruePulseTrigger(),
					{ path: 'truepulse', authentication: 'none', defaultCountryCode: '91', options: {} },
					{ body: truePulseCallEnd },
				)
			).items ?? [],
	},
];

describe('output schemas shipped for the editor', () => {
	it('cover every operation of every action node', () => {
		const files = CASES.map((c) => c.file);
		for (const node of [new Truecaller(), new TruePulse()]) {
			const dir = node.description.name === 'truecaller' ? 'Truecaller' : 'TruePulse';
			const operations = node.description.properties.filter((p) => p.name === 'operation');
			for (const property of operations) {
				const resource = property.displayOptions?.show?.resource?.[0];
				for (const option of property.options as Array<{ value: string }>)
					expect(files).toContain(
						`nodes/${dir}/__schema__/${VERSION_DIR}/${resource}/${option.value}.json`,
					);
			}
		}
	});

	it.each(CASES.map((c) => [c.file, c] as const))(
		'%s matches what the node outputs',
		async (file, c) => {
			const outputs = await c.outputs();
			expect(outputs.length).toBeGreaterThan(0);
			const schema = schemaOf(outputs);
			if (outputSchemaUpdateRequested)
				writeRepositoryFile(file, `${JSON.stringify(schema, null, '\t')}\n`);
			expect(repositoryFileExists(file)).toBe(true);
			expect(JSON.parse(readRepositoryFile(file))).toEqual(schema);
		},
	);
});
