import type {
	ICheckProcessedOptions,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { deliverAll } from '../../../shared/delivery/engine';
import {
	type DeliveryOptionValues,
	deliveryOptionProperties,
	deliveryPolicy,
	requestTimeout,
} from '../../../shared/delivery/options';
import { posterFor } from '../../../shared/delivery/http';
import {
	inInputOrder,
	outcomeJson,
	refuseInvalidItems,
	throwUnlessAllDelivered,
} from '../../../shared/output';
import { CALL_END_FIELDS, CALL_STATUSES, validateCallEnd } from '../../callEnd';
import { CALL_END_RESOURCE, SEND } from '../names';
import { type ValidationIssue, isPlainObject, parseIfJsonText } from '../../../shared/validation';
import {
	DEFAULT_MAX_TOTAL_SECONDS,
	ENDPOINT_FIELD,
	TRUE_PULSE_CREDENTIAL,
	TRUE_PULSE_DELIVERY,
} from '../../transport';

/** One parameter per call-end payload field, from the same table the validation uses. */
const payloadFields: INodeProperties[] = CALL_END_FIELDS.map((field) => ({
	displayName: field.label,
	name: field.wire,
	...(field.wire === 'tpCallStatus'
		? {
				type: 'options' as const,
				options: CALL_STATUSES.map((status) => ({ name: status, value: status })),
				default: 'Answered',
			}
		: { type: 'string' as const, default: '', placeholder: field.placeholder }),
	required: field.required,
	description: `${field.hint} (sent as <code>${field.wire}</code>)`,
	displayOptions: { show: { payloadMode: ['fields'] } },
}));

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: [CALL_END_RESOURCE], operation: [SEND] } },
	[
		{
			displayName: 'Payload',
			name: 'payloadMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Define in Fields', value: 'fields' },
				{
					name: 'JSON',
					value: 'json',
					description: 'The call-end object as True Pulse specifies it',
				},
			],
			default: 'fields',
		},
		...payloadFields,
		{
			displayName: 'Payload JSON',
			name: 'payloadJson',
			type: 'json',
			required: true,
			default: '{\n  "tpCallID": "",\n  "tpCallStatus": "Answered"\n}',
			displayOptions: { show: { payloadMode: ['json'] } },
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: deliveryOptionProperties(TRUE_PULSE_DELIVERY, [
				{
					displayName: 'Max Total Time (Seconds)',
					name: 'maxTotalSeconds',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_MAX_TOTAL_SECONDS,
					description:
						'Stop retrying a call once this much time has passed since its first attempt',
				},
				{
					displayName: 'Skip Calls Already Delivered',
					name: 'skipDelivered',
					type: 'boolean',
					default: true,
					description:
						'Whether a tpCallID that got SUCCESS from this node before (in any production run of this workflow) is skipped instead of sent again',
				},
			]),
		},
	],
);

/**
 * The delivered memory lives in n8n's deduplication store (its database, as the Remove Duplicates
 * node uses), scoped to this node: not in workflow static data, which is one column per workflow
 * written whole, where a trigger's saves and this node's would erase each other.
 */
const DELIVERED_MEMORY: ICheckProcessedOptions = { mode: 'entries', maxEntries: 100000 };
const CLAIM_ATTEMPTS = 3;

interface CallEndOptions extends DeliveryOptionValues {
	maxTotalSeconds?: number;
	skipDelivered?: boolean;
}

function readPayload(
	context: IExecuteFunctions,
	itemIndex: number,
): { payload: Record<string, unknown>; issues: ValidationIssue[] } {
	if (context.getNodeParameter('payloadMode', itemIndex) === 'fields') {
		const payload: Record<string, unknown> = {};
		for (const field of CALL_END_FIELDS)
			payload[field.wire] = String(context.getNodeParameter(field.wire, itemIndex, '') ?? '');
		return { payload, issues: validateCallEnd(payload).issues };
	}
	const json = parseIfJsonText(
		context.getNodeParameter('payloadJson', itemIndex),
		'payloadJson',
		() => 'Payload JSON',
	);
	if (!json.ok) return { payload: {}, issues: [json.issue] };
	const { issues } = validateCallEnd(json.value);
	return { payload: isPlainObject(json.value) ? json.value : {}, issues };
}

/** Whether this run consults and records the delivered memory: production runs only. */
function remembersDelivered(context: IExecuteFunctions, options: CallEndOptions): boolean {
	return options.skipDelivered !== false && context.getMode() !== 'manual';
}

/**
 * Claims the call ids in n8n's deduplication store: the ones it already holds were delivered by an
 * earlier run (or are being delivered by a concurrent one). Claims that do not end in SUCCESS are
 * released after the deliveries, so that a later run sends them again.
 */
async function claimUndelivered(
	context: IExecuteFunctions,
	callIds: string[],
): Promise<Set<string>> {
	if (callIds.length === 0) return new Set();
	// n8n creates the store's row on first use: of runs doing that at once, all but one fail on its
	// unique key (measured on 2.8.4). The row exists then, so trying again succeeds.
	for (let attempt = 1; ; attempt++) {
		try {
			const { processed } = await context.helpers.checkProcessedAndRecord(
				callIds,
				'node',
				DELIVERED_MEMORY,
			);
			return new Set(processed.map(String));
		} catch (error) {
			if (attempt >= CLAIM_ATTEMPTS)
				throw new NodeOperationError(context.getNode(), error as Error);
		}
	}
}

interface CallJob {
	itemIndex: number;
	callId: string;
	payload: Record<string, unknown>;
}

/**
 * The calls to deliver, each tpCallID once per run (the first item naming it) and, when the run
 * remembers, not again once an earlier run delivered it; the others as `skipped` items.
 */
async function queueCalls(
	context: IExecuteFunctions,
	valid: Array<{ itemIndex: number; payload: Record<string, unknown> }>,
	remember: boolean,
): Promise<{ jobs: CallJob[]; skipped: INodeExecutionData[] }> {
	const firstIndexOf = new Map<string, number>();
	for (const { itemIndex, payload } of valid)
		if (!firstIndexOf.has(payload.tpCallID as string))
			firstIndexOf.set(payload.tpCallID as string, itemIndex);
	const delivered = remember
		? await claimUndelivered(context, [...firstIndexOf.keys()])
		: new Set();
	const jobs: CallJob[] = [];
	const skipped: INodeExecutionData[] = [];
	for (const { itemIndex, payload } of valid) {
		const callId = payload.tpCallID as string;
		const first = firstIndexOf.get(callId) as number;
		const reason = delivered.has(callId)
			? 'already delivered by an earlier run (tpCallID idempotency)'
			: first !== itemIndex
				? `same tpCallID as item ${first}, sent once`
				: undefined;
		if (reason)
			skipped.push({
				json: { callId, status: 'skipped', reason },
				pairedItem: { item: itemIndex },
			});
		else jobs.push({ itemIndex, callId, payload });
	}
	return { jobs, skipped };
}

/** Each call-end event delivered once per tpCallID, retried until True Pulse answers SUCCESS. */
export async function execute(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const options = context.getNodeParameter('options', 0, {}) as CallEndOptions;
	const built = context
		.getInputData()
		.map((_, itemIndex) => ({ itemIndex, ...readPayload(context, itemIndex) }));
	const output = refuseInvalidItems(context, 'call-end event', built);
	const timeout = requestTimeout(options, TRUE_PULSE_DELIVERY);
	const post = await posterFor(context, TRUE_PULSE_CREDENTIAL, ENDPOINT_FIELD, timeout);

	const remember = remembersDelivered(context, options);
	const valid = built.filter((item) => item.issues.length === 0);
	const { jobs, skipped } = await queueCalls(context, valid, remember);
	output.push(...skipped);
	const policy = deliveryPolicy(
		options,
		TRUE_PULSE_DELIVERY,
		(options.maxTotalSeconds ?? DEFAULT_MAX_TOTAL_SECONDS) * 1000,
		context.getExecutionCancelSignal?.(),
	);
	const outcomes = await deliverAll(jobs, async (job) => await post(job.payload), policy);

	const undelivered = jobs.filter((_, index) => !outcomes[index].delivered);
	if (remember && undelivered.length > 0)
		await context.helpers.removeProcessed(
			undelivered.map((job) => job.callId),
			'node',
			DELIVERED_MEMORY,
		);
	const results = jobs.map((job, index) => ({
		outcome: outcomes[index],
		itemIndex: job.itemIndex,
		label: `call ${job.callId}`,
	}));
	if (!context.continueOnFail()) throwUnlessAllDelivered(context, results);

	results.forEach(({ outcome, itemIndex }, index) => {
		const json: IDataObject = { callId: jobs[index].callId, ...outcomeJson(outcome) };
		if (options.includePayload) json.payload = jobs[index].payload as IDataObject;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	return inInputOrder(output);
}
