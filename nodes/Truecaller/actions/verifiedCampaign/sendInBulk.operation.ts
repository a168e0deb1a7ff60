/**
 * Send in Bulk: one console-defined campaign to very many receivers through Truecaller's Bulk API,
 * 500 receivers per call, one access token per run. Receivers are read, normalised and
 * deduplicated across the whole run before the first call; each batch goes through the shared
 * delivery engine, so a batch that got a 2xx is never sent again.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	type QueuedCampaign,
	type SkippedCampaign,
	BULK_LIMITS,
	buildBulkCampaigns,
	onceAcrossRun,
} from '../../campaign/bulk';
import { countryCodeIssue } from './campaignItems';
import { hashReceiversOption } from './common.descriptions';
import { CAMPAIGN_RESOURCE, SEND_IN_BULK } from '../names';
import { TTL_HINT, displayUnitOptions } from '../../campaign/fields';
import { CONTENT_FIELDS, TTL_DAYS } from '../../campaign/matrix';
import {
	AccessTokens,
	BULK_CREDENTIAL,
	type BulkCredentials,
	TRUECALLER_BULK_DELIVERY,
	bulkUrls,
	checkBulkCredentials,
	readBulkCredentials,
	requestAccessToken,
} from '../../bulkTransport';
import {
	type DeliveryOutcome,
	type HttpResponse,
	deliverAll,
} from '../../../shared/delivery/engine';
import { type JsonPost, jsonPoster } from '../../../shared/delivery/http';
import {
	type DeliveryOptionValues,
	deliveryOptionProperties,
	deliveryPolicy,
	requestTimeout,
} from '../../../shared/delivery/options';
import {
	apiErrorBody,
	inInputOrder,
	outcomeJson,
	refuseInvalidItems,
	throwUnlessAllDelivered,
} from '../../../shared/output';
import { DEFAULT_COUNTRY_CODE } from '../../../shared/phone';

interface BulkOptions extends DeliveryOptionValues {
	hashReceivers?: boolean;
	outputPerBatch?: boolean;
}

/** Send in Bulk's own parameters; the receivers it shares with the other operations come first. */
export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [CAMPAIGN_RESOURCE], operation: [SEND_IN_BULK] } },
	[
		{
			displayName: 'Campaign ID',
			name: 'campaignId',
			type: 'string',
			required: true,
			default: '',
			description:
				"The campaign's ID in the console (Campaigns tab): its template is the one shown, sent as <code>campaign_id</code>",
		},
		{
			displayName: 'Display Units',
			name: 'contents',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, maxAllowedFields: BULK_LIMITS.contents.max },
			required: true,
			default: { unit: [{ displayUnit: 'acs-answered', deeplink: '', ttl: 30 }] },
			placeholder: 'Add Display Unit',
			hint: `${BULK_LIMITS.contents.min} to ${BULK_LIMITS.contents.max} display units, each once`,
			description:
				'Where the campaign shows: each display unit with its deeplink and time to live (sent as <code>contents</code>)',
			options: [
				{
					name: 'unit',
					displayName: 'Display Unit',
					values: [
						{
							displayName: 'Display Unit',
							name: 'displayUnit',
							type: 'options',
							options: displayUnitOptions,
							default: 'acs-answered',
						},
						{
							displayName: 'Deeplink',
							name: 'deeplink',
							type: 'string',
							default: '',
							placeholder: 'https://example.com/offer',
							description: CONTENT_FIELDS.deeplink.hint,
						},
						{
							displayName: 'Time to Live (Days)',
							name: 'ttl',
							type: 'number',
							typeOptions: { minValue: TTL_DAYS.min, maxValue: TTL_DAYS.max, numberPrecision: 0 },
							default: 30,
							hint: TTL_HINT,
							description: 'How long Truecaller keeps showing the campaign in this display unit',
						},
					],
				},
			],
		},
		{
			displayName: 'Options',
			name: 'bulkOptions',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: deliveryOptionProperties(TRUECALLER_BULK_DELIVERY, [
				hashReceiversOption,
				{
					displayName: 'One Output Item per Batch',
					name: 'outputPerBatch',
					type: 'boolean',
					default: false,
					description: `Whether to output one item per call of up to ${BULK_LIMITS.campaignsPerCall} receivers instead of one per receiver (for very large audiences)`,
				},
			]),
		},
	],
);

function readContents(context: IExecuteFunctions, itemIndex: number): unknown {
	const collection = context.getNodeParameter('contents', itemIndex, {}) as {
		unit?: Array<{ displayUnit?: unknown; deeplink?: unknown; ttl?: unknown }>;
	};
	return (collection.unit ?? []).map((unit) => ({
		display_unit: unit.displayUnit,
		deeplink: unit.deeplink,
		ttl: unit.ttl,
	}));
}

function readItems(context: IExecuteFunctions, hashReceivers: boolean) {
	return context.getInputData().map((_, itemIndex) => {
		const countryCode = String(
			context.getNodeParameter('defaultCountryCode', itemIndex, DEFAULT_COUNTRY_CODE),
		).trim();
		const countryIssue = countryCodeIssue(countryCode);
		if (countryIssue) return { itemIndex, campaigns: [], issues: [countryIssue] };
		const built = buildBulkCampaigns(
			{
				campaignId: context.getNodeParameter('campaignId', itemIndex),
				receivers: context.getNodeParameter('receivers', itemIndex),
				contents: readContents(context, itemIndex),
			},
			{ countryCode, hashReceivers },
		);
		return { itemIndex, ...built };
	});
}

/** The receivers of one bulk-upload call, in run order. */
type Batch = QueuedCampaign[];

function batchesOf(queued: QueuedCampaign[]): Batch[] {
	const size = BULK_LIMITS.campaignsPerCall;
	return Array.from({ length: Math.ceil(queued.length / size) }, (_, index) =>
		queued.slice(index * size, (index + 1) * size),
	);
}

const bodyOf = (batch: Batch) => ({ campaigns: batch.map((entry) => entry.campaign) });

/** The input items whose receivers a batch carries, each once. */
const itemsOf = (batch: Batch) => [...new Set(batch.map((entry) => entry.itemIndex))];

/** The run's Bulk API credentials, checked before anything is sent. */
async function bulkCredentials(context: IExecuteFunctions): Promise<BulkCredentials> {
	const credentials = readBulkCredentials(await context.getCredentials(BULK_CREDENTIAL));
	const problem = checkBulkCredentials(credentials);
	if (problem) throw new NodeOperationError(context.getNode(), problem);
	return credentials;
}

/** The run's access tokens; a refused token request fails the node with Truecaller's answer. */
function accessTokens(
	context: IExecuteFunctions,
	post: JsonPost,
	credentials: BulkCredentials,
): AccessTokens {
	return new AccessTokens(async () => {
		const answer = await requestAccessToken(post, credentials);
		if ('token' in answer) return answer.token;
		const { statusCode, body, message } = answer.refusal;
		if (statusCode === undefined) throw new NodeOperationError(context.getNode(), message);
		throw new NodeApiError(context.getNode(), apiErrorBody(body), {
			message,
			httpCode: String(statusCode),
		});
	}, Date.now);
}

/** Rethrows, unless the execution was cancelled (`signal` aborted): then the run ends cleanly. */
const rethrowUnless = (signal: AbortSignal | undefined) => (error: unknown) => {
	if (signal?.aborted !== true) throw error;
	return undefined;
};

/** An answer with the token generation it was sent with, to renew the right token after a 401/403. */
type AnswerWithToken = HttpResponse & { generation: number };

/** Every batch through the delivery engine, each call with the run's current access token. */
async function deliverBatches(
	context: IExecuteFunctions,
	options: BulkOptions,
	batches: Batch[],
): Promise<DeliveryOutcome[]> {
	const credentials = await bulkCredentials(context);
	const post = jsonPoster(context, requestTimeout(options, TRUECALLER_BULK_DELIVERY));
	const tokens = accessTokens(context, post, credentials);
	const signal = context.getExecutionCancelSignal?.();
	// Obtained before the first call, so that refused keys fail the run with Truecaller's answer; a
	// token request cut short by a cancelled execution is no failure: every batch ends unsent below.
	if (batches.length > 0) await tokens.current().catch(rethrowUnless(signal));
	const policy = deliveryPolicy(options, TRUECALLER_BULK_DELIVERY, 0, signal);
	policy.renewCredentials = async (response) =>
		await tokens.renewAfterRejection((response as AnswerWithToken).generation);
	const { bulkUpload } = bulkUrls(credentials);
	const send = async (batch: Batch): Promise<AnswerWithToken> => {
		const token = await tokens.current();
		const response = await post(bulkUpload, bodyOf(batch), {
			Authorization: `Bearer ${token.value}`,
		});
		if (response.statusCode >= 200 && response.statusCode < 300) tokens.accepted(token.generation);
		return { ...response, generation: token.generation };
	};
	return await deliverAll(batches, send, policy);
}

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('bulkOptions', 0, {}) as BulkOptions;
	const built = readItems(context, options.hashReceivers === true);
	const refused = refuseInvalidItems(context, 'bulk campaign', built);
	const { queued, skipped } = onceAcrossRun(built);
	const batches = batchesOf(queued);
	const outcomes = await deliverBatches(context, options, batches);
	if (!context.continueOnFail())
		throwUnlessAllDelivered(
			context,
			outcomes.map((outcome, index) => ({
				outcome,
				itemIndex: itemsOf(batches[index])[0],
				label: `batch ${index + 1} (${batches[index].length} receivers)`,
			})),
		);
	if (options.outputPerBatch) return [...refused, ...perBatchItems(batches, outcomes, options)];
	return inInputOrder([
		...refused,
		...perReceiverItems(context, batches, outcomes, skipped, options),
	]);
}

/** One item per call, paired with the input items of its receivers; repeats are not itemised. */
function perBatchItems(
	batches: Batch[],
	outcomes: DeliveryOutcome[],
	options: BulkOptions,
): INodeExecutionData[] {
	return outcomes.map((outcome, index) => {
		const json: IDataObject = {
			batch: index + 1,
			receivers: batches[index].length,
			...outcomeJson(outcome),
		};
		if (options.includePayload) json.payload = bodyOf(batches[index]);
		return { json, pairedItem: itemsOf(batches[index]).map((item) => ({ item })) };
	});
}

/** One item per receiver, grouped by the input item it came from, paired through n8n's helpers. */
function perReceiverItems(
	context: IExecuteFunctions,
	batches: Batch[],
	outcomes: DeliveryOutcome[],
	skipped: SkippedCampaign[],
	options: BulkOptions,
): INodeExecutionData[] {
	const byItem = new Map<number, IDataObject[]>();
	const add = (itemIndex: number, json: IDataObject) => {
		const list = byItem.get(itemIndex);
		if (list) list.push(json);
		else byItem.set(itemIndex, [json]);
	};
	batches.forEach((batch, index) => {
		const outcome = outcomeJson(outcomes[index]);
		for (const { campaign, itemIndex } of batch) {
			const json: IDataObject = {
				receiver: campaign.receiver_number,
				campaignId: campaign.campaign_id,
				batch: index + 1,
				...outcome,
			};
			if (options.includePayload) json.payload = campaign as unknown as IDataObject;
			add(itemIndex, json);
		}
	});
	for (const { campaign, itemIndex, firstItemIndex } of skipped)
		add(itemIndex, {
			receiver: campaign.receiver_number,
			campaignId: campaign.campaign_id,
			status: 'skipped',
			reason: `same campaign and receiver as item ${firstItemIndex}, sent once`,
		});
	return [...byItem.keys()]
		.sort((a, b) => a - b)
		.flatMap((itemIndex) =>
			context.helpers.constructExecutionMetaData(
				context.helpers.returnJsonArray(byItem.get(itemIndex) ?? []),
				{ itemData: { item: itemIndex } },
			),
		);
}
