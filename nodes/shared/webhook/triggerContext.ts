/**
 * The thin layer between the trigger decisions and n8n's webhook functions, shared by both triggers.
 */
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEDUP_DEFAULTS, type DedupSettings, type DedupStore, dedupStoreFor } from './dedupStore';
import {
	WEBHOOK_SECRET_CREDENTIALS,
	type WebhookAuthMethod,
	type WebhookAuthSettings,
	checkAuthSettings,
	checkWebhookAuth,
	missingSecret,
	settingsFromCredential,
	unusableSecret,
} from './auth';
import { type RawRequest, type Rejection, type TriggerDecision, refuseMethod } from './request';
import { reuseSecret } from './secretCache';

const STATIC_DATA_KEY = 'dedup';

export function rawRequest(context: IWebhookFunctions): RawRequest {
	const req = context.getRequestObject() as unknown as RawRequest & { rawBody?: Buffer };
	return {
		method: req.method,
		headers: req.headers,
		query: req.query ?? {},
		body: req.body,
		rawBody: req.rawBody,
	};
}

export function authSettings(context: IWebhookFunctions): WebhookAuthSettings {
	const method = context.getNodeParameter(
		'authentication',
		'urlKey',
	) as WebhookAuthSettings['method'];
	const value = (name: string) => String(context.getNodeParameter(name, ''));
	if (method === 'urlKey') return { method, urlKey: value('urlKey') };
	if (method === 'header')
		return { method, headerName: value('headerName'), headerValue: value('headerValue') };
	if (method === 'basic') return { method, user: value('user'), password: value('password') };
	return { method };
}

/** What a version 2 trigger hands on once it has authenticated the request itself. */
export const AUTHENTICATED: WebhookAuthSettings = { method: 'none' };

/**
 * A node's credential of this type as a request needs it: none, or one n8n cannot read, is empty
 * (never a pass), and n8n's error, which may name the credential's id, reaches no sender.
 */
export async function credentialOrEmpty(
	context: IWebhookFunctions,
	type: string,
): Promise<Record<string, unknown>> {
	try {
		return (await context.getCredentials(type)) ?? {};
	} catch {
		return {};
	}
}

/**
 * Version 2: the request is authenticated before any other parameter is read, with the secret from
 * the method's credential. The credential (a database read and a decryption) is read only when the
 * request carries a secret to compare, never with method none, and then reused for a few seconds
 * (secretCache.ts says what that means for a changed secret). Messages name no secret.
 */
export async function refuseUnauthenticated(
	context: IWebhookFunctions,
	request: RawRequest,
): Promise<Rejection | undefined> {
	const wrongMethod = refuseMethod(request);
	if (wrongMethod) return wrongMethod;
	const method = context.getNodeParameter('authentication', 'urlKey') as WebhookAuthMethod;
	if (method === 'none') return undefined;
	const missing = missingSecret(method, request);
	if (missing) return { status: 401, reason: missing };
	const type = WEBHOOK_SECRET_CREDENTIALS[method];
	const credentialId = context.getNode().credentials?.[type]?.id;
	const scope = credentialId
		? `${context.getWorkflow().id}:${context.getNode().id}:${type}:${credentialId}`
		: undefined;
	const settings = await reuseSecret(scope, Date.now(), async () =>
		settingsFromCredential(method, await credentialOrEmpty(context, type)),
	);
	const setupProblem = checkAuthSettings(settings);
	if (setupProblem)
		return {
			status: 500,
			reason: `The trigger is not set up: its credential is missing or incomplete (${setupProblem})`,
		};
	const authProblem = checkWebhookAuth(settings, request);
	return authProblem ? { status: 401, reason: authProblem } : undefined;
}

/**
 * The node's dedup store, or undefined when deduplication is off. Test runs from the editor get
 * none, so the same sample event can be sent again while building the workflow.
 */
export function dedupStore(
	context: IWebhookFunctions,
	options: IDataObject,
): DedupStore | undefined {
	if (options.deduplicate === false || context.getMode() === 'manual') return undefined;
	const settings: DedupSettings = {
		retentionHours: Number(options.retentionHours ?? DEDUP_DEFAULTS.retentionHours),
		maxEntries: Number(options.maxRemembered ?? DEDUP_DEFAULTS.maxEntries),
	};
	const scope = `${context.getWorkflow().id}:${context.getNode().id}`;
	return dedupStoreFor(
		scope,
		settings,
		context.getWorkflowStaticData('node')[STATIC_DATA_KEY],
		Date.now(),
	);
}

/** Writes the whole remembered set into the node's static data, which n8n saves with its answer. */
function persistDedup(context: IWebhookFunctions, store: DedupStore | undefined): void {
	if (store)
		context.getWorkflowStaticData('node')[STATIC_DATA_KEY] = store.serialize(
			Date.now(),
		) as unknown as IDataObject;
}

/**
 * Writes the remembered set if the static data read for this request lacks some of it (ids taken
 * after the last save, or erased by another node's save). n8n saves it with this answer where
 * nothing starts, and on n8n 2.8 also where a run starts.
 */
function catchUp(context: IWebhookFunctions, store: DedupStore | undefined): void {
	if (store && !store.isSavedIn(context.getWorkflowStaticData('node')[STATIC_DATA_KEY]))
		persistDedup(context, store);
}

/**
 * The webhook's answer, with the remembered set written into static data when n8n reads the answer
 * body. n8n 2.41 starts the execution between webhook() and its save of static data, and starting
 * it clears the "changed" mark of that same static data object
 * (`WorkflowRunner.establishContextForPersistence` wraps it in a second Workflow), so a write made
 * in webhook() is not saved there. n8n reads the body of a "respond when received" answer after the
 * execution was created and just before it saves static data (2.8 and 2.41 alike): a write then is
 * saved, and it happens only for an event whose execution n8n did create. n8n reads the body twice;
 * one write is enough.
 */
function answerPersistingLate(
	context: IWebhookFunctions,
	dedup: DedupStore | undefined,
	workflowData: INodeExecutionData[][],
	webhookResponse: IDataObject,
): IWebhookResponseData {
	let written = false;
	return {
		workflowData,
		get webhookResponse() {
			if (!written) persistDedup(context, dedup);
			written = true;
			return webhookResponse;
		},
	};
}

/**
 * Lets `rewrite` see, and change, the answer n8n finally sends for a run we started: n8n answers
 * through res.json/res.send after res.status, in every version from 2.8 on. Called exactly once.
 */
function interceptAnswer(
	context: IWebhookFunctions,
	rewrite: (status: number, body: unknown) => { status: number; body: unknown },
): void {
	const res = context.getResponseObject();
	const { json, send } = res;
	let settled = false;
	const settle = (body: unknown) => {
		res.json = json;
		res.send = send;
		if (settled) return res;
		settled = true;
		const answer = rewrite(res.statusCode, body);
		return res.status(answer.status).json(answer.body);
	};
	res.json = settle as typeof res.json;
	res.send = settle as typeof res.send;
}

/** What the editor shows for a test request that a production run would not take. */
export function notTakenItem(decision: TriggerDecision): IDataObject {
	return {
		accepted: false,
		httpStatus: decision.status,
		reason: String(decision.response.message ?? decision.response.status ?? ''),
		answer: decision.response,
		note: `Test event not taken: the sender was answered HTTP ${decision.status}. In production this request starts nothing.`,
	};
}

const asItems = (items: IDataObject[]): INodeExecutionData[] => items.map((json) => ({ json }));

/**
 * Refusals and requests that start nothing are answered here (and, while the editor listens for a
 * test event, shown there as one item). An accepted event is remembered
 * (persisted with n8n's answer) and answered by n8n itself, with our body, once it has created the
 * execution ("respond when received"): should n8n fail to create it, its error reaches the sender,
 * who retries, and the event is forgotten so that the retry is not taken for a duplicate.
 */
export function answer(
	context: IWebhookFunctions,
	decision: TriggerDecision,
	dedup: DedupStore | undefined,
): IWebhookResponseData {
	if (!decision.items?.length) {
		// Nothing starts, so n8n saves what is written now.
		catchUp(context, dedup);
		context.getResponseObject().status(decision.status).json(decision.response);
		if (context.getMode() !== 'manual') return { noWebhookResponse: true };
		// Listening for a test event: the editor shows only what a run outputs, so the request that
		// starts nothing in production still runs once here, with an item saying why it was not taken.
		return { noWebhookResponse: true, workflowData: [[{ json: notTakenItem(decision) }]] };
	}
	interceptAnswer(context, (status, body) => {
		if (status >= 400 && decision.claimedIds?.length) {
			for (const id of decision.claimedIds) dedup?.forget(id);
			persistDedup(context, dedup);
		}
		return { status, body };
	});
	return answerPersistingLate(context, dedup, [asItems(decision.items)], decision.response);
}

/**
 * Acknowledge-after-the-run: n8n answers when the workflow has finished (2xx when it succeeded,
 * 500 when it failed). The event, claimed as pending, is remembered only if the run succeeded, and
 * `respond` turns the outcome into the sender's own answer.
 */
export function answerAfterRun(
	context: IWebhookFunctions,
	decision: TriggerDecision,
	dedup: DedupStore | undefined,
	respond: (succeeded: boolean) => { status: number; body: IDataObject },
): IWebhookResponseData {
	if (!decision.items?.length) return answer(context, decision, dedup);
	catchUp(context, dedup);
	const ids = decision.claimedIds ?? [];
	interceptAnswer(context, (status) => {
		const succeeded = status < 400;
		if (succeeded) {
			for (const id of ids) dedup?.commit(id, Date.now());
			persistDedup(context, dedup);
		} else {
			for (const id of ids) dedup?.release(id);
		}
		return respond(succeeded);
	});
	return { workflowData: [asItems(decision.items)] };
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
		default: DEDUP_DEFAULTS.retentionHours,
		description:
			"How long an event ID is remembered. 96 hours covers Truecaller's retries, the last about 78 hours after the first try.",
	},
	{
		displayName: 'Max Remembered IDs',
		name: 'maxRemembered',
		type: 'number' as const,
		typeOptions: { minValue: 100, maxValue: 1000000 },
		default: DEDUP_DEFAULTS.maxEntries,
		description:
			"Upper bound on remembered IDs (11 bytes each in the workflow's static data, which n8n writes whole with every new event); past it the oldest are forgotten first, 1,024 at a time",
	},
];

/** The name the user gave the node's credential of this type, for messages. */
export function credentialNameOf(context: IHookFunctions, type: string): string {
	return context.getNode().credentials?.[type]?.name ?? type;
}

/**
 * Lifecycle of a webhook that is registered by hand (pasted into the sender's console): there is
 * nothing to check, create or delete on the sender's side. n8n runs checkExists when the workflow
 * is published and when the editor listens for a test event: there the trigger refuses a secret
 * credential that cannot work (`unusableCredential` says why), since no credential test can try it.
 */
export function registeredByHand(
	unusableCredential: (context: IHookFunctions) => Promise<string | undefined>,
) {
	return {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			const problem = await unusableCredential(this);
			if (problem) throw new NodeOperationError(this.getNode(), problem);
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	};
}

/** The Truecaller and True Pulse Triggers: a version 2 trigger's secret credential of unusable form. */
export const REGISTERED_BY_HAND = registeredByHand(async (context) => {
	if (context.getNode().typeVersion < 2) return undefined;
	const method = context.getNodeParameter('authentication', 'urlKey') as WebhookAuthMethod;
	if (method === 'none') return undefined;
	const type = WEBHOOK_SECRET_CREDENTIALS[method];
	const credential = await context.getCredentials(type);
	return unusableSecret(method, credential, credentialNameOf(context, type));
});
