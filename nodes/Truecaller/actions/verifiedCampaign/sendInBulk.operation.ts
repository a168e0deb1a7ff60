/**
 * Send in Bulk: one console-defined campaign to very many receivers through Truecaller's Bulk API,
 * 500 receivers per call, one access token per run. Receivers are read, normalised and
 * deduplicated across the whole run before the first call; each batch goes through the shared
 * delivery engine, so a batch that got a 2xx is never sent again.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
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
import { countryCodeIssue, refuseInvalidItems } from './campaignItems';
import { hashReceiversOption } from './common.descriptions';
import { CAMPAIGN_RESOURCE, SEND_IN_BULK } from '../names';
import { TTL_HINT, displayUnitOptions } from '../../campaign/fields';
import { CONTENT_FIELDS, TTL_DAYS } from '../../campaign/matrix';
import {
	AccessTokens,
	BULK_CREDENTIAL,
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
import {
	type DeliveryOptionValues,
	deliveryOptionProperties,
	deliveryPolicy,
} from '../../../shared/delivery/options';
import {
	apiErrorBody,
	inInputOrder,
	outcomeJson,
	throwUnlessAllDelivered,
} from '../../../shared/output';

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
			context.getNodeParameter('defaultCountryCode', itemIndex, '91'),
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

function batchesOf(count: number): Array<{ start: number; end: number }> {
	const size = BULK_LIMITS.campaignsPerCall;
	return Array.from({ length: Math.ceil(count / size) }, (_, index) => ({
		start: index * size,
		end: Math.min(count, (index + 1) * size),
	}));
}

export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('bulkOptions', 0, {}) as BulkOptions;
	const built = readItems(context, options.hashReceivers === true);
	const refused = refuseInvalidItems(context, 'bulk campaign', built);

	const { queued, skipped } = onceAcrossRun(built);

	const credentials = readBulkCredentials(await context.getCredentials(BULK_CREDENTIAL));
	const credentialProblem = checkBulkCredentials(credentials);
	if (credentialProblem) throw new NodeOperationError(context.getNode(), credentialProblem);
	const urls = bulkUrls(credentials);
	const signal = context.getExecutionCancelSignal?.();
	const timeout = options.timeout ?? TRUECALLER_BULK_DELIVERY.defaults.timeoutMs;

	async function post(
		url: string,
		headers: Record<string, string>,
		body: object,
	): Promise<HttpResponse> {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url,
			headers,
			body: body as IDataObject,
			json: true,
			timeout,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			...(signal ? { abortSignal: signal } : {}),
		};
		const response = (await context.helpers.httpRequest(request)) as HttpResponse;
		return {
			statusCode: response.statusCode,
			headers: response.headers ?? {},
			body: response.body,
		};
	}

	const tokens = new AccessTokens(async () => {
		const answer = await requestAccessToken(post, credentials);
		if ('token' in answer) return answer.token;
		const { statusCode, body, message } = answer.refusal;
		if (statusCode === undefined) throw new NodeOperationError(context.getNode(), message);
		throw new NodeApiError(context.getNode(), apiErrorBody(body), {
			message,
			httpCode: String(statusCode),
		});
	}, Date.now);
	// Obtained before the first call, so that refused keys fail the run with Truecaller's answer.
	if (queued.length > 0) await tokens.current();

	const batches = batchesOf(queued.length);
	const bodyOf = ({ start, end }: { start: number; end: number }) => ({
		campaigns: queued.slice(start, end).map((entry) => entry.campaign),
	});
	const policy = deliveryPolicy(options, TRUECALLER_BULK_DELIVERY, 0, signal);
	policy.renewCredentials = async (response) =>
		await tokens.renewAfterRejection(
			(response as HttpResponse & { generation: number }).generation,
		);
	const outcomes = await deliverAll(
		batches,
		async (batch) => {
			const token = await tokens.current();
			const response = await post(
				urls.bulkUpload,
				{ Authorization: `Bearer ${token.value}` },
				bodyOf(batch),
			);
			if (response.statusCode >= 200 && response.statusCode < 300)
				tokens.accepted(token.generation);
			return { ...response, generation: token.generation };
		},
		policy,
	);

	const itemsOfBatch = (index: number) => {
		const { start, end } = batches[index];
		return [...new Set(queued.slice(start, end).map((entry) => entry.itemIndex))];
	};
	if (!context.continueOnFail())
		throwUnlessAllDelivered(
			context,
			outcomes.map((outcome, index) => ({
				outcome,
				itemIndex: itemsOfBatch(index)[0],
				label: `batch ${index + 1} (${batches[index].end - batches[index].start} receivers)`,
			})),
		);

	const output: INodeExecutionData[] = [...refused];
	if (options.outputPerBatch) {
		outcomes.forEach((outcome, index) => {
			const json: IDataObject = {
				batch: index + 1,
				receivers: batches[index].end - batches[index].start,
				...outcomeJson(outcome),
			};
			if (options.includePayload) json.payload = bodyOf(batches[index]);
			output.push({ json, pairedItem: itemsOfBatch(index).map((item) => ({ item })) });
		});
		return output;
	}
	return inInputOrder([
		...output,
		...perReceiverItems(context, queued, batches, outcomes, skipped, options),
	]);
}

/** One item per receiver, grouped by the input item it came from, paired through n8n's helpers. */
function perReceiverItems(
	context: IExecuteFunctions,
	queued: QueuedCampaign[],
	batches: Array<{ start: number; end: number }>,
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
	batches.forEach(({ start, end }, index) => {
		const outcome = outcomeJson(outcomes[index]);
		for (let at = start; at < end; at++) {
			const { campaign, itemIndex } = queued[at];
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
