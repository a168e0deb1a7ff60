/**
 * A trigger's webhook() called the way n8n's webhook server calls it, with a hand-made webhook
 * context. This is the one thing n8n-core cannot host in a unit test: its WebhookContext needs the
 * HTTP request and response of n8n's webhook server (and the execution it starts lives in n8n's
 * server, not in WorkflowExecute). Action nodes run through n8n-core's real executor instead
 * (./executor.ts); the triggers run in real n8n in the end-to-end suite (test/e2e).
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeType,
	IWebhookFunctions,
} from 'n8n-workflow';

export interface WebhookCall {
	method?: string;
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	/** The parsed body as n8n hands it over (an object for JSON, a string for text). */
	body?: unknown;
	rawBody?: Buffer;
}

export interface WebhookResult {
	status: number;
	body: unknown;
	/** What started the workflow, if anything. */
	items?: IDataObject[];
	/** Plays n8n answering after the run (acknowledge-after-success mode); returns what the sender got. */
	finishRun?: (succeeded: boolean) => { status: number; body: unknown };
}

export interface WebhookState {
	staticData: IDataObject;
	workflowId?: string;
	mode?: string;
	failToStart?: boolean;
	/** The node's version; 1 unless given. */
	typeVersion?: number;
	/** Credentials by type, as getCredentials returns them decrypted; absent types throw as n8n does. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Filled with every credential type and parameter name the node reads, in order. */
	reads?: string[];
	/** What n8n does between webhook() and reading its answer (it creates the execution). */
	startExecution?: () => void;
}

/** A trigger's webhook() with a request, the way n8n calls it; state carries static data between calls. */
export async function callWebhook(
	node: INodeType,
	parameters: Record<string, unknown>,
	call: WebhookCall,
	state: WebhookState = { staticData: {} },
): Promise<WebhookResult> {
	const headers = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...(call.headers ?? {}) }).map(
			([k, v]) => [k.toLowerCase(), v],
		),
	);
	const rawBody =
		call.rawBody ??
		(call.body === undefined
			? undefined
			: Buffer.from(typeof call.body === 'string' ? call.body : JSON.stringify(call.body)));
	const res = {
		statusCode: 200,
		sent: undefined as unknown,
		status(code: number) {
			this.statusCode = code;
			return this;
		},
		json(body: unknown) {
			this.sent = body;
			return this;
		},
		send(body: unknown) {
			this.sent = body;
			return this;
		},
	};
	const context = {
		getNode: () => ({
			id: 'trigger-node',
			name: 'Trigger',
			type: node.description.name,
			typeVersion: state.typeVersion ?? 1,
			position: [0, 0],
			parameters: {},
		}),
		getWorkflow: () => ({ id: state.workflowId ?? 'wf-1', active: true }),
		getMode: () => state.mode ?? 'webhook',
		getWorkflowStaticData: () => state.staticData,
		getRequestObject: () => ({
			method: call.method ?? 'POST',
			headers,
			query: call.query ?? {},
			body: call.body,
			rawBody,
		}),
		getResponseObject: () => res,
		getNodeParameter(name: string, fallback?: unknown) {
			state.reads?.push(`parameter:${name}`);
			return name in parameters ? parameters[name] : fallback;
		},
		async getCredentials(type: string) {
			state.reads?.push(`credential:${type}`);
			const credential = state.credentials?.[type];
			if (!credential)
				throw new Error(`Node "Trigger" does not have any credentials set for "${type}"`);
			return credential;
		},
	} as unknown as IWebhookFunctions;
	const result = await node.webhook!.call(context);
	const items = result.workflowData?.[0].map((item) => item.json);
	if (result.noWebhookResponse || !items) return { status: res.statusCode, body: res.sent, items };
	// n8n answers for the runs it starts: at once with webhookResponse ("respond when received"),
	// or with an error when it cannot create the execution; after the run in acknowledge mode.
	state.startExecution?.();
	if (state.failToStart)
		res.status(500).json({ code: 0, message: 'There was a problem executing the workflow' });
	else if (result.webhookResponse !== undefined) res.status(200).json(result.webhookResponse);
	return {
		status: res.statusCode,
		body: res.sent,
		items,
		finishRun(succeeded) {
			if (succeeded) res.status(200).json(undefined);
			else res.status(500).json({ message: 'Error in workflow' });
			return { status: res.statusCode, body: res.sent };
		},
	};
}
