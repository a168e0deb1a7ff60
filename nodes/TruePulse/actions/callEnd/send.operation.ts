import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { type DedupStore, dedupStoreFor } from '../../../shared/webhook/dedupStore';
import { deliverAll } from '../../../shared/delivery/engine';
import { type DeliveryOptionValues, deliveryPolicy } from '../../../shared/delivery/options';
import { posterFor } from '../../../shared/delivery/http';
import {
	errorItem,
	inInputOrder,
	outcomeJson,
	stopIfInvalid,
	throwUnlessAllDelivered,
} from '../../../shared/output';
import { CALL_END_FIELDS, validateCallEnd } from '../../callEnd';
import { type ValidationIssue, isPlainObject, parseIfJsonText } from '../../../shared/validation';
import {
	DEFAULT_MAX_TOTAL_SECONDS,
	ENDPOINT_FIELD,
	TRUE_PULSE_CREDENTIAL,
	TRUE_PULSE_DELIVERY,
} from '../../transport';

const DELIVERED_KEY = 'delivered';

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
	const json = parseIfJsonText(context.getNodeParameter('payloadJson', itemIndex), 'Payload JSON');
	if (!json.ok) return { payload: {}, issues: [json.issue] };
	const { issues } = validateCallEnd(json.value);
	return { payload: isPlainObject(json.value) ? json.value : {}, issues };
}

function deliveredStore(
	context: IExecuteFunctions,
	options: CallEndOptions,
): DedupStore | undefined {
	if (options.skipDelivered === false || context.getMode() === 'manual') return undefined;
	const scope = `${context.getWorkflow().id}:${context.getNode().id}:delivered`;
	const staticData = context.getWorkflowStaticData('node');
	return dedupStoreFor(
		scope,
		{ retentionHours: 24 * 30, maxEntries: 100000 },
		staticData[DELIVERED_KEY],
		Date.now(),
	);
}

/** Each call-end event delivered once per tpCallID, retried until True Pulse answers SUCCESS. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	// eslint-disable-next-line @typescript-eslint/no-this-alias -- the execute context, named for the closures below
	const context = this;
	const options = context.getNodeParameter('options', 0, {}) as CallEndOptions;
	const continueOnFail = context.continueOnFail();
	const built = context
		.getInputData()
		.map((_, itemIndex) => ({ itemIndex, ...readPayload(context, itemIndex) }));
	const invalid = built.filter((item) => item.issues.length > 0);
	const describeIssues = (item: (typeof built)[number]) =>
		`Item ${item.itemIndex}: ${item.issues.map((i) => i.message).join('; ')}`;
	stopIfInvalid(
		context,
		'call-end event',
		invalid.map((item) => ({
			itemIndex: item.itemIndex,
			firstProblem: item.issues[0].message,
			allProblems: describeIssues(item),
		})),
	);
	const post = await posterFor(
		context,
		TRUE_PULSE_CREDENTIAL,
		ENDPOINT_FIELD,
		options.timeout ?? TRUE_PULSE_DELIVERY.defaults.timeoutMs,
	);

	const store = deliveredStore(context, options);
	const output: INodeExecutionData[] = invalid.map((item) =>
		errorItem(item.itemIndex, describeIssues(item)),
	);
	const queued = new Map<string, number>();
	const jobs: Array<{ itemIndex: number; callId: string; payload: Record<string, unknown> }> = [];
	for (const { itemIndex, payload, issues } of built) {
		if (issues.length > 0) continue;
		const callId = payload.tpCallID as string;
		const skipReason = store?.has(callId)
			? 'already delivered by an earlier run (tpCallID idempotency)'
			: queued.has(callId)
				? `same tpCallID as item ${queued.get(callId)}, sent once`
				: undefined;
		if (skipReason) {
			output.push({
				json: { callId, status: 'skipped', reason: skipReason },
				pairedItem: { item: itemIndex },
			});
			continue;
		}
		queued.set(callId, itemIndex);
		jobs.push({ itemIndex, callId, payload });
	}

	const policy = deliveryPolicy(
		options,
		TRUE_PULSE_DELIVERY,
		(options.maxTotalSeconds ?? DEFAULT_MAX_TOTAL_SECONDS) * 1000,
	);
	const outcomes = await deliverAll(jobs, (job) => post(job.payload), policy);

	if (store) {
		outcomes.forEach(
			(outcome, index) => outcome.delivered && store.commit(jobs[index].callId, Date.now()),
		);
		context.getWorkflowStaticData('node')[DELIVERED_KEY] = store.serialize(
			Date.now(),
		) as unknown as IDataObject;
	}
	const results = jobs.map((job, index) => ({
		outcome: outcomes[index],
		itemIndex: job.itemIndex,
		label: `call ${job.callId}`,
	}));
	if (!continueOnFail) throwUnlessAllDelivered(context, results);

	results.forEach(({ outcome, itemIndex }, index) => {
		const json: IDataObject = { callId: jobs[index].callId, ...outcomeJson(outcome) };
		if (options.includePayload) json.payload = jobs[index].payload as IDataObject;
		output.push({ json, pairedItem: { item: itemIndex } });
	});
	return inInputOrder(output);
}
