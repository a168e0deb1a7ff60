/**
 * The thin layer between the trigger decisions and n8n's webhook functions, shared by both triggers.
 */
import type { IDataObject, IHookFunctions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { type DedupSettings, type DedupStore, dedupStoreFor } from './dedupStore';
import type { WebhookAuthSettings } from './webhookAuth';
import type { RawRequest, TriggerDecision } from './webhookRequest';

const STATIC_DATA_KEY = 'dedup';

export function rawRequest(context: IWebhookFunctions): RawRequest {
	const req = context.getRequestObject() as unknown as RawRequest & { rawBody?: Buffer };
	return { method: req.method, headers: req.headers, query: req.query ?? {}, body: req.body, rawBody: req.rawBody };
}

export function authSettings(context: IWebhookFunctions): WebhookAuthSettings {
	const method = context.getNodeParameter('authentication', 'urlKey') as WebhookAuthSettings['method'];
	const value = (name: string) => String(context.getNodeParameter(name, ''));
	if (method === 'urlKey') return { method, urlKey: value('urlKey') };
	if (method === 'header') return { method, headerName: value('headerName'), headerValue: value('headerValue') };
	if (method === 'basic') return { method, user: value('user'), password: value('password') };
	return { method };
}

/**
 * The node's dedup store, or undefined when deduplication is off. Test runs from the editor get
 * none, so the same sample event can be sent again while building the workflow.
 */
export function dedupStore(context: IWebhookFunctions, options: IDataObject): DedupStore | undefined {
	if (options.deduplicate === false || context.getMode() === 'manual') return undefined;
	const settings: DedupSettings = {
		retentionHours: Number(options.retentionHours ?? 96),
		maxEntries: Number(options.maxRemembered ?? 100000),
	};
	const scope = `${context.getWorkflow().id}:${context.getNode().id}`;
	return dedupStoreFor(scope, settings, context.getWorkflowStaticData('node')[STATIC_DATA_KEY], Date.now());
}

/** Writes the whole remembered set into static data; n8n saves it when the webhook answers. */
export function persistDedup(context: IWebhookFunctions, store: DedupStore | undefined): void {
	if (store) context.getWorkflowStaticData('node')[STATIC_DATA_KEY] = store.serialize(Date.now()) as unknown as IDataObject;
}

/**
 * Answers the sender ourselves and hands the item to n8n without a response of its own: n8n's
 * "respond when received" would send its own body, not the one each sender's spec demands.
 */
export function answer(context: IWebhookFunctions, decision: TriggerDecision): IWebhookResponseData {
	context.getResponseObject().status(decision.status).json(decision.response);
	if (!decision.item) return { noWebhookResponse: true };
	return { workflowData: [[{ json: decision.item }]], noWebhookResponse: true };
}

/**
 * Acknowledge-after-the-run: n8n answers when the workflow has finished (2xx when it succeeded,
 * 500 when it failed); this rewrites that answer into the sender's own format, exactly once, and
 * tells the caller how the run went (to remember or forget the event).
 */
export function answerAfterRun(
	context: IWebhookFunctions,
	item: IDataObject,
	translate: (succeeded: boolean, n8nBody: unknown) => { status: number; body: IDataObject },
): IWebhookResponseData {
	const res = context.getResponseObject();
	const { json, send } = res;
	let settled = false;
	const settle = (n8nBody: unknown) => {
		res.json = json;
		res.send = send;
		if (settled) return res;
		settled = true;
		const { status, body } = translate(res.statusCode < 400, n8nBody);
		return res.status(status).json(body);
	};
	res.json = settle as typeof res.json;
	res.send = settle as typeof res.send;
	return { workflowData: [[{ json: item }]] };
}

export const DEDUP_OPTIONS = [
	{
		displayName: 'Deduplicate',
		name: 'deduplicate',
		type: 'boolean' as const,
		default: true,
		description: 'Whether a repeated delivery of the same event is answered but starts nothing',
	},
	{
		displayName: 'Remember IDs For (Hours)',
		name: 'retentionHours',
		type: 'number' as const,
		typeOptions: { minValue: 1, maxValue: 24 * 60 },
		default: 96,
		description: "How long an event ID is remembered. 96 hours covers Truecaller's retries, the last about 78 hours after the first try.",
	},
	{
		displayName: 'Max Remembered IDs',
		name: 'maxRemembered',
		type: 'number' as const,
		typeOptions: { minValue: 100, maxValue: 1000000 },
		default: 100000,
		description: 'Upper bound on remembered IDs (about 16 bytes each in the database); past it the oldest hours are forgotten first',
	},
];

/**
 * Lifecycle of a webhook that is registered by hand (pasted into the sender's console): there is
 * nothing to check, create or delete on the sender's side.
 */
export const REGISTERED_BY_HAND = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async create(this: IHookFunctions): Promise<boolean> {
		return true;
	},
	async delete(this: IHookFunctions): Promise<boolean> {
		return true;
	},
};
