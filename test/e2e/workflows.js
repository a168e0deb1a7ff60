'use strict';
/**
 * The workflows only the suites import into n8n (beside the examples and credentials of
 * dev/examples.js): one per display unit, the deduplication triggers, the preview cases.
 */

/** A version 1 trigger keeps its key as a node parameter (in the workflow JSON, in plain text). */
const VERSION_1_KEY = 'v1-parameter-key-0a9b8c7d';

const TRUECALLER_CREDENTIAL = {
	truecallerApi: { id: 'tcSandboxCred001', name: 'Truecaller (sandbox)' },
};

/** The cell of each display unit the suite sends, with the exact content expected at the sandbox. */
const UNIT_CASES = [
	{
		unit: 'cid',
		parameters: {
			displayUnit: 'cid',
			templateStyle: '1',
			themeColor: '#0087FF',
			textColor: '#FFFFFF',
			title: 'Your order is on its way',
			subTitle: 'Call us on this number',
		},
		content: {
			theme_color: '#0087FF',
			text_color: '#FFFFFF',
			title: 'Your order is on its way',
			sub_title: 'Call us on this number',
		},
	},
	{
		unit: 'mid',
		parameters: {
			displayUnit: 'mid',
			templateStyle: '2',
			imageUrl: 'https://cdn.example.com/banner.png',
			deeplink: 'myapp://offers',
		},
		content: { image_url: 'https://cdn.example.com/banner.png', deeplink: 'myapp://offers' },
	},
	{
		unit: 'acs-answered',
		parameters: {
			displayUnit: 'acs-answered',
			templateStyle: '3',
			themeColor: '#112233',
			textColor: '#000000',
			title: 'ताज़े फूल 🌸',
			subTitle: 'Thanks for calling',
			callToAction: 'Shop',
			deeplink: 'https://example.com/x',
			imageUrl: 'https://cdn.example.com/s.jpg',
		},
		content: {
			theme_color: '#112233',
			text_color: '#000000',
			title: 'ताज़े फूल 🌸',
			sub_title: 'Thanks for calling',
			call_to_action: 'Shop',
			deeplink: 'https://example.com/x',
			image_url: 'https://cdn.example.com/s.jpg',
		},
	},
	{
		unit: 'acs-missed-rejected',
		parameters: {
			displayUnit: 'acs-missed-rejected',
			templateStyle: '4',
			themeColor: '#445566',
			textColor: '#FFFFFF',
			title: 'Sorry we missed you',
			subTitle: 'Tap to get a call back',
			callToAction: 'Call me',
			deeplink: 'https://example.com/cb',
			imageUrl: 'https://cdn.example.com/s.gif',
		},
		content: {
			theme_color: '#445566',
			text_color: '#FFFFFF',
			title: 'Sorry we missed you',
			sub_title: 'Tap to get a call back',
			call_to_action: 'Call me',
			deeplink: 'https://example.com/cb',
			image_url: 'https://cdn.example.com/s.gif',
		},
	},
	{
		unit: 'business-profile',
		parameters: {
			displayUnit: 'business-profile',
			templateStyle: '2',
			imageUrl: 'https://cdn.example.com/b.jpeg',
			deeplink: 'https://example.com/profile',
		},
		content: {
			image_url: 'https://cdn.example.com/b.jpeg',
			deeplink: 'https://example.com/profile',
		},
	},
];

/** The exact body the sandbox must receive for one of UNIT_CASES, sent to 919841012345. */
const expectedUnitBody = ({ unit, parameters, content }) => ({
	profile: {
		campaign_id: `e2e-${unit}`,
		campaign_name: 'E2E',
		campaign_type: 'lifecycle',
		receiver_number: '919841012345',
	},
	content: { display_unit: unit, template_style: parameters.templateStyle, ttl: '3', ...content },
});

function node(name, type, typeVersion, position, parameters, extra = {}) {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-${position}`,
		name,
		type,
		typeVersion,
		position: [position * 260, 0],
		parameters,
		...extra,
	};
}

function webhookNode(webhookPath, responseMode = 'onReceived') {
	return node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		0,
		{ httpMethod: 'POST', path: webhookPath, responseMode, options: {} },
		{ webhookId: `e2e-${webhookPath}` },
	);
}

function truecallerNode(name, position, parameters, extra = {}) {
	return node(
		name,
		'n8n-nodes-truecaller.truecaller',
		1,
		position,
		{
			resource: 'verifiedCampaign',
			operation: 'send',
			receivers: '={{ $json.body.receivers }}',
			defaultCountryCode: '91',
			contentMode: 'fields',
			additionalFields: { campaignName: 'E2E', campaignType: 'lifecycle', ttl: 3 },
			options: {},
			...parameters,
		},
		{ credentials: TRUECALLER_CREDENTIAL, ...extra },
	);
}

const main = (targets) => ({
	main: [targets.map((target) => ({ node: target, type: 'main', index: 0 }))],
});

function bulkNode(name, position, parameters, extra = {}) {
	return node(
		name,
		'n8n-nodes-truecaller.truecaller',
		1,
		position,
		{
			resource: 'verifiedCampaign',
			operation: 'sendInBulk',
			campaignId: 'console-campaign-e2e',
			receivers: '={{ $json.body.receivers }}',
			defaultCountryCode: '91',
			contents: {
				unit: [
					{ displayUnit: 'acs-answered', deeplink: 'https://example.com/offer', ttl: 7 },
					{ displayUnit: 'mid', deeplink: 'myapp://offers', ttl: 30 },
				],
			},
			bulkOptions: {
				concurrency: '={{ $json.body.concurrency ?? 20 }}',
				requestsPerSecond: '={{ $json.body.requestsPerSecond ?? 100 }}',
			},
			...parameters,
		},
		{
			credentials: {
				truecallerBulkApi: { id: 'tcBulkSandbox001', name: 'Truecaller Bulk API (sandbox)' },
			},
			...extra,
		},
	);
}

function workflow(id, name, nodes, connections) {
	return {
		id,
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

const TRUE_PULSE_CREDENTIAL = {
	truePulseApi: { id: 'tpSandboxCred001', name: 'True Pulse (sandbox)' },
};

/** The paths of the deduplication workflows, one per row of the deduplication table (docs/deduplication.md). */
const DEDUP_PATHS = {
	callMeBack: 'e2e-dedup-cmb',
	callMeBackLongHistory: 'e2e-dedup-cmb-100k',
	callEnd: 'e2e-dedup-tp',
	callEndRelay: 'e2e-dedup-tp-relay',
	removeDuplicatesOnly: 'e2e-dedup-remove-duplicates',
};

function triggerNode(kind, webhookPath, parameters = {}) {
	const isTruecaller = kind === 'truecaller';
	return node(
		isTruecaller ? 'Truecaller Trigger' : 'True Pulse Trigger',
		`n8n-nodes-truecaller.${isTruecaller ? 'truecallerTrigger' : 'truePulseTrigger'}`,
		1,
		0,
		{
			path: webhookPath,
			authentication: 'none',
			...(isTruecaller ? {} : { defaultCountryCode: '91' }),
			options: {},
			...parameters,
		},
		{ webhookId: webhookPath },
	);
}

/** Ids the long-history workflow remembers before its first request: the default maximum. */
const LONG_HISTORY = { remembered: 100000, id: (i) => `long-history-${i}` };

/** The static data a Truecaller Trigger saves after taking LONG_HISTORY's ids (built by its store). */
function longHistoryStaticData() {
	const { DedupStore } = require('../../dev/packageModule').packageModule(
		'nodes/shared/webhook/dedupStore',
	);
	const store = new DedupStore({ retentionHours: 96, maxEntries: LONG_HISTORY.remembered });
	const now = Date.now();
	for (let i = 0; i < LONG_HISTORY.remembered; i++) store.claim(LONG_HISTORY.id(i), now);
	return { 'node:Truecaller Trigger': { dedup: store.serialize(now) } };
}

/** Trigger -> No Operation: each execution is one event the trigger let through. */
function dedupWorkflows() {
	const noOp = node('Received', 'n8n-nodes-base.noOp', 1, 1, {});
	return [
		{
			...workflow(
				'e2eDedupCmb100k',
				'E2E: dedup, Call Me Back, 100,000 ids remembered',
				[triggerNode('truecaller', DEDUP_PATHS.callMeBackLongHistory), noOp],
				{ 'Truecaller Trigger': main(['Received']) },
			),
			staticData: longHistoryStaticData(),
		},
		workflow(
			'e2eDedupCmb0001',
			'E2E: dedup, Call Me Back',
			[triggerNode('truecaller', DEDUP_PATHS.callMeBack), noOp],
			{ 'Truecaller Trigger': main(['Received']) },
		),
		workflow(
			'e2eDedupTpEnd01',
			'E2E: dedup, True Pulse call end',
			[triggerNode('truePulse', DEDUP_PATHS.callEnd), noOp],
			{ 'True Pulse Trigger': main(['Received']) },
		),
		// What n8n's Remove Duplicates node gives on its own (the trigger's deduplication off).
		workflow(
			'e2eDedupRemDup01',
			'E2E: dedup, Remove Duplicates alone',
			[
				triggerNode('truecaller', DEDUP_PATHS.removeDuplicatesOnly, {
					options: { deduplicate: false },
				}),
				node('Once per event ID', 'n8n-nodes-base.removeDuplicates', 2, 1, {
					operation: 'removeItemsSeenInPreviousExecutions',
					logic: 'removeItemsWithAlreadySeenKeyValues',
					dedupeValue: '={{ $json.eventId }}',
					options: { scope: 'workflow', historySize: 100000 },
				}),
				node('Received', 'n8n-nodes-base.noOp', 1, 2, {}),
			],
			{
				'Truecaller Trigger': main(['Once per event ID']),
				'Once per event ID': main(['Received']),
			},
		),
		// The True Pulse action remembers what it delivered: its memory must not erase the trigger's.
		workflow(
			'e2eDedupTpRelay',
			'E2E: dedup, True Pulse trigger and action in one workflow',
			[
				triggerNode('truePulse', DEDUP_PATHS.callEndRelay),
				node(
					'Deliver to True Pulse',
					'n8n-nodes-truecaller.truePulse',
					1,
					1,
					{
						resource: 'callEndEvent',
						operation: 'send',
						payloadMode: 'json',
						payloadJson: '={{ JSON.stringify($json.raw) }}',
						options: { maxAttempts: 2, maxTotalSeconds: 20 },
					},
					{ credentials: TRUE_PULSE_CREDENTIAL },
				),
			],
			{ 'True Pulse Trigger': main(['Deliver to True Pulse']) },
		),
	];
}

/** Workflows only the tests need. Ids are 16 characters, as n8n makes them. */
function testWorkflows() {
	const units = UNIT_CASES.map((c, index) =>
		truecallerNode(`Send ${c.unit}`, index + 1, { campaignId: `e2e-${c.unit}`, ...c.parameters }),
	);
	const invalid = {
		campaignId: 'e2e-invalid',
		displayUnit: 'cid',
		templateStyle: '1',
		themeColor: '#0087FF',
		textColor: '#FFFFFF',
		title: '={{ $json.body.title }}',
		subTitle: 'x',
	};
	return [
		...dedupWorkflows(),
		workflow(
			'e2eTcVersion1v01',
			'E2E: Truecaller Trigger version 1 (key as a parameter)',
			[
				node(
					'Truecaller Trigger',
					'n8n-nodes-truecaller.truecallerTrigger',
					1,
					0,
					{
						path: 'e2e-truecaller-v1',
						events: ['callMeBack'],
						authentication: 'urlKey',
						urlKey: VERSION_1_KEY,
					},
					{ webhookId: 'e2e-truecaller-v1' },
				),
			],
			{},
		),
		workflow(
			'e2eTcHeaderV2001',
			'E2E: Truecaller Trigger version 2, header credential',
			[
				node(
					'Truecaller Trigger',
					'n8n-nodes-truecaller.truecallerTrigger',
					2,
					0,
					{ path: 'e2e-truecaller-header', events: ['callMeBack'], authentication: 'header' },
					{
						webhookId: 'e2e-truecaller-header',
						credentials: {
							truecallerWebhookHeaderApi: { id: 'tcWebhookHdr0001', name: 'Webhook header (e2e)' },
						},
					},
				),
			],
			{},
		),
		workflow(
			'e2eTpBasicV20001',
			'E2E: True Pulse Trigger version 2, basic auth credential',
			[
				node(
					'True Pulse Trigger',
					'n8n-nodes-truecaller.truePulseTrigger',
					2,
					0,
					{
						path: 'e2e-truepulse-basic',
						authentication: 'basic',
						defaultCountryCode: '91',
						options: {},
					},
					{
						webhookId: 'e2e-truepulse-basic',
						credentials: {
							truecallerWebhookBasicAuthApi: {
								id: 'tcWebhookBsc0001',
								name: 'Webhook basic auth (e2e)',
							},
						},
					},
				),
			],
			{},
		),
		workflow(
			'e2eCampaignUnits',
			'E2E: one campaign per display unit',
			[webhookNode('e2e-campaign-units'), ...units],
			{
				Webhook: main(units.map((u) => u.name)),
			},
		),
		workflow(
			'e2eBulkSend00001',
			'E2E: Send in Bulk',
			[webhookNode('e2e-bulk'), bulkNode('Send in Bulk', 1, {})],
			{ Webhook: main(['Send in Bulk']) },
		),
		workflow(
			'e2eSendStopped01',
			'E2E: a Send to stop',
			[
				webhookNode('e2e-send-stop'),
				truecallerNode('Send', 1, {
					campaignId: 'e2e-stop',
					...UNIT_CASES[0].parameters,
					options: { requestsPerSecond: 20 },
				}),
			],
			{ Webhook: main(['Send']) },
		),
		workflow(
			'e2eBuildPayload1',
			'E2E: Build Payload',
			[
				webhookNode('e2e-build-payload'),
				// No credential: Build Payload sends nothing and n8n asks for none.
				truecallerNode(
					'Build',
					1,
					{ operation: 'buildPayload', campaignId: 'e2e-build', ...UNIT_CASES[0].parameters },
					{ credentials: undefined },
				),
			],
			{ Webhook: main(['Build']) },
		),
		workflow(
			'e2eInvalidStops1',
			'E2E: invalid campaign fails the run',
			[webhookNode('e2e-invalid'), truecallerNode('Send', 1, invalid)],
			{
				Webhook: main(['Send']),
			},
		),
		workflow(
			'e2eInvalidGoesOn',
			'E2E: invalid campaign with continue on fail',
			[
				webhookNode('e2e-invalid-continue'),
				truecallerNode('Send', 1, invalid, { onError: 'continueRegularOutput' }),
			],
			{ Webhook: main(['Send']) },
		),
		workflow(
			'e2eTruePulseAck1',
			'E2E: True Pulse acknowledge after success',
			[
				node(
					'True Pulse Trigger',
					'n8n-nodes-truecaller.truePulseTrigger',
					1,
					0,
					{
						path: 'e2e-truepulse-ack',
						authentication: 'none',
						defaultCountryCode: '91',
						options: { acknowledge: 'afterSuccess' },
					},
					{ webhookId: 'e2e-truepulse-ack' },
				),
				node('Fails on DTMF 9', 'n8n-nodes-base.if', 2, 1, {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' },
						conditions: [
							{
								id: 'c1',
								leftValue: '={{ $json.dtmf }}',
								rightValue: '9',
								operator: { type: 'string', operation: 'equals' },
							},
						],
						combinator: 'and',
					},
					options: {},
				}),
				node('Stop and Error', 'n8n-nodes-base.stopAndError', 1, 2, {
					errorMessage: 'Simulated failure for DTMF 9',
				}),
			],
			{
				'True Pulse Trigger': main(['Fails on DTMF 9']),
				'Fails on DTMF 9': { main: [[{ node: 'Stop and Error', type: 'main', index: 0 }], []] },
			},
		),
		...previewWorkflows(),
		// Run by hand in the editor (manual trigger, never published): the preview in the output panel.
		workflow(
			'e2ePreviewEditor',
			'E2E: campaign preview in the editor',
			[
				node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
				truecallerNode('Build', 1, {
					operation: 'buildPayload',
					campaignId: 'e2e-preview',
					receivers: '9841012345',
					...PREVIEW_CASE,
				}),
			],
			{ Start: main(['Build']) },
		),
	];
}

/**
 * The preview read by n8n's own nodes, each behind a webhook: the Webhook node's "First Entry
 * Binary" answer, Respond to Webhook's "Binary File", and Extract From File (to text) answering its
 * JSON. Campaigns of PREVIEW_CASE; Send with Include Preview behind Respond to Webhook, so that its
 * receivers' shared file is what answers.
 */
function previewWorkflows() {
	const build = (parameters = {}) =>
		truecallerNode('Build', 1, {
			operation: 'buildPayload',
			campaignId: 'e2e-preview',
			...PREVIEW_CASE,
			...parameters,
		});
	const webhook = (webhookPath, responseMode, parameters) => {
		const trigger = webhookNode(webhookPath, responseMode);
		Object.assign(trigger.parameters, parameters);
		return trigger;
	};
	return [
		workflow(
			'e2ePreviewAnswer',
			'E2E: the Webhook node answers with the preview (First Entry Binary)',
			[
				webhook('e2e-preview-answer', 'lastNode', {
					responseData: 'firstEntryBinary',
					responseBinaryPropertyName: 'preview',
				}),
				build(),
			],
			{ Webhook: main(['Build']) },
		),
		workflow(
			'e2ePreviewRespond',
			'E2E: Respond to Webhook answers with the preview of a Send (Binary File)',
			[
				webhook('e2e-preview-respond', 'responseNode', {}),
				build({
					operation: 'send',
					campaignId: 'e2e-preview-send',
					options: { includePreview: true },
				}),
				node('Respond', 'n8n-nodes-base.respondToWebhook', 1.1, 2, {
					respondWith: 'binary',
					responseDataSource: 'set',
					inputFieldName: 'preview',
					options: {},
				}),
			],
			{ Webhook: main(['Build']), Build: main(['Respond']) },
		),
		workflow(
			'e2ePreviewExtract',
			'E2E: Extract From File reads the preview as text',
			[
				webhook('e2e-preview-extract', 'lastNode', { responseData: 'firstEntryJson' }),
				build(),
				node('Extract', 'n8n-nodes-base.extractFromFile', 1, 2, {
					operation: 'text',
					binaryPropertyName: 'preview',
					destinationKey: 'svg',
					options: {},
				}),
			],
			{ Webhook: main(['Build']), Build: main(['Extract']) },
		),
	];
}

/** What the preview of PREVIEW_CASE holds, wherever n8n hands it over. */
const PREVIEW_MARKS = [
	/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="campaign-preview"/,
	/data-display-unit="acs-missed-rejected" data-template-style="3" data-valid="true"/,
	/>Sorry we missed you</,
];

/** The cell the editor check shows: an after-call pop-up with its image on the left. */
const PREVIEW_CASE = {
	displayUnit: 'acs-missed-rejected',
	templateStyle: '3',
	themeColor: '#C5221F',
	textColor: '#FFFFFF',
	title: 'Sorry we missed you',
	subTitle: 'Flat 50% off your next order',
	callToAction: 'Redeem',
	deeplink: 'https://example.com/offers',
	imageUrl: 'https://cdn.example.com/side.png',
};

module.exports = {
	node,
	PREVIEW_MARKS,
	DEDUP_PATHS,
	LONG_HISTORY,
	VERSION_1_KEY,
	testWorkflows,
	UNIT_CASES,
	expectedUnitBody,
};
